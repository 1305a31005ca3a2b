using System.Text.Json;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Verifier.Checking;

namespace BnnVerify.Verifier.Reports;

/// <summary>
/// SARIF 2.1.0 for code-scanning tools: one result per violated or unknown contract (and per warning),
/// located at the contract, or at the failing clause, in the spec file.
/// </summary>
internal static class SarifReport
{
    private const string ViolatedRule = "BNN-VIOLATED";
    private const string UnknownRule = "BNN-UNKNOWN";

    public static void Write(CheckReport report, TextWriter output) =>
        WriteLog(output,
            [
                (ViolatedRule, "A contract of the network is violated: some input satisfies its preconditions and falsifies a postcondition."),
                (UnknownRule, "A contract could not be decided (bound, timeout, solver failure, interruption)."),
            ],
            json =>
            {
                foreach (var result in report.Results)
                {
                    if (result.Verdict == Verdict.Violated)
                    {
                        var clause = result.Counterexamples.FirstOrDefault()?.FailedClauses.FirstOrDefault();
                        string where = clause is null ? "" : $"; first failing clause: ensures {clause.Text}";
                        WriteResult(json, ViolatedRule, "error", $"contract {result.Contract.Name}: {TextReport.Headline(result)}{where}",
                            clause?.Location ?? result.Contract.Location);
                    }
                    else if (result.Verdict == Verdict.Unknown)
                    {
                        WriteResult(json, UnknownRule, "warning", $"contract {result.Contract.Name}: {result.Reason ?? TextReport.Headline(result)}", result.Contract.Location);
                    }
                }
                foreach (var warning in report.Warnings)
                    WriteResult(json, warning.Id, "warning", warning.Message, warning.Location);
            });

    /// <summary>
    /// Writes a SARIF 2.1.0 log with one run of bnnverify declaring <paramref name="rules"/>; <paramref name="writeResults"/>
    /// writes the run's results (with <see cref="WriteResult"/>). Every verb's SARIF report has this frame.
    /// </summary>
    internal static void WriteLog(TextWriter output, IEnumerable<(string Id, string Description)> rules, Action<Utf8JsonWriter> writeResults) =>
        JsonText.WriteObject(output, json =>
        {
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "bnnverify");
            json.WriteString("informationUri", "https://example.invalid/bnnverify");
            json.WriteStartArray("rules");
            foreach (var (id, description) in rules)
                WriteRule(json, id, description);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            writeResults(json);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
        });

    private static void WriteRule(Utf8JsonWriter json, string id, string description)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteStartObject("shortDescription");
        json.WriteString("text", description);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Writes one result: its rule, level and message, located at <paramref name="location"/> (line and column when known).</summary>
    internal static void WriteResult(Utf8JsonWriter json, string rule, string level, string message, SourceLocation location)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", rule);
        json.WriteString("level", level);
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
}
