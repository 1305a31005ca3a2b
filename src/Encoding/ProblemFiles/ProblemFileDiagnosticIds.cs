namespace BnnVerify.Encoding.ProblemFiles;

/// <summary>The stable ids of problem-file diagnostics (BNN08xx), documented in docs/encodings.md.</summary>
public static class ProblemFileDiagnosticIds
{
    /// <summary>The file cannot be read.</summary>
    public const string FileUnreadable = "BNN0800";

    /// <summary>A token is not what the format allows at that place.</summary>
    public const string Syntax = "BNN0801";

    /// <summary>A literal names variable 0 or a variable beyond the header's count.</summary>
    public const string VariableOutOfRange = "BNN0802";

    /// <summary>A number is too large for the solver's counters.</summary>
    public const string NumberTooLarge = "BNN0803";

    /// <summary>The file uses a feature the reader does not support (an objective, a non-linear term).</summary>
    public const string Unsupported = "BNN0804";
}
