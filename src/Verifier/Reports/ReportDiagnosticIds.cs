namespace BnnVerify.Verifier.Reports;

/// <summary>Stable ids of the diagnostics about writing reports (BNN0950–BNN0959); docs/report-format.md lists them.</summary>
public static class ReportDiagnosticIds
{
    /// <summary>The folder of <c>--output FILE</c> is missing and cannot be created; reported before any checking.</summary>
    public const string CannotCreateFolder = "BNN0950";

    /// <summary>The report file cannot be written (permissions, a folder of that name, a full disk).</summary>
    public const string CannotWrite = "BNN0951";
}
