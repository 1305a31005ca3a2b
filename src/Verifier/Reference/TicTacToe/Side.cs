namespace BnnVerify.Verifier.Reference.TicTacToe;

/// <summary>One of the two players. Throughout this code X moves first and O second.</summary>
public enum Side
{
    /// <summary>The first mover: on the empty board it is X's turn.</summary>
    X,

    /// <summary>The second mover; the rule-based player of the original program plays this side.</summary>
    O,
}
