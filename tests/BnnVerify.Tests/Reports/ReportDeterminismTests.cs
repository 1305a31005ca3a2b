using BnnVerify.Verifier.Cli;

namespace BnnVerify.Tests.Reports;

/// <summary>
/// The text report of <c>check</c> is the same whichever backend, side of auto's race or native search decided:
/// the verdicts, the counts and the counterexamples (the smallest in the canonical order) do not depend on it.
/// </summary>
public sealed class ReportDeterminismTests
{
    private static string Text(params string[] arguments)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = CommandLine.Run(arguments, output, error);
        Assert.Equal(ExitCode.Violated, exit);
        return output.ToString();
    }

    [Theory]
    [InlineData("sat")]
    [InlineData("native-inputs")]
    [InlineData("z3")]
    public void A_solver_reports_the_counterexamples_exhaustive_checking_reports(string backend)
    {
        string[] check = ["check", "models/showcase.json", "tests/golden/specs/showcase-checks.contract", "--contract", "no_request_means_wait", "--max-counterexamples", "2"];
        string exhaustive = Text([.. check, "--backend", "exhaustive"]);
        string solver = Text([.. check, "--backend", backend]);
        // Exhaustive checking counts all 3 violations; a solver knows of the 2 it found. Everything else is the same.
        Assert.Contains("VIOLATED on 3 of 16 inputs", exhaustive, StringComparison.Ordinal);
        Assert.Contains("VIOLATED on at least 2 inputs", solver, StringComparison.Ordinal);
        Assert.Equal(
            exhaustive.Replace("VIOLATED on 3 of 16 inputs", "VIOLATED on at least 2 inputs", StringComparison.Ordinal)
                .Replace("  (1 more; --max-counterexamples shows more)\n", "", StringComparison.Ordinal),
            solver);
    }

    [Fact]
    public void Auto_racing_gives_the_same_text_every_time()
    {
        // --max-inputs 1 sends every contract with more than one input in scope to the race of exhaustive checking and the solver.
        string[] check = ["check", "models/showcase.json", "tests/golden/specs/showcase-checks.contract", "--max-inputs", "1", "--max-counterexamples", "2"];
        string first = Text(check);
        for (int run = 0; run < 4; run++)
            Assert.Equal(first, Text(check));
        Assert.DoesNotContain("native", first, StringComparison.Ordinal);
        Assert.DoesNotContain("exhaustive", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sat")]
    [InlineData("native-plain")]
    [InlineData("native-inputs")]
    public void On_tictactoe_every_backend_shows_the_counterexamples_exhaustive_checking_shows(string backend)
    {
        // Four violated contracts over 18 inputs, where each search finds its own models first.
        string[] check = ["check", "models/tictactoe-move.json", "specs/tictactoe-move.contract", "--max-counterexamples", "2", "--no-progress"];
        string exhaustive = Counterexamples(Text([.. check, "--backend", "exhaustive"]));
        // Two for each contract but plays_an_empty_cell, which fails on one input only.
        Assert.Equal(7, exhaustive.Split('\n').Count(line => line.StartsWith("  counterexample", StringComparison.Ordinal)));
        Assert.Equal(exhaustive, Counterexamples(Text([.. check, "--backend", backend])));
    }

    /// <summary>The counterexample paragraphs of a text report (the headlines differ: only exhaustive checking counts).</summary>
    private static string Counterexamples(string report) =>
        string.Join("\n", report.Split('\n').Where(line => line.StartsWith("  counterexample", StringComparison.Ordinal) || line.StartsWith("    ", StringComparison.Ordinal)));
}
