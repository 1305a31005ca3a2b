using System.Globalization;
using BnnVerify.Verifier.Checking;

namespace BnnVerify.Verifier.Reports;

/// <summary>The report for people: one paragraph per contract, counterexamples with pictures, a summary line.</summary>
internal static class TextReport
{
    public static void Write(CheckReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"checking {report.ModelPath} against {report.SpecPath}");
        foreach (var result in report.Results)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c, $"contract {result.Contract.Name} ({result.Contract.Location}): {Headline(result)}"));
            if (result.Reason is not null)
                output.WriteLine("  " + result.Reason);
            for (int k = 0; k < result.Counterexamples.Length; k++)
            {
                output.WriteLine(string.Create(c, $"  counterexample {k + 1}:"));
                CounterexampleText.Write(output, report.Model, report.Spec.Render, result.Counterexamples[k], report.ShowAllInputs, "    ");
            }
            if (result.Violations is { } v && v > result.Counterexamples.Length && result.Counterexamples.Length > 0)
            {
                // A count that stopped early (--fail-fast, the counting budget, --timeout) is a lower bound.
                string atLeast = result.InputsInScope is { } all && result.InputsChecked < all ? "at least " : "";
                output.WriteLine(string.Create(c, $"  ({atLeast}{v - result.Counterexamples.Length} more; --max-counterexamples shows more)"));
            }
        }
        output.WriteLine();
        output.WriteLine(string.Create(c,
            $"{report.Results.Length} contract{(report.Results.Length == 1 ? "" : "s")}: {report.Count(Verdict.Holds)} hold, {report.Count(Verdict.Violated)} violated, {report.Count(Verdict.Vacuous)} vacuous, {report.Count(Verdict.Unknown)} unknown"));
    }

    /// <summary>The one-line verdict: <c>HOLDS on all 2097 inputs (exhaustive)</c>, <c>VIOLATED on 12 of 2097 inputs (exhaustive)</c>, …</summary>
    public static string Headline(ContractResult result)
    {
        var c = CultureInfo.InvariantCulture;
        string scope = result.InputsInScope is { } total ? string.Create(c, $" of {total} input{(total == 1 ? "" : "s")}") : "";
        return result.Verdict switch
        {
            Verdict.Holds when result.InputsInScope is { } count => string.Create(c, $"HOLDS on all {count} input{(count == 1 ? "" : "s")} satisfying the preconditions ({result.Backend})"),
            Verdict.Holds => $"HOLDS, proved by {result.Backend}",
            Verdict.Vacuous => $"VACUOUS: no input satisfies the preconditions ({result.Backend})",
            Verdict.Violated when result.Violations is { } v && result.InputsInScope is { } all && result.InputsChecked < all =>
                string.Create(c, $"VIOLATED on at least {v} of {all} inputs, stopped after {result.InputsChecked} ({result.Backend})"),
            Verdict.Violated when result.Violations is { } v => string.Create(c, $"VIOLATED on {v}{scope} ({result.Backend})"),
            Verdict.Violated => $"VIOLATED: counterexample found by {result.Backend}",
            _ => $"UNKNOWN ({result.Backend})",
        };
    }
}
