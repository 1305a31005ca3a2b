using System.Text.Json;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Verifier.Checking;

namespace BnnVerify.Verifier.Reports;

/// <summary>The report for machines: every contract with verdict, counts, backend, time and counterexamples.</summary>
internal static class JsonReport
{
    public static void Write(CheckReport report, TextWriter output) =>
        JsonText.WriteObject(output, json =>
        {
            json.WriteString("model", report.ModelPath);
            json.WriteString("spec", report.SpecPath);
            json.WriteStartArray("contracts");
            foreach (var result in report.Results)
                WriteResult(json, report, result);
            json.WriteEndArray();
            json.WriteStartObject("summary");
            foreach (var verdict in Enum.GetValues<Verdict>())
                json.WriteNumber(VerdictName(verdict), report.Count(verdict));
            json.WriteEndObject();
            json.WriteNumber("exitCode", (int)report.ExitCode);
            json.WriteStartArray("warnings");
            foreach (var warning in report.Warnings)
                WriteDiagnostic(json, warning);
            json.WriteEndArray();
        });

    /// <summary>The lower-case verdict name used in JSON and SARIF.</summary>
    public static string VerdictName(Verdict verdict) => verdict.ToString().ToLowerInvariant();

    private static void WriteResult(Utf8JsonWriter json, CheckReport report, ContractResult result)
    {
        json.WriteStartObject();
        json.WriteString("name", result.Contract.Name);
        WriteLocation(json, "location", result.Contract.Location);
        json.WriteString("verdict", VerdictName(result.Verdict));
        json.WriteString("backend", result.Backend);
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

    /// <summary>Writes <c>{"file": …, "line": …, "column": …}</c>.</summary>
    public static void WriteLocation(Utf8JsonWriter json, string name, SourceLocation location)
    {
        json.WriteStartObject(name);
        json.WriteString("file", location.File);
        json.WriteNumber("line", location.Line);
        json.WriteNumber("column", location.Column);
        json.WriteEndObject();
    }

    private static void WriteDiagnostic(Utf8JsonWriter json, Diagnostic diagnostic)
    {
        json.WriteStartObject();
        json.WriteString("id", diagnostic.Id);
        json.WriteString("severity", diagnostic.IsError ? "error" : "warning");
        json.WriteString("message", diagnostic.Message);
        WriteLocation(json, "location", diagnostic.Location);
        json.WriteEndObject();
    }
}
