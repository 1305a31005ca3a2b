using System.Text.Json;
using BnnVerify.Verifier.Reports;

namespace BnnVerify.Verifier.Equivalence;

/// <summary>
/// The report for machines: what was compared, the verdict with its counts, the differences. Its shape is
/// docs/report-format.md, checked by docs/schemas/equiv-report.schema.json.
/// </summary>
internal static class EquivalenceJsonReport
{
    /// <summary>The value of the report's <c>format</c> member, which names the schema.</summary>
    public const string FormatName = "bnnverify-equiv-report";

    /// <summary>The report's <c>version</c>: raised when a member is removed or changes meaning, not when one is added.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes the report.</summary>
    public static void Write(EquivalenceReport report, TextWriter output) =>
        JsonText.WriteObject(output, json =>
        {
            var result = report.Result;
            JsonReport.WriteFormat(json, FormatName, FormatVersion);
            json.WriteString("model", report.ModelPath);
            json.WriteString("reference", report.Reference);
            json.WriteStartObject("domain");
            if (report.Domain.Contract is { } contract)
            {
                json.WriteString("spec", report.Domain.SpecPath);
                json.WriteString("contract", contract.Name);
                JsonReport.WriteLocation(json, "location", contract.Location);
            }
            else
            {
                json.WriteNull("contract");
            }
            json.WriteEndObject();
            json.WriteString("verdict", result.Verdict.ToString().ToLowerInvariant());
            json.WriteString("method", result.Method);
            json.WriteString("backend", result.Backend);
            WriteCount(json, "inputsInDomain", result.InputsInDomain);
            json.WriteNumber("inputsChecked", result.InputsChecked);
            WriteCount(json, "differences", result.DifferenceCount);
            json.WriteNumber("elapsedSeconds", Math.Round(result.Elapsed.TotalSeconds, 3));
            if (result.Reason is not null)
                json.WriteString("reason", result.Reason);
            json.WriteStartArray("counterexamples");
            foreach (var difference in result.Differences)
                WriteDifference(json, report, difference);
            json.WriteEndArray();
            json.WriteNumber("exitCode", (int)report.ExitCode);
        });

    private static void WriteDifference(Utf8JsonWriter json, EquivalenceReport report, Difference difference)
    {
        var model = report.Model;
        json.WriteStartObject();
        json.WriteStartObject("inputs");
        for (int i = 0; i < model.InputCount; i++)
            json.WriteBoolean(model.InputNames[i], difference.Inputs[i]);
        json.WriteEndObject();
        json.WriteStartArray("trueInputs");
        for (int i = 0; i < model.InputCount; i++)
        {
            if (difference.Inputs[i])
                json.WriteStringValue(model.InputNames[i]);
        }
        json.WriteEndArray();
        OutputJson.Write(json, model, difference.Output);
        json.WritePropertyName("reference");
        if (report.ReferenceModel is not null && difference.ReferenceOutput is { } own)
        {
            json.WriteStartObject();
            OutputJson.Write(json, report.ReferenceModel, own);
            json.WriteEndObject();
        }
        else
        {
            json.WriteStartObject();
            json.WriteStartObject("output");
            if (report.Space.IsArgmax)
            {
                json.WriteString("class", report.Space.Names[(int)difference.ReferenceAnswer]);
            }
            else
            {
                json.WriteStartObject("bits");
                for (int j = 0; j < report.Space.Names.Length; j++)
                    json.WriteBoolean(report.Space.Names[j], ((difference.ReferenceAnswer >> j) & 1) != 0);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteCount(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
            json.WriteNumber(name, v);
        else
            json.WriteNull(name);
    }
}
