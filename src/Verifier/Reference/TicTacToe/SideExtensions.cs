namespace BnnVerify.Verifier.Reference.TicTacToe;

/// <summary>The two facts about a <see cref="Side"/> that the rest of the game needs.</summary>
public static class SideExtensions
{
    /// <summary>The other side.</summary>
    public static Side Opponent(this Side side) => side == Side.X ? Side.O : Side.X;

    /// <summary>The mark this side's pieces leave on the board.</summary>
    public static Mark ToMark(this Side side) => side == Side.X ? Mark.X : Mark.O;
}
