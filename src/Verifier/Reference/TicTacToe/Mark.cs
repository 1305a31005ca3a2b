namespace BnnVerify.Verifier.Reference.TicTacToe;

/// <summary>What a cell holds: nothing, an X, or an O.</summary>
public enum Mark
{
    /// <summary>The cell is free.</summary>
    Empty = 0,

    /// <summary>The cell holds a piece of <see cref="Side.X"/>, the side that moves first.</summary>
    X = 1,

    /// <summary>The cell holds a piece of <see cref="Side.O"/>, the side that moves second.</summary>
    O = 2,
}
