using System.Globalization;
using BnnVerify.Verifier.Checking;

namespace BnnVerify.Verifier.Reports;

/// <summary>
/// The report for people: one paragraph per contract, counterexamples with pictures, a summary line. It is the same
/// from run to run: nothing in it depends on which backend or which side of auto's race decided (that goes to the
/// JSON report and to <c>--verbose</c>), see docs/report-format.md.
/// </summary>
internal static class TextReport
{
    public static void Write(CheckReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        if (report.Detail == ReportDetail.Quiet)
        {
            // The lines a CI log needs to say what failed, and nothing when everything is proved.
            foreach (var result in report.Results.Where(r => r.Verdict is Verdict.Violated or Verdict.Unknown))
                output.WriteLine(string.Create(c, $"contract {result.Contract.Name} ({result.Contract.Location}): {Headline(result)}{(result.Reason is null ? "" : "; " + result.Reason)}"));
            return;
        }
        output.WriteLine($"checking {report.ModelPath} against {report.SpecPath}");
        foreach (var result in report.Results)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c, $"contract {result.Contract.Name} ({result.Contract.Location}): {Headline(result)}"));
            if (result.Reason is not null)
                output.WriteLine("  " + result.Reason);
            if (report.Detail == ReportDetail.Verbose)
                output.WriteLine("  " + DecidedBy(result));
            if (!result.CounterexamplesCanonical && result.Counterexamples.Length > 0)
                output.WriteLine(report.CounterexampleForm == CounterexampleForm.AsFound
                    ? "  (counterexamples as the solver found them, not made the smallest (--counterexamples as-found), so they may differ from run to run)"
                    : "  (counterexamples as the solver found them: making them the smallest ran out of time, so they may differ from run to run)");
            for (int k = 0; k < result.Counterexamples.Length; k++)
            {
                output.WriteLine(string.Create(c, $"  counterexample {k + 1}:"));
                CounterexampleText.Write(output, report.Model, report.Spec.Render, result.Counterexamples[k], report.ShowAllInputs, "    ");
            }
            if (!result.DecidedByRace && result.Violations is { } v && v > result.Counterexamples.Length && result.Counterexamples.Length > 0)
            {
                // A count that stopped early (--fail-fast, the counting budget, --timeout) is a lower bound.
                string atLeast = ExactViolations(result) is null ? "at least " : "";
                output.WriteLine(string.Create(c, $"  ({atLeast}{v - result.Counterexamples.Length} more; --max-counterexamples shows more)"));
            }
        }
        output.WriteLine();
        output.WriteLine(string.Create(c,
            $"{report.Results.Length} contract{(report.Results.Length == 1 ? "" : "s")}: {report.Count(Verdict.Holds)} hold, {report.Count(Verdict.Violated)} violated, {report.Count(Verdict.Vacuous)} vacuous, {report.Count(Verdict.Unknown)} unknown"));
    }

    /// <summary>The <c>--verbose</c> line: which backend decided, in how long, and what it counted.</summary>
    public static string DecidedBy(ContractResult result)
    {
        var c = CultureInfo.InvariantCulture;
        string race = result.DecidedByRace ? ", in auto's race" : "";
        string counts = result.InputsInScope is { } scope ? string.Create(c, $", {result.InputsChecked} of {scope} inputs checked") : "";
        string violations = result.Violations is { } v ? string.Create(c, $", {v} violating") : "";
        string time = string.Create(c, $"(time {result.Elapsed.TotalSeconds:0.000} s{counts}{violations})");
        return result.Certification switch
        {
            { Status: CertificationStatus.Certified } proof =>
                string.Create(c, $"proved by {result.Backend}{race} {time}, certified ({proof.LemmasChecked} lemmas checked in {proof.CheckTime.TotalSeconds:0.000} s)"),
            { Status: CertificationStatus.Failed } => $"decided by {result.Backend}{race} {time}, certification failed (the reason is above)",
            { Note: { } why } => $"decided by {result.Backend}{race} {time}, not certified: {why}",
            _ => $"decided by {result.Backend}{race} {time}",
        };
    }

    /// <summary>
    /// The one-line verdict, the same whichever backend decided: <c>HOLDS on all 2097 inputs satisfying the
    /// preconditions</c> when an exhaustive check counted them, <c>VIOLATED on 12 of 2097 inputs</c> when it counted
    /// every violation, else <c>HOLDS on every input satisfying the preconditions</c> and <c>VIOLATED on at least 1 input</c>.
    /// </summary>
    public static string Headline(ContractResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = CultureInfo.InvariantCulture;
        // What a solver, or the other side of a race, would not know is left out: the scope and the exact count.
        long? scope = result.DecidedByRace ? null : result.InputsInScope;
        int shown = Math.Max(1, result.Counterexamples.Length);
        return result.Verdict switch
        {
            Verdict.Holds when scope is { } count => string.Create(c, $"HOLDS on all {count} input{(count == 1 ? "" : "s")} satisfying the preconditions"),
            Verdict.Holds => "HOLDS on every input satisfying the preconditions",
            Verdict.Vacuous => "VACUOUS: no input satisfies the preconditions",
            Verdict.Violated when result.Violations is { } v && scope is { } all && result.InputsChecked < all =>
                string.Create(c, $"VIOLATED on at least {v} of {all} inputs, stopped after {result.InputsChecked}"),
            Verdict.Violated when ExactViolations(result) is { } v && scope is { } all => string.Create(c, $"VIOLATED on {v} of {all} input{(all == 1 ? "" : "s")}"),
            Verdict.Violated => string.Create(c, $"VIOLATED on at least {shown} input{(shown == 1 ? "" : "s")}"),
            _ => "UNKNOWN",
        };
    }

    /// <summary>The number of violating inputs when every input in scope was checked outside a race, else null.</summary>
    private static long? ExactViolations(ContractResult result) =>
        !result.DecidedByRace && result.Violations is { } v && result.InputsInScope is { } all && result.InputsChecked >= all ? v : null;
}
