namespace BnnVerify.Verifier.Reference.TicTacToe;

/// <summary>Three cells in a row, column or diagonal; a side holding all three has won.</summary>
/// <param name="First">The lowest-numbered cell of the line.</param>
/// <param name="Second">The middle cell of the line.</param>
/// <param name="Third">The highest-numbered cell of the line.</param>
public readonly record struct Line(int First, int Second, int Third)
{
    /// <summary>Whether <paramref name="cell"/> is one of the three cells.</summary>
    public bool Contains(int cell) => cell == First || cell == Second || cell == Third;
}
