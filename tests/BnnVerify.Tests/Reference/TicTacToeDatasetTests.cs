using System.Text;
using BnnVerify.Verifier.Reference.TicTacToe;

namespace BnnVerify.Tests.Reference;

public class TicTacToeDatasetTests
{
    private static string Generate(string name)
    {
        var writer = new StringWriter();
        TicTacToeDatasets.Write(name, writer);
        return writer.ToString();
    }

    private static string[] Rows(string csv)
    {
        Assert.EndsWith("\n", csv, StringComparison.Ordinal);
        return csv[..^1].Split('\n');
    }

    private static RoleView ViewOf(string row) =>
        RoleView.FromInputs(row.Split(',').Take(RoleView.InputCount).Select(field => field switch
        {
            "0" => false,
            "1" => true,
            _ => throw new FormatException($"'{field}' is not 0 or 1 in row {row}"),
        }).ToArray());

    [Theory]
    [InlineData("tictactoe-move")]
    [InlineData("tictactoe-winner")]
    public void The_committed_file_is_exactly_what_the_generator_writes_now(string name)
    {
        byte[] committed = File.ReadAllBytes(RepositoryFiles.PathOf(Path.Combine("data", name + ".csv")));
        byte[] generated = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Generate(name));

        Assert.True(committed.AsSpan().SequenceEqual(generated),
            $"data/{name}.csv differs from the generator; run `bnnverify dataset {name} --output data/{name}.csv` and review the diff");
    }

    [Theory]
    [InlineData("tictactoe-move")]
    [InlineData("tictactoe-winner")]
    public void Generation_is_deterministic_and_uses_bare_newlines(string name)
    {
        string first = Generate(name);

        Assert.Equal(first, Generate(name));
        Assert.DoesNotContain("\r", first, StringComparison.Ordinal);
    }

    [Fact]
    public void The_move_set_labels_every_unfinished_O_to_move_position_with_the_rule_based_move()
    {
        string[] rows = Rows(Generate(TicTacToeDatasets.MoveDatasetName));
        Assert.Equal(string.Join(',', RoleView.InputNames) + ",move", rows[0]);

        var positions = new HashSet<string>(StringComparer.Ordinal);
        foreach (string row in rows.Skip(1))
        {
            // a is O's pieces: O is the player to move.
            Board board = ViewOf(row).ToBoard(Side.O);
            string cells = board.ToString().Replace("/", "", StringComparison.Ordinal).ToLowerInvariant();

            Assert.Equal('o', IndependentTicTacToe.Mover(cells));
            Assert.False(IndependentTicTacToe.IsOver(cells), $"finished game {board} in the move set");
            Assert.Equal("move" + IndependentTicTacToe.OriginalProgramMove(cells), row.Split(',')[^1]);
            Assert.Equal("move" + RuleBasedPlayer.ChooseMove(board), row.Split(',')[^1]);
            Assert.True(positions.Add(cells), $"{board} appears twice");
        }

        var expected = IndependentTicTacToe.ReachablePositions
            .Where(cells => IndependentTicTacToe.Mover(cells) == 'o' && !IndependentTicTacToe.IsOver(cells));
        Assert.True(positions.SetEquals(expected), "the move set is not every unfinished position with O to move");
        Assert.Equal(2097, positions.Count);
    }

    [Fact]
    public void The_winner_set_holds_every_legal_position_from_both_sides_once_with_correct_line_labels()
    {
        string[] rows = Rows(Generate(TicTacToeDatasets.WinnerDatasetName));
        Assert.Equal(string.Join(',', RoleView.InputNames) + ",player_line,opponent_line", rows[0]);

        var views = new HashSet<RoleView>();
        int playerLines = 0;
        int opponentLines = 0;
        foreach (string row in rows.Skip(1))
        {
            RoleView view = ViewOf(row);
            // Read the labels against the independent line check, with the player drawn as 'x'.
            string cells = view.ToBoard(Side.X).ToString().Replace("/", "", StringComparison.Ordinal).ToLowerInvariant();
            string[] fields = row.Split(',');
            string playerLine = IndependentTicTacToe.LineHolder(cells) == 'x' ? "1" : "0";
            string opponentLine = IndependentTicTacToe.LineHolder(cells) == 'o' ? "1" : "0";

            Assert.Equal(RoleView.InputCount + 2, fields.Length);
            Assert.Equal(playerLine, fields[^2]);
            Assert.Equal(opponentLine, fields[^1]);
            Assert.True(views.Add(view), $"row {row} repeats");
            playerLines += playerLine == "1" ? 1 : 0;
            opponentLines += opponentLine == "1" ? 1 : 0;
        }

        var expected = new HashSet<RoleView>();
        foreach (string cells in IndependentTicTacToe.ReachablePositions)
        {
            Board board = Board.Parse(IndependentTicTacToe.ToParseable(cells));
            expected.Add(RoleView.Of(board, Side.X));
            expected.Add(RoleView.Of(board, Side.O));
        }
        Assert.True(views.SetEquals(expected), "the winner set is not every legal position seen from either side");
        Assert.Equal(8533, views.Count);
        // Each of the 942 won games appears once from the winner's side and once from the loser's.
        Assert.Equal(942, playerLines);
        Assert.Equal(942, opponentLines);
    }

    [Fact]
    public void An_unknown_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TicTacToeDatasets.Write("tictactoe-moves", new StringWriter()));
    }
}
