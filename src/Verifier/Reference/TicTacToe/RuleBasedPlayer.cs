namespace BnnVerify.Verifier.Reference.TicTacToe;

/// <summary>
/// The computer player of the public program BackMountainDevil/TicTacToe, rewritten by role.
/// On its turn it scans cells 0..8 in order and plays the first empty cell where either itself or
/// its opponent would complete a line; if there is none it plays the first empty cell in the order
/// 4, 0, 2, 6, 8, 1, 3, 5, 7 (centre, corners, edges). In the original it plays O, second.
/// </summary>
/// <remarks>
/// Where the rules come from: <c>Client::AIInput</c> in <c>client.cpp</c> of
/// github.com/BackMountainDevil/TicTacToe (read through the code search at commits 0043343 and d83b370,
/// which agree; the earlier single-file <c>9.cpp</c> has the same rules). Facts taken from it, and ambiguities
/// resolved:
/// <list type="bullet">
/// <item>Wins and blocks are found in the same scan. For each empty cell in order it puts its own
/// piece there and asks whether it has won, then puts the opponent's piece there and asks whether
/// the opponent has won; the first cell where either holds is played. So a block on a lower cell
/// is preferred to a win on a higher one. The README lists "win, then block, then centre, corners,
/// others" as if wins came first; the code does not, and the code is what this class follows.</item>
/// <item>"Would complete a line" is tested in the original by placing the piece and checking the
/// whole board for a winner. The program only asks for a move while nobody has a line (its game
/// loop stops at the first line), so this is the same as: some line through the cell has its
/// other two cells held by that side. This class uses the second form and refuses positions where
/// a side already has a line, where the two forms could differ.</item>
/// <item>The fallback returns the cell taken from the order list. An earlier version of <c>9.cpp</c>
/// returned the position in the list instead of the cell (a bug fixed later); the fixed behaviour
/// is the one reproduced here.</item>
/// <item>In the original the human is player 1 (shown 'x', moves first) and the computer player 2
/// (shown 'A'); here that is X and O.</item>
/// </list>
/// </remarks>
public static class RuleBasedPlayer
{
    /// <summary>The fallback preference when no cell completes a line: centre, corners, then edges.</summary>
    public static IReadOnlyList<int> FallbackOrder { get; } = [4, 0, 2, 6, 8, 1, 3, 5, 7];

    /// <summary>The cell the rule-based player chooses for the side to move on a legal, unfinished board.</summary>
    /// <exception cref="ArgumentException">The board is not legal or the game on it is over.</exception>
    public static int ChooseMove(Board board)
    {
        if (GameRules.IsTerminal(board))
        {
            throw new ArgumentException($"The game on {board} is over; there is no move to choose.", nameof(board));
        }
        return ChooseMove(RoleView.ForSideToMove(board));
    }

    /// <summary>
    /// The cell the rule-based player chooses when it owns the <c>a</c> pieces of
    /// <paramref name="view"/>. The rules look only at roles, so this is the same choice as
    /// <see cref="ChooseMove(Board)"/> for whichever side the player is.
    /// </summary>
    /// <exception cref="ArgumentException">No cell is empty, or a side already has a line.</exception>
    public static int ChooseMove(RoleView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.PlayerHasLine() || view.OpponentHasLine())
        {
            throw new ArgumentException($"A side already has a line on {view}; the game is over.", nameof(view));
        }
        for (int cell = 0; cell < Board.CellCount; cell++)
        {
            if (!view.IsEmpty(cell))
            {
                continue;
            }
            if (WouldComplete(view, cell, ownPieces: true) || WouldComplete(view, cell, ownPieces: false))
            {
                return cell;
            }
        }
        foreach (int cell in FallbackOrder)
        {
            if (view.IsEmpty(cell))
            {
                return cell;
            }
        }
        throw new ArgumentException($"No cell is empty on {view}; there is no move to choose.", nameof(view));
    }

    /// <summary>Whether a piece on the empty <paramref name="cell"/> would give one side three in a line.</summary>
    private static bool WouldComplete(RoleView view, int cell, bool ownPieces)
    {
        foreach (Line line in WinningLines.All)
        {
            if (!line.Contains(cell))
            {
                continue;
            }
            int held = 0;
            if (line.First != cell && Holds(view, line.First, ownPieces))
            {
                held++;
            }
            if (line.Second != cell && Holds(view, line.Second, ownPieces))
            {
                held++;
            }
            if (line.Third != cell && Holds(view, line.Third, ownPieces))
            {
                held++;
            }
            if (held == 2)
            {
                return true;
            }
        }
        return false;
    }

    private static bool Holds(RoleView view, int cell, bool ownPieces) =>
        ownPieces ? view.IsPlayerPiece(cell) : view.IsOpponentPiece(cell);
}
