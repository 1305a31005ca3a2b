using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Encoding.Native;
using BnnVerify.Encoding.ProblemFiles;
using BnnVerify.Verifier.Cli;

namespace BnnVerify.Verifier.Commands;

/// <summary>
/// <c>bnnverify solve FILE</c>: runs the native solver on a cardinality-CNF or OPB file and answers like a SAT
/// solver (<c>s</c> and <c>v</c> lines, exit 10 or 20), so that it can be compared with MiniSatCS, clasp and minisat+
/// on exactly the same file.
/// </summary>
internal static class SolveCommand
{
    private static readonly string[] Modes = ["inputs-first", "plain", "portfolio"];

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A cardinality-CNF file (bnnverify export --format cardnf; EEV's format) or an OPB file (.opb, or a first line starting with '*')." };
        var mode = new Option<string>("--mode") { Description = "portfolio (both searches below, racing on two threads), inputs-first (branch on the inputs the file names first, first decisions false) or plain (EVSIDS alone, first decisions true).", DefaultValueFactory = _ => "portfolio" };
        mode.AcceptOnlyFromAmong(Modes);
        var preferFirst = new Option<int?>("--prefer-first") { Description = "Branch first on variables 1..N (default: the inputs a 'c bnnverify inputs N' comment names)." };
        var timeout = new Option<double?>("--timeout") { Description = "Wall-clock seconds; past it the answer is 's UNKNOWN' (exit 3)." }.Seconds();
        var statistics = new Option<bool>("--statistics") { Description = "Print the search's counters and times as 'c' lines." };
        var command = new Command("solve", "Solve a cardinality-CNF or OPB file with the native solver; prints s/v lines, exit 10 satisfiable, 20 unsatisfiable, 3 unknown.")
        {
            file, mode, preferFirst, timeout, statistics,
        };
        command.SetAction(parse => (int)Run(parse.GetValue(file)!, parse.GetValue(mode)!, parse.GetValue(preferFirst), parse.GetValue(timeout),
            parse.GetValue(statistics), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static ExitCode Run(string path, string mode, int? preferFirst, double? timeoutSeconds, bool statistics, TextWriter output, TextWriter error)
    {
        if (preferFirst is < 0)
        {
            error.WriteLine("error: --prefer-first must not be negative");
            return ExitCode.InvalidInput;
        }
        var clock = Stopwatch.StartNew();
        PseudoBooleanProblem problem;
        try
        {
            problem = ProblemFileReader.Read(path);
        }
        catch (DiagnosticException e)
        {
            error.WriteLine(e.Diagnostic.ToString());
            return ExitCode.InvalidInput;
        }
        double parseSeconds = clock.Elapsed.TotalSeconds;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        int preferred = Math.Min(preferFirst ?? problem.PreferredVariables.Count, problem.Variables);
        long deadline = timeoutSeconds is { } seconds ? Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency) : long.MaxValue;

        var interrupt = RunInterruption.Listen();
        try
        {
            var settings = NativeSearchSettings.Of(mode switch
            {
                "plain" => NativeSearchMode.Plain,
                "inputs-first" => NativeSearchMode.InputsFirst,
                _ => NativeSearchMode.Portfolio,
            });
            var solvers = settings.Select(s => Load(problem, s, preferred)).ToArray();
            double loadSeconds = clock.Elapsed.TotalSeconds - parseSeconds;
            var (status, winner) = solvers.Length == 1
                ? (solvers[0].Solve([], deadline, interrupt.Token), 0)
                : PortfolioRace.Run(solvers, [.. solvers.Select(_ => Array.Empty<int>())], deadline, interrupt.Token);
            var solver = solvers[winner];
            double solveSeconds = clock.Elapsed.TotalSeconds - parseSeconds - loadSeconds;
            double solveCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            if (statistics)
            {
                var s = solver.Statistics;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"c variables {problem.Variables}, clauses {problem.Clauses.Count}, constraints {problem.Constraints.Count}, inputs {preferred}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"c decisions {s.Decisions}, propagations {s.Propagations}, conflicts {s.Conflicts}, restarts {s.Restarts}, explanations {s.CardinalityExplanations}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"c read {parseSeconds:F3} s, load {loadSeconds:F3} s, solve {solveSeconds:F3} s wall, load and solve {solveCpuSeconds:F3} s CPU"));
            }
            switch (status)
            {
                case SolveStatus.Satisfiable:
                    output.WriteLine("s SATISFIABLE");
                    WriteModel(solver, problem.Variables, output);
                    return ExitCode.Satisfiable;
                case SolveStatus.Unsatisfiable:
                    output.WriteLine("s UNSATISFIABLE");
                    return ExitCode.Unsatisfiable;
                default:
                    output.WriteLine(interrupt.IsCancellationRequested ? "c interrupted" : "c time limit reached");
                    output.WriteLine("s UNKNOWN");
                    return ExitCode.Unknown;
            }
        }
        finally
        {
            interrupt.Dispose();
        }
    }

    private static CdclSolver Load(PseudoBooleanProblem problem, NativeSearchSettings settings, int inputs)
    {
        var solver = problem.CreateSolver(settings.InitialPhase);
        if (settings.PreferInputs && inputs > 0)
            solver.Prefer([.. Enumerable.Range(0, inputs)]);
        return solver;
    }

    private static void WriteModel(CdclSolver solver, int variables, TextWriter output)
    {
        var line = new StringBuilder("v");
        for (int v = 0; v < variables; v++)
        {
            line.Append(' ').Append((solver.ModelValue(v) ? v + 1 : -(v + 1)).ToString(CultureInfo.InvariantCulture));
            if (line.Length > 70)
            {
                output.WriteLine(line.ToString());
                line.Clear().Append('v');
            }
        }
        line.Append(" 0");
        output.WriteLine(line.ToString());
    }
}
