using System.Diagnostics;

namespace BnnVerify.SolverBench;

/// <summary>Runs a solver binary on an exported file with a wall-clock limit and reads its verdict.</summary>
internal static class SolverBinary
{
    /// <summary>
    /// <paramref name="solver"/> is <c>cadical</c>, <c>minisat</c>, <c>z3</c>, <c>minisat+</c>, <c>clasp</c> (found on PATH),
    /// <see cref="SolveVerb"/> and a bnnverify executable, or a path to any binary (run as <c>binary file</c>, read by
    /// the SAT-competition convention). The process tree is killed at the limit.
    /// </summary>
    public static Measurement Run(string solver, string file, TimeSpan timeout)
    {
        var (executable, arguments) = solver switch
        {
            _ when solver.StartsWith(SolveVerb, StringComparison.Ordinal) => (solver[SolveVerb.Length..], new[] { "solve", file }),
            // -n: no witness; the verdict is all the benchmark reads, and a model of millions of variables is slow to print.
            "cadical" => ("cadical", new[] { "-q", "-n", file }),
            "minisat" => ("minisat", new[] { "-verb=0", file }),
            "z3" => ("z3", new[] { "-smt2", file }),
            "minisat+" => ("minisat+", new[] { file }),
            // clasp reads OPB as it is (native weight constraints); -q prints only the result line, exit 10/20.
            "clasp" => ("clasp", new[] { "-q", file }),
            _ => (solver, new[] { file }),
        };
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        double cpu = CpuClock.Seconds();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + executable);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        bool finished = process.WaitForExit(timeout);
        if (!finished)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        clock.Stop();
        string output = stdout.Result;
        string errors = stderr.Result;
        cpu = CpuClock.Seconds() - cpu;
        string verdict = finished ? Parse(process.ExitCode, output) : Verdicts.Timeout;
        string? reason = verdict == Verdicts.Unknown ? $"exit {process.ExitCode}; {FirstLine(errors.Length > 0 ? errors : output)}" : null;
        return new Measurement
        {
            Backend = solver,
            Verdict = verdict,
            WallSeconds = clock.Elapsed.TotalSeconds,
            CpuSeconds = cpu,
            DecidedBy = Path.GetFileName(executable),
            Reason = reason,
        };
    }

    /// <summary>The prefix of a solver that is a bnnverify executable, run as <c>PATH solve FILE</c> (its portfolio, exit 10/20).</summary>
    public const string SolveVerb = "bnnverify-solve=";

    /// <summary>SAT (the violation problem has a solution) is a violated contract; UNSAT is a proof that it holds.</summary>
    internal static string Parse(int exitCode, string output)
    {
        if (exitCode == 10)
            return Verdicts.Violated;
        if (exitCode == 20)
            return Verdicts.Holds;
        foreach (var raw in output.Split('\n'))
        {
            string line = raw.Trim();
            if (line is "s SATISFIABLE" or "SATISFIABLE" or "sat" or "SAT")
                return Verdicts.Violated;
            if (line is "s UNSATISFIABLE" or "UNSATISFIABLE" or "unsat" or "UNSAT")
                return Verdicts.Holds;
        }
        return Verdicts.Unknown;
    }

    private static string FirstLine(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Trim().Length > 0)
                return line.Trim().Length > 100 ? line.Trim()[..100] : line.Trim();
        }
        return "(no output)";
    }
}
