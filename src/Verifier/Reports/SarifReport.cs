using System.Security.Cryptography;
using System.Text.Json;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Verifier.Checking;

namespace BnnVerify.Verifier.Reports;

/// <summary>A SARIF rule: its id, the one-line and the full description, and what to do about a result.</summary>
internal sealed record SarifRule(string Id, string ShortDescription, string FullDescription, string Help);

/// <summary>
/// SARIF 2.1.0 for code-scanning tools: one result per violated or unknown contract (and per warning),
/// located at the contract, or at the failing clause, in the spec file; or, when the run could not start, one
/// result per error, at its place in the model or spec.
/// </summary>
internal static class SarifReport
{
    private const string ViolatedRule = "BNN-VIOLATED";
    private const string UnknownRule = "BNN-UNKNOWN";

    /// <summary>The key of the fingerprint each result carries, versioned in case what it hashes ever changes.</summary>
    private const string FingerprintKey = "bnnverify/v1";

    private static readonly SarifRule[] CheckRules =
    [
        new(ViolatedRule,
            "A contract of the network is violated: some input satisfies its preconditions and falsifies a postcondition.",
            "The network was checked against a contract of the spec (requires … ensures …) and an input was found that satisfies "
            + "every requires clause and falsifies an ensures clause. The input was replayed on bnnverify's reference engine before "
            + "it was reported, so it is a real counterexample of the network as given, not of an approximation.",
            "Look at the counterexample in the text report (or save it with --save-counterexamples and run 'bnnverify replay MODEL FILE' "
            + "for the per-layer trace). Either the network is wrong on that input (retrain, or add the input to the training data), "
            + "or the contract demands too much (weaken the ensures clause or add a requires clause). See docs/ci.md."),
        new(UnknownRule,
            "A contract could not be decided (bound, timeout, solver failure, interruption).",
            "No verdict was reached for this contract: exhaustive checking refused a scope above --max-inputs, a solver ran past "
            + "--timeout, failed or is not installed, or the run was interrupted. An unknown verdict is never reported as success.",
            "Read the reason in the message. Raise --timeout or --max-inputs, choose another --backend (auto, sat, z3, cms, clasp), "
            + "install the missing solver (scripts/install-solvers.sh), or narrow the contract's preconditions. See docs/ci.md."),
    ];

    public static void Write(CheckReport report, TextWriter output) =>
        WriteLog(output, CheckRules,
            json =>
            {
                foreach (var result in report.Results)
                {
                    string identity = $"{result.Contract.Location.File}\0{result.Contract.Name}";
                    if (result.Verdict == Verdict.Violated)
                    {
                        var clause = result.Counterexamples.FirstOrDefault()?.FailedClauses.FirstOrDefault();
                        string where = clause is null ? "" : $"; first failing clause: ensures {clause.Text}";
                        WriteResult(json, ViolatedRule, "error", $"contract {result.Contract.Name}: {TextReport.Headline(result)}{where}",
                            clause?.Location ?? result.Contract.Location, identity);
                    }
                    else if (result.Verdict == Verdict.Unknown)
                    {
                        WriteResult(json, UnknownRule, "warning", $"contract {result.Contract.Name}: {result.Reason ?? TextReport.Headline(result)}",
                            result.Contract.Location, identity);
                    }
                }
                WriteDiagnostics(json, report.Warnings);
            });

    /// <summary>The report of a run that could not start: one result per diagnostic, at its place in the model or spec.</summary>
    public static void WriteFailure(FailedCheckReport report, TextWriter output) =>
        WriteLog(output, CheckRules,
            json => WriteDiagnostics(json, report.Diagnostics));

    private static void WriteDiagnostics(Utf8JsonWriter json, IEnumerable<Diagnostic> diagnostics)
    {
        // The same message can stand at several places of one file (twenty "expected an expression" after a recovered
        // syntax error); its occurrence number keeps their fingerprints apart without using the line, which edits move.
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            string identity = $"{diagnostic.Location.File}\0{diagnostic.Message}";
            int occurrence = occurrences[identity] = occurrences.GetValueOrDefault(identity) + 1;
            WriteResult(json, diagnostic.Id, diagnostic.IsError ? "error" : "warning", diagnostic.Message, diagnostic.Location,
                occurrence == 1 ? identity : $"{identity}\0{occurrence}");
        }
    }

    /// <summary>
    /// Writes a SARIF 2.1.0 log with one run of bnnverify declaring <paramref name="rules"/>; <paramref name="writeResults"/>
    /// writes the run's results (with <see cref="WriteResult"/>). Every verb's SARIF report has this frame.
    /// </summary>
    internal static void WriteLog(TextWriter output, IEnumerable<SarifRule> rules, Action<Utf8JsonWriter> writeResults) =>
        JsonText.WriteObject(output, json =>
        {
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", ToolInfo.Name);
            json.WriteString("version", ToolInfo.Version);
            json.WriteString("semanticVersion", ToolInfo.Version);
            json.WriteString("informationUri", ToolInfo.InformationUri);
            json.WriteStartArray("rules");
            foreach (var rule in rules)
                WriteRule(json, rule);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            writeResults(json);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
        });

    private static void WriteRule(Utf8JsonWriter json, SarifRule rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        WriteText(json, "shortDescription", rule.ShortDescription);
        WriteText(json, "fullDescription", rule.FullDescription);
        WriteText(json, "help", rule.Help);
        json.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    /// <summary>
    /// Writes one result: its rule, level and message, located at <paramref name="location"/> (line and column when known),
    /// with a fingerprint of <paramref name="identity"/> (what stays the same when the spec is edited elsewhere, such as
    /// the contract's name: not its line), by which code-scanning tools recognise the same result from run to run.
    /// </summary>
    internal static void WriteResult(Utf8JsonWriter json, string rule, string level, string message, SourceLocation location, string identity)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", rule);
        json.WriteString("level", level);
        json.WriteStartObject("message");
        json.WriteString("text", message);
        json.WriteEndObject();
        // A diagnostic about an option is located at the option's name (--backend), which is no file to point a viewer at.
        if (!FailedCheckReport.IsOnTheCommandLine(location))
        {
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
        }
        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, Fingerprint(rule + "\0" + identity.Replace('\\', '/')));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Fingerprint(string identity) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity)))[..32];
}
