namespace BnnVerify.Verifier.Reference.TicTacToe;

/// <summary>The eight lines of the 3×3 board, listed once; every other piece of code asks this list.</summary>
public static class WinningLines
{
    /// <summary>The three rows, then the three columns, then the two diagonals (cells 0..8 row by row).</summary>
    public static IReadOnlyList<Line> All { get; } =
    [
        new Line(0, 1, 2),
        new Line(3, 4, 5),
        new Line(6, 7, 8),
        new Line(0, 3, 6),
        new Line(1, 4, 7),
        new Line(2, 5, 8),
        new Line(0, 4, 8),
        new Line(2, 4, 6),
    ];
}
