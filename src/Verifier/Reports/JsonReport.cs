using System.Text.Json;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Verifier.Checking;

namespace BnnVerify.Verifier.Reports;

/// <summary>
/// The report for machines: every contract with verdict, counts, deciding backend, time and counterexamples, or the
/// errors that stopped the run. Its shape is docs/report-format.md, checked by docs/report.schema.json.
/// </summary>
internal static class JsonReport
{
    /// <summary>The value of the report's <c>format</c> member, which names the schema.</summary>
    public const string FormatName = "bnnverify-report";

    /// <summary>
    /// The report's <c>version</c>: raised when a member is removed or changes meaning, not when one is added
    /// (docs/report-format.md).
    /// </summary>
    public const int FormatVersion = 1;

    public static void Write(CheckReport report, TextWriter output) =>
        JsonText.WriteObject(output, json =>
        {
            WriteHeader(json, report.ModelPath, report.SpecPath);
            json.WriteStartArray("contracts");
            foreach (var result in report.Results)
                WriteResult(json, report, result);
            json.WriteEndArray();
            WriteSummary(json, report.Count);
            json.WriteNumber("exitCode", (int)report.ExitCode);
            WriteDiagnostics(json, "warnings", report.Warnings);
            WriteDiagnostics(json, "errors", []);
        });

    /// <summary>The report of a run that could not start: no contracts, exit code 2, and the errors.</summary>
    public static void WriteFailure(FailedCheckReport report, TextWriter output) =>
        JsonText.WriteObject(output, json =>
        {
            WriteHeader(json, report.ModelPath, report.SpecPath);
            json.WriteStartArray("contracts");
            json.WriteEndArray();
            WriteSummary(json, _ => 0);
            json.WriteNumber("exitCode", (int)FailedCheckReport.ExitCode);
            WriteDiagnostics(json, "warnings", report.Diagnostics.Where(d => !d.IsError));
            WriteDiagnostics(json, "errors", report.Diagnostics.Where(d => d.IsError));
        });

    /// <summary>
    /// The members every JSON report of bnnverify starts with: <c>format</c> (which names its schema, docs/report-format.md),
    /// <c>version</c> and <c>tool</c>, so that a reader can tell the reports of check, robust and equiv apart.
    /// </summary>
    public static void WriteFormat(Utf8JsonWriter json, string format, int version)
    {
        json.WriteString("format", format);
        json.WriteNumber("version", version);
        json.WriteStartObject("tool");
        json.WriteString("name", ToolInfo.Name);
        json.WriteString("version", ToolInfo.Version);
        json.WriteEndObject();
    }

    /// <summary>The lower-case verdict name used in JSON and SARIF.</summary>
    public static string VerdictName(Verdict verdict) => verdict.ToString().ToLowerInvariant();

    private static void WriteHeader(Utf8JsonWriter json, string modelPath, string specPath)
    {
        WriteFormat(json, FormatName, FormatVersion);
        json.WriteString("model", modelPath);
        json.WriteString("spec", specPath);
    }

    private static void WriteSummary(Utf8JsonWriter json, Func<Verdict, int> count)
    {
        json.WriteStartObject("summary");
        foreach (var verdict in Enum.GetValues<Verdict>())
            json.WriteNumber(VerdictName(verdict), count(verdict));
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, CheckReport report, ContractResult result)
    {
        json.WriteStartObject();
        json.WriteString("name", result.Contract.Name);
        WriteLocation(json, "location", result.Contract.Location);
        json.WriteString("verdict", VerdictName(result.Verdict));
        json.WriteString("backend", result.Backend);
        json.WriteBoolean("decidedByRace", result.DecidedByRace);
        if (result.InputsInScope is { } total)
            json.WriteNumber("inputsInScope", total);
        else
            json.WriteNull("inputsInScope");
        json.WriteNumber("inputsChecked", result.InputsChecked);
        if (result.Violations is { } violations)
            json.WriteNumber("violations", violations);
        else
            json.WriteNull("violations");
        json.WriteNumber("elapsedSeconds", Math.Round(result.Elapsed.TotalSeconds, 3));
        if (result.Reason is not null)
            json.WriteString("reason", result.Reason);
        if (result.Certification is { } certification)
        {
            json.WriteStartObject("certification");
            json.WriteString("status", certification.StatusName);
            json.WriteNumber("lemmasChecked", certification.LemmasChecked);
            json.WriteNumber("checkSeconds", Math.Round(certification.CheckTime.TotalSeconds, 3));
            if (certification.Note is not null)
                json.WriteString("note", certification.Note);
            json.WriteEndObject();
        }
        json.WriteBoolean("counterexamplesCanonical", result.CounterexamplesCanonical);
        json.WriteStartArray("counterexamples");
        foreach (var counterexample in result.Counterexamples)
        {
            json.WriteStartObject();
            CounterexampleFile.WriteBody(json, report.Model, counterexample);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Writes <c>{"file": …, "line": …, "column": …}</c>, with <c>"jsonPath"</c> for a value in a JSON file.</summary>
    public static void WriteLocation(Utf8JsonWriter json, string name, SourceLocation location)
    {
        json.WriteStartObject(name);
        json.WriteString("file", location.File);
        json.WriteNumber("line", location.Line);
        json.WriteNumber("column", location.Column);
        if (location.JsonPath is not null)
            json.WriteString("jsonPath", location.JsonPath);
        json.WriteEndObject();
    }

    private static void WriteDiagnostics(Utf8JsonWriter json, string name, IEnumerable<Diagnostic> diagnostics)
    {
        json.WriteStartArray(name);
        foreach (var diagnostic in diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("id", diagnostic.Id);
            json.WriteString("severity", diagnostic.IsError ? "error" : "warning");
            json.WriteString("message", diagnostic.Message);
            WriteLocation(json, "location", diagnostic.Location);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
