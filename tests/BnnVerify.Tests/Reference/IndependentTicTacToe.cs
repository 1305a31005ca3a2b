namespace BnnVerify.Tests.Reference;

/// <summary>
/// A second, deliberately different implementation of the game for the tests to compare against:
/// boards are strings of 'x', 'o' and '.', the lines are derived from geometry rather than listed,
/// and the legal positions are whatever a search of the game tree from the empty board reaches.
/// </summary>
internal static class IndependentTicTacToe
{
    /// <summary>Every triple of distinct cells whose grid points are collinear; on a 3×3 grid these are the lines.</summary>
    public static IReadOnlyList<(int, int, int)> Lines { get; } = CollinearTriples();

    /// <summary>Every position reached by playing out all games from the empty board, X first, stopping at a line or a full board.</summary>
    public static IReadOnlySet<string> ReachablePositions { get; } = SearchGameTree();

    /// <summary>'x' or 'o' if that side has three in a line, otherwise '.'.</summary>
    public static char LineHolder(string board)
    {
        foreach ((int first, int second, int third) in Lines)
        {
            if (board[first] != '.' && board[first] == board[second] && board[second] == board[third])
            {
                return board[first];
            }
        }
        return '.';
    }

    public static bool IsOver(string board) => LineHolder(board) != '.' || !board.Contains('.', StringComparison.Ordinal);

    /// <summary>Whose turn it is, by counting: X moves first.</summary>
    public static char Mover(string board)
    {
        int pieces = board.Count(c => c != '.');
        return pieces % 2 == 0 ? 'x' : 'o';
    }

    /// <summary>The board in the form <c>Board.Parse</c> reads.</summary>
    public static string ToParseable(string board) => board.ToUpperInvariant();

    /// <summary>
    /// The original program's computer move as read from its source, in its own shape: for each
    /// empty cell in order, put the mover's piece there and ask who has a line, then the
    /// opponent's; otherwise the first empty cell of 4, 0, 2, 6, 8, 1, 3, 5, 7.
    /// </summary>
    public static int OriginalProgramMove(string board)
    {
        char me = Mover(board);
        char other = me == 'x' ? 'o' : 'x';
        char[] cells = board.ToCharArray();
        for (int i = 0; i < 9; i++)
        {
            if (cells[i] != '.')
            {
                continue;
            }
            cells[i] = me;
            bool iWin = LineHolder(new string(cells)) == me;
            cells[i] = other;
            bool theyWin = LineHolder(new string(cells)) == other;
            cells[i] = '.';
            if (iWin || theyWin)
            {
                return i;
            }
        }
        int[] preference = [4, 0, 2, 6, 8, 1, 3, 5, 7];
        return preference.First(cell => cells[cell] == '.');
    }

    private static List<(int, int, int)> CollinearTriples()
    {
        var lines = new List<(int, int, int)>();
        for (int a = 0; a < 9; a++)
        {
            for (int b = a + 1; b < 9; b++)
            {
                for (int c = b + 1; c < 9; c++)
                {
                    int cross = (b / 3 - a / 3) * (c % 3 - a % 3) - (b % 3 - a % 3) * (c / 3 - a / 3);
                    if (cross == 0)
                    {
                        lines.Add((a, b, c));
                    }
                }
            }
        }
        return lines;
    }

    private static HashSet<string> SearchGameTree()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(".........");
        while (pending.Count > 0)
        {
            string board = pending.Pop();
            if (!seen.Add(board) || IsOver(board))
            {
                continue;
            }
            char mover = Mover(board);
            for (int i = 0; i < 9; i++)
            {
                if (board[i] == '.')
                {
                    pending.Push(board[..i] + mover + board[(i + 1)..]);
                }
            }
        }
        return seen;
    }
}
