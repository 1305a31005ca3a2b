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
                new SarifRule(DifferRule, "The network and its reference answer differently on some input of the domain.",
                    "The network and the reference (handwritten code, a program, or another model) were compared on every input of the "
                    + "domain, and on some input their outputs differ; the input was replayed on the reference engine.",
                    "Read the differing input in the text report. Either the network is wrong there, or the reference is, or the domain "
                    + "is too wide (narrow it with --domain SPEC:CONTRACT). See docs/equivalence.md."),
                new SarifRule(UnknownRule, "The comparison reached no verdict (bound, timeout, failing reference or solver).",
                    "No verdict was reached: the domain exceeded the exhaustive bound, a solver timed out or failed, or the reference "
                    + "program failed. An unknown verdict is never reported as equivalence.",
                    "Read the reason in the message; raise --timeout, choose another --backend, or fix the reference. See docs/equivalence.md."),
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
                SarifReport.WriteResult(json, differ ? DifferRule : UnknownRule, differ ? "error" : "warning", message, location,
                    $"{report.ModelPath}\0{report.Reference}");
            });
}
