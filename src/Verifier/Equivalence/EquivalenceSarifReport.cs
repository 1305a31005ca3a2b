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
        JsonText.WriteObject(output, json =>
        {
            var result = report.Result;
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "bnnverify");
            json.WriteString("informationUri", "https://example.invalid/bnnverify");
            json.WriteStartArray("rules");
            WriteRule(json, DifferRule, "The network and its reference answer differently on some input of the domain.");
            WriteRule(json, UnknownRule, "The comparison reached no verdict (bound, timeout, failing reference or solver).");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            var location = report.Domain.Contract?.Location ?? SourceLocation.OfFile(report.ModelPath);
            if (result.Verdict != EquivalenceVerdict.Equivalent)
            {
                bool differ = result.Verdict == EquivalenceVerdict.Differ;
                string message = $"{report.ModelPath} against {report.Reference}: {EquivalenceTextReport.Headline(result)}"
                    + (differ || result.Reason is null ? "" : "; " + result.Reason);
                json.WriteStartObject();
                json.WriteString("ruleId", differ ? DifferRule : UnknownRule);
                json.WriteString("level", differ ? "error" : "warning");
                json.WriteStartObject("message");
                json.WriteString("text", message);
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                json.WriteString("uri", location.File.Replace('\\', '/'));
                json.WriteEndObject();
                if (location.Line > 0)
                {
                    json.WriteStartObject("region");
                    json.WriteNumber("startLine", location.Line);
                    if (location.Column > 0)
                        json.WriteNumber("startColumn", location.Column);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
        });

    private static void WriteRule(System.Text.Json.Utf8JsonWriter json, string id, string description)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteStartObject("shortDescription");
        json.WriteString("text", description);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
