namespace BnnVerify.Bnn.Diagnostics;

/// <summary>
/// Carries one <see cref="Diagnostic"/> out of a deep reader to the entry point that turns it into a
/// result. It never escapes the public API: readers catch it and return the diagnostic.
/// </summary>
public sealed class DiagnosticException : Exception
{
    /// <summary>Wraps <paramref name="diagnostic"/>.</summary>
    public DiagnosticException(Diagnostic diagnostic)
        : base(diagnostic.ToString()) => Diagnostic = diagnostic;

    /// <summary>The diagnostic to report.</summary>
    public Diagnostic Diagnostic { get; }
}
