using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Verifier.Reports;

namespace BnnVerify.Verifier.Equivalence;

/// <summary>SARIF 2.1.0: one result when the two differ or no verdict was reached, at the domain's contract or the model file.</summary>
internal static class EquivalenceSarifReport
{
    private const string DifferRule = "BNN-DIFFER";
    private const string UnknownRule = "BNN-UNKNOWN";

    /// <summary>Writes the report.</summary>
    public static void Write(EquivalenceReport report, TextWriter output) =>
        SarifReport.WriteLog(output,
            [
                (DifferRule, "The network and its reference answer differently on some input of the domain."),
                (UnknownRule, "The comparison reached no verdict (bound, timeout, failing reference or solver)."),
            ],
            json =>
            {
                var result = report.Result;
                if (result.Verdict == EquivalenceVerdict.Equivalent)
                    return;
                var location = report.Domain.Contract?.Location ?? SourceLocation.OfFile(report.ModelPath);
                bool differ = result.Verdict == EquivalenceVerdict.Differ;
                string message = $"{report.ModelPath} against {report.Reference}: {EquivalenceTextReport.Headline(result)}"
                    + (differ || result.Reason is null ? "" : "; " + result.Reason);
                SarifReport.WriteResult(json, differ ? DifferRule : UnknownRule, differ ? "error" : "warning", message, location);
            });
}
