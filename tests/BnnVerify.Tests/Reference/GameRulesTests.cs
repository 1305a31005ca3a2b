using BnnVerify.Verifier.Reference.TicTacToe;

namespace BnnVerify.Tests.Reference;

public class GameRulesTests
{
    private static readonly IReadOnlyList<Board> Legal = LegalPositions.All;

    private static IEnumerable<string> Independent => IndependentTicTacToe.ReachablePositions;

    [Fact]
    public void Legal_positions_are_exactly_those_reached_by_playing_from_the_empty_board()
    {
        var handwritten = Legal.Select(board => board.ToString().Replace("/", "", StringComparison.Ordinal)).ToHashSet();
        var reached = Independent.Select(IndependentTicTacToe.ToParseable).ToHashSet();

        Assert.Equal(reached.Count, handwritten.Count);
        Assert.True(handwritten.SetEquals(reached), "the legality rules and the game tree disagree");
    }

    [Fact]
    public void There_are_5478_legal_positions_in_both_enumerations()
    {
        Assert.Equal(5478, Legal.Count);
        Assert.Equal(5478, IndependentTicTacToe.ReachablePositions.Count);
    }

    [Fact]
    public void Legal_positions_by_number_of_pieces_match_the_published_counts()
    {
        int[] published = [1, 9, 72, 252, 756, 1260, 1520, 1140, 390, 78];

        int[] handwritten = new int[10];
        foreach (Board board in Legal)
        {
            handwritten[9 - board.Count(Mark.Empty)]++;
        }
        int[] independent = new int[10];
        foreach (string board in Independent)
        {
            independent[board.Count(c => c != '.')]++;
        }

        Assert.Equal(published, handwritten);
        Assert.Equal(published, independent);
    }

    [Fact]
    public void Terminal_positions_are_958_with_626_x_wins_316_o_wins_and_16_draws()
    {
        var handwritten = Legal.Select(GameRules.Outcome).Where(outcome => outcome != GameOutcome.InProgress)
            .GroupBy(outcome => outcome).ToDictionary(group => group.Key, group => group.Count());
        var independent = Independent.Where(IndependentTicTacToe.IsOver)
            .GroupBy(IndependentTicTacToe.LineHolder).ToDictionary(group => group.Key, group => group.Count());

        Assert.Equal(958, handwritten.Values.Sum());
        Assert.Equal(626, handwritten[GameOutcome.XWins]);
        Assert.Equal(316, handwritten[GameOutcome.OWins]);
        Assert.Equal(16, handwritten[GameOutcome.Draw]);
        Assert.Equal(626, independent['x']);
        Assert.Equal(316, independent['o']);
        Assert.Equal(16, independent['.']);
        Assert.Equal(958, Legal.Count(GameRules.IsTerminal));
    }

    [Fact]
    public void O_is_to_move_in_2739_positions_of_which_2097_are_unfinished()
    {
        var oToMove = Legal.Where(board => GameRules.SideToMove(board) == Side.O).ToList();
        var independentOToMove = Independent.Where(board => IndependentTicTacToe.Mover(board) == 'o').ToList();

        Assert.Equal(2739, oToMove.Count);
        Assert.Equal(2739, independentOToMove.Count);
        Assert.Equal(2097, oToMove.Count(board => !GameRules.IsTerminal(board)));
        Assert.Equal(2097, independentOToMove.Count(board => !IndependentTicTacToe.IsOver(board)));
    }

    [Fact]
    public void Legal_positions_come_in_ascending_code_order_starting_with_the_empty_board()
    {
        Assert.Equal(Board.Empty, Legal[0]);
        for (int i = 1; i < Legal.Count; i++)
        {
            Assert.True(Legal[i - 1].Code < Legal[i].Code, $"{Legal[i - 1]} before {Legal[i]}");
        }
    }

    [Theory]
    [InlineData("XX./.../...", "X has two pieces more than O")]
    [InlineData("O../.../...", "O cannot move first")]
    [InlineData("XXX/OOO/X..", "both sides have a line")]
    [InlineData("XXX/OO./O..", "X completed a line but O moved afterwards")]
    [InlineData("OOO/XX./X.X", "O completed a line but X moved afterwards")]
    public void Impossible_positions_are_illegal(string text, string why)
    {
        Assert.False(GameRules.IsLegal(Board.Parse(text)), why);
    }

    [Theory]
    [InlineData("XXX/OO./...", GameOutcome.XWins)]
    [InlineData("OOO/XX./X..", GameOutcome.OWins)]
    [InlineData("XOX/XOO/OXX", GameOutcome.Draw)]
    [InlineData("X.X/XOO/O.X", GameOutcome.InProgress)]
    [InlineData("XXX/OXO/OOX", GameOutcome.XWins)]
    public void Outcome_names_the_winner_or_the_draw(string text, GameOutcome expected)
    {
        Assert.Equal(expected, GameRules.Outcome(Board.Parse(text)));
    }

    [Fact]
    public void X_moves_first_and_the_sides_alternate()
    {
        Board afterX = GameRules.Play(Board.Empty, 4);
        Board afterO = GameRules.Play(afterX, 0);

        Assert.Equal(Side.X, GameRules.SideToMove(Board.Empty));
        Assert.Equal(Mark.X, afterX[4]);
        Assert.Equal(Side.O, GameRules.SideToMove(afterX));
        Assert.Equal(Mark.O, afterO[0]);
        Assert.Equal(Side.X, GameRules.SideToMove(afterO));
    }

    [Fact]
    public void A_finished_game_has_no_moves_and_refuses_one()
    {
        Board won = Board.Parse("XXX/OO./...");

        Assert.Empty(GameRules.LegalMoves(won));
        Assert.Throws<ArgumentException>(() => GameRules.Play(won, 5));
        Assert.Equal([1, 7], GameRules.LegalMoves(Board.Parse("X.X/XOO/O.X")));
    }

    [Fact]
    public void Whose_turn_and_the_winner_are_refused_on_illegal_boards()
    {
        Board illegal = Board.Parse("XX./.../...");

        Assert.Throws<ArgumentException>(() => GameRules.SideToMove(illegal));
        Assert.Throws<ArgumentException>(() => GameRules.Winner(illegal));
    }
}
