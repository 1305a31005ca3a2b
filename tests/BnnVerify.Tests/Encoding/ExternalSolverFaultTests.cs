using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Backends.External;
using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Tests.Encoding;

/// <summary>
/// External solvers that misbehave: each must give Unknown (naming the solver) or "unavailable", never a verdict.
/// The fake solvers are small shell scripts written to a temporary folder.
/// </summary>
public sealed class ExternalSolverFaultTests : IDisposable
{
    private readonly DirectoryInfo _scripts = Directory.CreateTempSubdirectory("bnnverify-fake-solvers-");

    public void Dispose() => _scripts.Delete(recursive: true);

    [Fact]
    public void A_missing_binary_is_reported_as_unavailable_with_the_install_hint()
    {
        var e = Assert.Throws<BackendUnavailableException>(() => DimacsSolver.Known("cadical", searchPath: ""));
        Assert.Contains("cadical", e.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/install-solvers.sh", e.Message, StringComparison.Ordinal);
        Assert.Equal("cadical", e.Backend);
    }

    [Fact]
    public void A_missing_generic_binary_is_reported_as_unavailable()
    {
        var e = Assert.Throws<BackendUnavailableException>(() => SolverBackends.CreateExternal(Path.Combine(_scripts.FullName, "no-such-solver"), CardinalityEncoding.Totalizer));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_solver_still_open_for_writing_starts_once_it_is_closed()
    {
        // Exec of a file open for writing fails with ETXTBSY ("Text file busy"), as it did in CI for a fake solver
        // written while another test thread forked. The start is retried for 300 ms; here the writer lets go after
        // 10 ms, on a thread of its own (the thread pool can be busy with other tests).
        if (OperatingSystem.IsWindows())
            return;
        string path = Path.Combine(_scripts.FullName, "busy-solver");
        var writer = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        writer.Write("#!/bin/sh\nexit 20\n"u8);
        writer.Flush();
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var release = new Thread(() =>
        {
            Thread.Sleep(10);
            writer.Dispose();
        });
        release.Start();
        var outcome = SolverProcess.Run(path, [], TimeSpan.FromSeconds(30), CancellationToken.None);
        release.Join();
        Assert.Null(outcome.StopReason);
        Assert.Equal(20, outcome.ExitCode);
    }

    [Fact]
    public void A_binary_that_is_not_executable_is_reported_as_unavailable()
    {
        string path = Path.Combine(_scripts.FullName, "not-executable");
        File.WriteAllText(path, "#!/bin/sh\nexit 20\n");
        var e = Assert.Throws<BackendUnavailableException>(() => DimacsSolver.Generic(path));
        Assert.Contains("not executable", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("echo 'hello, I am not a SAT solver'; exit 10", "no 's' status line")]
    [InlineData("kill -9 $$", "killed by signal 9")]
    [InlineData("echo 's SATISFIABLE'; exit 20", "exited with code 20")]
    [InlineData("echo 's UNSATISFIABLE'; exit 10", "exited with code 10")]
    [InlineData("echo 's SATISFIABLE'; exit 10", "printed no model")]
    [InlineData("echo 's SATISFIABLE'; echo 'v 1 2'; exit 10", "not terminated by 0")]
    [InlineData("echo 's SATISFIABLE'; echo 'v 1 x 0'; exit 10", "not an integer")]
    [InlineData("echo 's SATISFIABLE'; echo 'v 1 7 0'; exit 10", "only 2")]
    [InlineData("echo 's SATISFIABLE'; echo 's UNSATISFIABLE'; exit 10", "two different status lines")]
    [InlineData("echo 's UNKNOWN'; exit 0", "UNKNOWN")]
    [InlineData("echo 's INDETERMINATE'; exit 0", "INDETERMINATE")]
    [InlineData("echo 's MAYBE'; exit 0", "unrecognised status")]
    [InlineData("echo 'segfault!' >&2; exit 139", "killed by signal 11")]
    [InlineData("exit 3", "exit code 3")]
    public void Misbehaving_solver_output_gives_unknown(string body, string expectedReason)
    {
        using var backend = Backend(body, out var solver);
        var result = backend.Solve([], TimeSpan.FromSeconds(30), CancellationToken.None);
        var unknown = Assert.IsType<SolveResult.Unknown>(result);
        Assert.Contains(expectedReason, unknown.Reason, StringComparison.Ordinal);
        Assert.Contains(solver.Name, unknown.Reason, StringComparison.Ordinal);
        Assert.Equal(1, solver.Runs);
    }

    [Fact]
    public void A_model_that_falsifies_a_clause_gives_unknown_not_satisfiable()
    {
        // The formula forces x1 false; the fake solver claims x1 true.
        using var backend = Backend("echo 's SATISFIABLE'; echo 'v 1 -2 0'; exit 10", out _);
        var result = backend.Solve([], null, CancellationToken.None);
        var unknown = Assert.IsType<SolveResult.Unknown>(result);
        Assert.Contains("falsifies clause", unknown.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_falsifies_an_assumption_gives_unknown()
    {
        using var backend = Backend("echo 's SATISFIABLE'; echo 'v -1 2 0'; exit 10", out _);
        var result = backend.Solve([Lit.Positive(1), Lit.Negative(1)], null, CancellationToken.None);
        Assert.Contains("assumption", Assert.IsType<SolveResult.Unknown>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_well_behaved_fake_solver_is_believed()
    {
        // Guards the fault tests above: the same harness does return verdicts when the output is right.
        using var sat = Backend("echo 'c comment'; echo 's SATISFIABLE'; echo 'v -1'; echo 'v 2 0'; exit 10", out _);
        Assert.Equal([false, true], Assert.IsType<SolveResult.Satisfiable>(sat.Solve([], null, CancellationToken.None)).Model);
        using var unsat = Backend("echo 's UNSATISFIABLE'; exit 20", out _);
        Assert.IsType<SolveResult.Unsatisfiable>(unsat.Solve([], null, CancellationToken.None));
    }

    [Fact]
    public void A_solver_that_outlives_its_time_limit_is_killed_with_its_children()
    {
        string marker = Path.Combine(_scripts.FullName, "child-still-running");
        // The grandchild would create the marker if it survived the kill.
        using var backend = Backend($"(sleep 4; touch '{marker}') & sleep 60", out var solver);
        var result = backend.Solve([], TimeSpan.FromMilliseconds(300), CancellationToken.None);
        var unknown = Assert.IsType<SolveResult.Unknown>(result);
        Assert.Contains("no answer within", unknown.Reason, StringComparison.Ordinal);
        Assert.Contains(solver.Name, unknown.Reason, StringComparison.Ordinal);
        Thread.Sleep(TimeSpan.FromSeconds(5));
        Assert.False(File.Exists(marker), "a child of the solver survived the kill");
    }

    [Fact]
    public void Cancellation_kills_the_solver_and_gives_unknown()
    {
        using var backend = Backend("sleep 60", out _);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var result = backend.Solve([], null, cancellation.Token);
        Assert.Contains("cancelled", Assert.IsType<SolveResult.Unknown>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_temporary_dimacs_file_is_deleted_after_the_run()
    {
        string record = Path.Combine(_scripts.FullName, "input-path");
        using var backend = Backend($"echo \"$1\" > '{record}'; cp \"$1\" '{record}.cnf'; echo 's UNSATISFIABLE'; exit 20", out _);
        backend.Solve([Lit.Positive(0)], null, CancellationToken.None);
        string input = File.ReadAllText(record).Trim();
        Assert.False(File.Exists(input), $"{input} was left behind");
        Assert.False(Directory.Exists(Path.GetDirectoryName(input)), "the temporary folder was left behind");
        // The assumption reached the solver as a unit clause.
        Assert.Contains("\n1 0\n", File.ReadAllText(record + ".cnf"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_solver_that_times_out_answers_unknown()
    {
        using var backend = SolverBackends.Create("cadical/totalizer");
        Pigeonhole.Add(backend, holes: 11);
        var result = backend.Solve([], TimeSpan.FromSeconds(1), CancellationToken.None);
        var unknown = Assert.IsType<SolveResult.Unknown>(result);
        Assert.Contains("cadical", unknown.Reason, StringComparison.Ordinal);
    }

    /// <summary>A generic backend over a fake solver script; its formula has two variables and forces x1 false.</summary>
    private CnfBackend Backend(string body, out DimacsSolver solver)
    {
        string path = Path.Combine(_scripts.FullName, $"fake-{Guid.NewGuid():N}");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        solver = DimacsSolver.Generic(path);
        var backend = new CnfBackend(solver, CardinalityEncoding.Totalizer);
        backend.NewVariable();
        backend.NewVariable();
        backend.AddClause([Lit.Negative(0)]);
        return backend;
    }
}
