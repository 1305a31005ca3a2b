namespace BnnVerify.Verifier.Reference.TicTacToe;

/// <summary>How a legal position stands: still being played, or finished with a result.</summary>
public enum GameOutcome
{
    /// <summary>Nobody has a line and a cell is free: the side to move must play.</summary>
    InProgress,

    /// <summary>X has three in a row; the game stopped there.</summary>
    XWins,

    /// <summary>O has three in a row; the game stopped there.</summary>
    OWins,

    /// <summary>The board is full and nobody has a line.</summary>
    Draw,
}
