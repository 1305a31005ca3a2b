namespace BnnVerify.Bnn.Diagnostics;

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The input cannot be used.</summary>
    Error,

    /// <summary>The input is usable but probably not what the user meant.</summary>
    Warning,
}

/// <summary>
/// A user mistake, reported with a stable id, a location and a message; printed as
/// <c>file(line,col): error BNN0103: message</c>. Exceptions are for bugs and I/O, not for this.
/// </summary>
public sealed record Diagnostic(string Id, DiagnosticSeverity Severity, SourceLocation Location, string Message)
{
    /// <summary>Creates an error.</summary>
    public static Diagnostic Error(string id, SourceLocation location, string message) => new(id, DiagnosticSeverity.Error, location, message);

    /// <summary>Creates a warning.</summary>
    public static Diagnostic Warning(string id, SourceLocation location, string message) => new(id, DiagnosticSeverity.Warning, location, message);

    /// <summary>True for errors.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The one-line form shown to users.</summary>
    public override string ToString()
    {
        string severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        string where = Location.JsonPath is null ? "" : $" (at {Location.JsonPath})";
        return $"{Location}: {severity} {Id}: {Message}{where}";
    }
}
