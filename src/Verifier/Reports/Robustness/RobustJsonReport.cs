using System.Globalization;
using BnnVerify.Verifier.Robustness;

namespace BnnVerify.Verifier.Reports.Robustness;

/// <summary>
/// The <c>robust</c> report for machines: per target the verdict, distances, method, counts, time, counterexamples. Its
/// shape is docs/report-format.md, checked by docs/schemas/robust-report.schema.json.
/// </summary>
internal static class RobustJsonReport
{
    /// <summary>The value of the report's <c>format</c> member, which names the schema.</summary>
    public const string FormatName = "bnnverify-robust-report";

    /// <summary>The report's <c>version</c>: raised when a member is removed or changes meaning, not when one is added.</summary>
    public const int FormatVersion = 1;

    public static void Write(RobustReport report, TextWriter output) =>
        JsonText.WriteObject(output, json =>
        {
            var classes = report.Model.Output.Names;
            JsonReport.WriteFormat(json, FormatName, FormatVersion);
            json.WriteString("model", report.ModelPath);
            json.WriteString("question", report.Request.Mode switch
            {
                RobustnessMode.Hamming => "hamming",
                RobustnessMode.Linf => "linf",
                RobustnessMode.MinHamming => "min-hamming",
                _ => "min-linf",
            });
            if (report.Request.Mode is RobustnessMode.Hamming or RobustnessMode.Linf)
                json.WriteNumber("radius", report.Request.Radius);
            json.WriteString("ties", report.Request.TieIsChange ? "change" : "keep");
            json.WriteStartArray("targets");
            foreach (var outcome in report.Outcomes)
            {
                var result = outcome.Result;
                json.WriteStartObject();
                json.WriteString("target", outcome.Target.Name);
                json.WriteString("label", classes[outcome.Label]);
                json.WriteString("verdict", JsonReport.VerdictName(result.Verdict));
                json.WriteString("contract", result.Contract.Name);
                json.WriteNumber("distance", outcome.Distance);
                if (outcome.RobustBelow is { } below)
                    json.WriteNumber("robustBelow", below);
                else
                    json.WriteNull("robustBelow");
                json.WriteString("method", outcome.Method);
                json.WriteString("backend", result.Backend);
                if (result.InputsInScope is { } total)
                    json.WriteNumber("inputsInBall", total);
                else
                    json.WriteNull("inputsInBall");
                if (outcome.Evaluated is { } evaluated)
                    json.WriteNumber("evaluated", evaluated);
                else
                    json.WriteNull("evaluated");
                if (result.Violations is { } violations)
                    json.WriteNumber("violations", violations);
                else
                    json.WriteNull("violations");
                json.WriteNumber("elapsedSeconds", Math.Round(result.Elapsed.TotalSeconds, 3));
                if (result.Reason is not null)
                    json.WriteString("reason", result.Reason);
                json.WriteStartArray("distances");
                foreach (var sphere in outcome.Spheres)
                {
                    json.WriteStartObject();
                    json.WriteNumber("distance", sphere.Distance);
                    json.WriteString("candidates", sphere.Candidates.ToString(CultureInfo.InvariantCulture));
                    json.WriteNumber("evaluated", sphere.Evaluated);
                    json.WriteBoolean("counterexample", sphere.Violated);
                    json.WriteBoolean("complete", sphere.Complete);
                    json.WriteString("method", sphere.Method);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteStartArray("counterexamples");
                foreach (var counterexample in result.Counterexamples)
                {
                    json.WriteStartObject();
                    json.WriteStartArray("flipped");
                    for (int i = 0; i < report.Model.InputCount; i++)
                    {
                        if (counterexample.Inputs[i] != outcome.Target.Center[i])
                            json.WriteStringValue(report.Model.InputNames[i]);
                    }
                    json.WriteEndArray();
                    CounterexampleFile.WriteBody(json, report.Model, counterexample);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("exitCode", (int)report.ExitCode);
        });
}
