using System.Collections.ObjectModel;

namespace BnnVerify.Verifier.Reference.TicTacToe;

/// <summary>Every board that can arise in a game with X moving first (5478 of them, finished games included).</summary>
public static class LegalPositions
{
    private static readonly Lazy<ReadOnlyCollection<Board>> AllLegal = new(Enumerate);

    /// <summary>All legal boards, in ascending <see cref="Board.Code"/> (the empty board first).</summary>
    public static IReadOnlyList<Board> All => AllLegal.Value;

    private static ReadOnlyCollection<Board> Enumerate()
    {
        // Filtering all 3^9 arrangements through the legality rules is small and obviously complete;
        // the tests check it against a search of the game tree from the empty board.
        var legal = new List<Board>();
        for (int code = 0; code < Board.CodeCount; code++)
        {
            Board board = Board.FromCode(code);
            if (GameRules.IsLegal(board))
            {
                legal.Add(board);
            }
        }
        return legal.AsReadOnly();
    }
}
