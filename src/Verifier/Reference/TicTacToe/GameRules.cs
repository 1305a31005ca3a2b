namespace BnnVerify.Verifier.Reference.TicTacToe;

/// <summary>
/// The rules of tic-tac-toe with X moving first: which boards can arise in a game, whose turn it
/// is, when the game is over and how it ended.
/// </summary>
public static class GameRules
{
    /// <summary>
    /// Whether <paramref name="board"/> can arise in a game that starts empty, where X moves first,
    /// the sides alternate, and play stops as soon as a side completes a line. Exactly then: X has
    /// as many pieces as O or one more; not both sides have a line; if X has a line then X made the
    /// last move (one piece more than O); if O has a line then O made the last move (equal counts).
    /// A side may hold two lines at once (both completed by its last piece).
    /// </summary>
    public static bool IsLegal(Board board)
    {
        ArgumentNullException.ThrowIfNull(board);
        int xCount = board.Count(Mark.X);
        int oCount = board.Count(Mark.O);
        if (xCount != oCount && xCount != oCount + 1)
        {
            return false;
        }
        bool xLine = board.HasLine(Side.X);
        bool oLine = board.HasLine(Side.O);
        if (xLine && oLine)
        {
            return false;
        }
        // The side with a line must have made the last move, or the game would have stopped earlier.
        if (xLine && xCount != oCount + 1)
        {
            return false;
        }
        if (oLine && xCount != oCount)
        {
            return false;
        }
        return true;
    }

    /// <summary>
    /// The side whose turn it is on a legal board: X when the counts are equal, O when X has one
    /// more. On a finished board this names the side that would move next, were the game not over.
    /// </summary>
    /// <exception cref="ArgumentException">The board is not legal.</exception>
    public static Side SideToMove(Board board)
    {
        CheckLegal(board);
        return board.Count(Mark.X) == board.Count(Mark.O) ? Side.X : Side.O;
    }

    /// <summary>The side holding a line on a legal board, or <c>null</c> when neither does.</summary>
    /// <exception cref="ArgumentException">The board is not legal.</exception>
    public static Side? Winner(Board board)
    {
        CheckLegal(board);
        if (board.HasLine(Side.X))
        {
            return Side.X;
        }
        if (board.HasLine(Side.O))
        {
            return Side.O;
        }
        return null;
    }

    /// <summary>How a legal board stands: a win for either side, a draw (full, no line), or in progress.</summary>
    /// <exception cref="ArgumentException">The board is not legal.</exception>
    public static GameOutcome Outcome(Board board)
    {
        Side? winner = Winner(board);
        if (winner == Side.X)
        {
            return GameOutcome.XWins;
        }
        if (winner == Side.O)
        {
            return GameOutcome.OWins;
        }
        return board.IsFull ? GameOutcome.Draw : GameOutcome.InProgress;
    }

    /// <summary>Whether the game is over on a legal board: someone has a line or no cell is free.</summary>
    /// <exception cref="ArgumentException">The board is not legal.</exception>
    public static bool IsTerminal(Board board) => Outcome(board) != GameOutcome.InProgress;

    /// <summary>The cells the side to move may play, in ascending order; none once the game is over.</summary>
    /// <exception cref="ArgumentException">The board is not legal.</exception>
    public static IReadOnlyList<int> LegalMoves(Board board)
    {
        if (IsTerminal(board))
        {
            return [];
        }
        var moves = new List<int>(Board.CellCount);
        for (int cell = 0; cell < Board.CellCount; cell++)
        {
            if (board[cell] == Mark.Empty)
            {
                moves.Add(cell);
            }
        }
        return moves;
    }

    /// <summary>The board after the side to move plays <paramref name="cell"/>.</summary>
    /// <exception cref="ArgumentException">The board is not legal, the game is over, or the cell is taken.</exception>
    public static Board Play(Board board, int cell)
    {
        if (IsTerminal(board))
        {
            throw new ArgumentException($"The game on {board} is over; no move can be played.", nameof(board));
        }
        return board.Place(cell, SideToMove(board));
    }

    private static void CheckLegal(Board board)
    {
        if (!IsLegal(board))
        {
            throw new ArgumentException($"Board {board} cannot arise in a game with X moving first.", nameof(board));
        }
    }
}
