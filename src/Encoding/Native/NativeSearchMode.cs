namespace BnnVerify.Encoding.Native;

/// <summary>How <see cref="NativeBackend"/> searches.</summary>
public enum NativeSearchMode
{
    /// <summary>Preferred variables (a network's inputs) first, then EVSIDS; first decisions false (MiniSat's default).</summary>
    InputsFirst,

    /// <summary>EVSIDS over all variables, preferences ignored; first decisions true.</summary>
    Plain,

    /// <summary>
    /// Both searches at once on two threads; the first answer wins and stops the other. Each of the two alone
    /// leaves some bundled contracts undecided after minutes that the other decides in milliseconds
    /// (docs/benchmarks.md).
    /// </summary>
    Portfolio,
}

/// <summary>One search configuration of the native solver: which variables it branches on first, and its first phase.</summary>
/// <param name="PreferInputs">Whether the preferred variables (a network's inputs) are decided first.</param>
/// <param name="InitialPhase">The value variables are first decided with.</param>
public readonly record struct NativeSearchSettings(bool PreferInputs, bool InitialPhase)
{
    /// <summary>Inputs first, first decisions false.</summary>
    public static NativeSearchSettings InputsFirst { get; } = new(true, false);

    /// <summary>No preference, first decisions true.</summary>
    public static NativeSearchSettings Plain { get; } = new(false, true);

    /// <summary>The searches a mode runs (two for the portfolio, racing).</summary>
    public static IReadOnlyList<NativeSearchSettings> Of(NativeSearchMode mode) => mode switch
    {
        NativeSearchMode.InputsFirst => [InputsFirst],
        NativeSearchMode.Plain => [Plain],
        _ => [InputsFirst, Plain],
    };
}
