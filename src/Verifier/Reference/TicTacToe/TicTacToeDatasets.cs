using System.Text;

namespace BnnVerify.Verifier.Reference.TicTacToe;

/// <summary>
/// The two tic-tac-toe training sets bundled in <c>data/</c>, generated from the rules so their
/// provenance is this code. Rows come in a fixed order and end in <c>\n</c>, so the output is
/// byte-for-byte reproducible; a test compares it with the committed files.
/// </summary>
public static class TicTacToeDatasets
{
    /// <summary>The name of the move set: the rule-based player's choice on every position where O is to move.</summary>
    public const string MoveDatasetName = "tictactoe-move";

    /// <summary>The name of the winner set: which of the two roles holds a line, on every legal position seen from either side.</summary>
    public const string WinnerDatasetName = "tictactoe-winner";

    /// <summary>The names accepted by <see cref="Write"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [MoveDatasetName, WinnerDatasetName];

    /// <summary>Writes the data set called <paramref name="name"/> (one of <see cref="Names"/>) as CSV.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static void Write(string name, TextWriter writer)
    {
        switch (name)
        {
            case MoveDatasetName:
                WriteMoveDataset(writer);
                break;
            case WinnerDatasetName:
                WriteWinnerDataset(writer);
                break;
            default:
                throw new ArgumentException($"Unknown data set '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name));
        }
    }

    /// <summary>
    /// The positions of the move set: every legal board where O is to move and the game is not
    /// over (whether or not O's own earlier moves followed the rules), in ascending <see cref="Board.Code"/>.
    /// </summary>
    public static IReadOnlyList<Board> MoveDatasetPositions()
    {
        var positions = new List<Board>();
        foreach (Board board in LegalPositions.All)
        {
            if (!GameRules.IsTerminal(board) && GameRules.SideToMove(board) == Side.O)
            {
                positions.Add(board);
            }
        }
        return positions;
    }

    /// <summary>
    /// The rows of the winner set: every legal board (finished games included) seen first from X's
    /// side, then from O's, in ascending <see cref="Board.Code"/>; a view equal to an earlier one
    /// (the same pieces with the colours swapped) is left out, so no row repeats.
    /// </summary>
    /// <remarks>
    /// Both sides are used, not just the side to move, because on a legal board only the side that
    /// just moved can hold a line: from the mover's side alone <c>player_line</c> would always be 0.
    /// </remarks>
    public static IReadOnlyList<RoleView> WinnerDatasetViews()
    {
        var views = new List<RoleView>();
        var seen = new HashSet<RoleView>();
        foreach (Board board in LegalPositions.All)
        {
            foreach (Side player in new[] { Side.X, Side.O })
            {
                RoleView view = RoleView.Of(board, player);
                if (seen.Add(view))
                {
                    views.Add(view);
                }
            }
        }
        return views;
    }

    /// <summary>
    /// Writes the move set: columns <c>a0..a8</c> (O's pieces: O is the player to move),
    /// <c>h0..h8</c> (X's pieces) as 0/1, and <c>move</c> = <c>move0..move8</c>, the cell
    /// <see cref="RuleBasedPlayer"/> plays.
    /// </summary>
    public static void WriteMoveDataset(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteLine(writer, Header("move"));
        var row = new StringBuilder();
        foreach (Board board in MoveDatasetPositions())
        {
            RoleView view = RoleView.Of(board, Side.O);
            row.Clear();
            AppendInputs(row, view);
            row.Append(",move").Append(RuleBasedPlayer.ChooseMove(board));
            WriteLine(writer, row.ToString());
        }
    }

    /// <summary>
    /// Writes the winner set (rows as in <see cref="WinnerDatasetViews"/>): columns <c>a0..a8</c>,
    /// <c>h0..h8</c> as 0/1, then <c>player_line</c> and <c>opponent_line</c>, 1 when that role
    /// holds three in a line.
    /// </summary>
    public static void WriteWinnerDataset(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteLine(writer, Header("player_line,opponent_line"));
        var row = new StringBuilder();
        foreach (RoleView view in WinnerDatasetViews())
        {
            row.Clear();
            AppendInputs(row, view);
            row.Append(view.PlayerHasLine() ? ",1" : ",0");
            row.Append(view.OpponentHasLine() ? ",1" : ",0");
            WriteLine(writer, row.ToString());
        }
    }

    private static string Header(string targets) => string.Join(',', RoleView.InputNames) + "," + targets;

    private static void AppendInputs(StringBuilder row, RoleView view)
    {
        IReadOnlyList<bool> inputs = view.ToInputs();
        for (int input = 0; input < inputs.Count; input++)
        {
            if (input > 0)
            {
                row.Append(',');
            }
            row.Append(inputs[input] ? '1' : '0');
        }
    }

    /// <summary>Writes <paramref name="line"/> and '\n', never the platform's line end, so the files are the same everywhere.</summary>
    private static void WriteLine(TextWriter writer, string line)
    {
        writer.Write(line);
        writer.Write('\n');
    }
}
