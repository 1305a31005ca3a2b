using System.Globalization;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Robustness;

namespace BnnVerify.Verifier.Reports.Robustness;

/// <summary>The <c>robust</c> report for people: per target the verdict, what decided it, the counterexample drawn; then one table.</summary>
internal static class RobustTextReport
{
    public static void Write(RobustReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var grid = InputGrid.For(report.Model);
        string ties = report.Request.TieIsChange ? "a tie counts as a change" : "ties by the model's rule";
        output.WriteLine($"robust {report.ModelPath}: {report.Question}, {ties}");
        var classes = report.Model.Output.Names;
        foreach (var outcome in report.Outcomes)
        {
            var result = outcome.Result;
            output.WriteLine();
            output.WriteLine($"{outcome.Target.Name} (class {classes[outcome.Label]}): {Headline(report, outcome)}");
            output.WriteLine("  " + Method(outcome));
            if (result.Reason is not null)
                output.WriteLine("  " + result.Reason);
            foreach (var sphere in outcome.Spheres)
            {
                output.WriteLine(string.Create(c,
                    $"  distance {sphere.Distance}: {(sphere.Violated ? "counterexample" : sphere.Complete ? "robust" : "cut off, no counterexample so far")} ({sphere.Method}; {sphere.Candidates} candidate{(sphere.Candidates == 1 ? "" : "s")}, {sphere.Evaluated} evaluated, {sphere.NetworkEvaluations} network evaluations, {sphere.SubtreesSettled} of {sphere.NodesBounded} subtrees settled by bounds, time {sphere.Elapsed.TotalSeconds:0.000} s)"));
            }
            for (int k = 0; k < result.Counterexamples.Length; k++)
            {
                var counterexample = result.Counterexamples[k];
                output.WriteLine(string.Create(c, $"  counterexample {k + 1}: flips {report.Flips(outcome, counterexample)}"));
                OutputText.Write(report.Model, counterexample.Output, new PrefixWriter(output, "    "));
                if (grid is not null)
                {
                    output.WriteLine("    (# set, . clear, + turned on, - turned off)");
                    grid.Draw(output, outcome.Target.Center, counterexample.Inputs, "    ");
                }
            }
            if (result.Violations is { } v && v > result.Counterexamples.Length)
                output.WriteLine(string.Create(c, $"  ({v} violations in all; --max-counterexamples shows more)"));
        }
        output.WriteLine();
        WriteTable(report, output);
    }

    private static string Headline(RobustReport report, RobustnessOutcome outcome)
    {
        var c = CultureInfo.InvariantCulture;
        var result = outcome.Result;
        string unit = outcome.Mode is RobustnessMode.Linf or RobustnessMode.MinLinf ? "L∞ ε" : "Hamming distance";
        string inBall = result.InputsInScope is { } n ? string.Create(c, $" ({n} input{(n == 1 ? "" : "s")} in the ball)") : "";
        return result.Verdict switch
        {
            Verdict.Violated when outcome.IsMinimal && outcome.RobustBelow < outcome.Distance => string.Create(c,
                $"{unit} at most {outcome.Distance} (a counterexample), minimality unproved: robust at every {(unit == "L∞ ε" ? "ε" : "distance")} below {outcome.RobustBelow}"),
            Verdict.Violated when outcome.IsMinimal => string.Create(c,
                $"minimal {unit} {outcome.Distance}, proved: robust at every {(unit == "L∞ ε" ? "ε" : "distance")} below {outcome.Distance}"),
            Verdict.Violated when result.Violations is { } v => string.Create(c, $"NOT ROBUST at {unit} {outcome.Distance}: {v} violating input{(v == 1 ? "" : "s")}{inBall}"),
            Verdict.Violated => string.Create(c, $"NOT ROBUST at {unit} {outcome.Distance}: a counterexample"),
            Verdict.Unknown => outcome.RobustBelow is > 0
                ? string.Create(c, $"UNKNOWN; proved robust at every {(unit == "L∞ ε" ? "ε" : "distance")} below {outcome.RobustBelow}")
                : "UNKNOWN",
            _ when outcome.IsMinimal => $"ROBUST at every {(unit == "L∞ ε" ? "ε" : "distance")}",
            _ => string.Create(c, $"ROBUST within {unit} {outcome.Distance}{inBall}"),
        };
    }

    private static string Method(RobustnessOutcome outcome)
    {
        var c = CultureInfo.InvariantCulture;
        string evaluated = outcome.Evaluated is { } e ? string.Create(c, $", {e} candidate{(e == 1 ? "" : "s")} evaluated one by one") : "";
        string how = outcome.Method switch
        {
            "attack" => "ball search; the counterexample came from its beam search",
            "bounds" => "ball search; settled by its bounds alone",
            "enumeration" => "ball search (enumeration with bounds)",
            var other => other,
        };
        return string.Create(c, $"decided by {how}{evaluated}, time {outcome.Result.Elapsed.TotalSeconds:0.000} s");
    }

    private static void WriteTable(RobustReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var classes = report.Model.Output.Names;
        output.WriteLine("| target | label | verdict | distance | robust below | method | evaluated | time |");
        output.WriteLine("|---|---|---|---:|---:|---|---:|---:|");
        foreach (var o in report.Outcomes)
        {
            output.WriteLine(string.Create(c,
                $"| {o.Target.Name} | {classes[o.Label]} | {RobustReport.VerdictText(o)} | {o.Distance} | {(o.RobustBelow is { } b ? b.ToString(c) : "–")} | {o.Method} | {(o.Evaluated is { } e ? e.ToString(c) : "–")} | time {o.Result.Elapsed.TotalSeconds:0.000} s |"));
        }
        int violated = report.Outcomes.Count(o => o.Result.Verdict == Verdict.Violated);
        int unknown = report.Outcomes.Count(o => o.Result.Verdict == Verdict.Unknown);
        output.WriteLine();
        output.WriteLine(string.Create(c,
            $"{report.Outcomes.Length} target{(report.Outcomes.Length == 1 ? "" : "s")}: {report.Outcomes.Length - violated - unknown} robust, {violated} with a counterexample, {unknown} unknown"));
    }

    /// <summary>Indents every line written through it.</summary>
    private sealed class PrefixWriter(TextWriter inner, string prefix) : TextWriter
    {
        private bool _lineStart = true;

        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            if (_lineStart && value != '\n')
            {
                inner.Write(prefix);
                _lineStart = false;
            }
            inner.Write(value);
            if (value == '\n')
                _lineStart = true;
        }
    }
}
