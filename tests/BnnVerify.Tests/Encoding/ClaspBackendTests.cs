using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Backends.External;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Tests.Encoding;

/// <summary>
/// The clasp backend with the real clasp and with fake ones (shell scripts in a temporary folder, given to the
/// constructor): every misbehaviour gives Unknown naming clasp, or "unavailable", never a verdict; the real
/// clasp decides weights, assumptions and the empty clause, and stops at its time limit.
/// </summary>
public sealed class ClaspBackendTests : IDisposable
{
    private readonly DirectoryInfo _scripts = Directory.CreateTempSubdirectory("bnnverify-fake-clasp-");

    public void Dispose() => _scripts.Delete(recursive: true);

    [Fact]
    public void A_missing_clasp_is_reported_as_unavailable_with_the_install_hint()
    {
        var e = Assert.Throws<BackendUnavailableException>(() => ClaspBackend.Locate(null, searchPath: ""));
        Assert.Equal("clasp", e.Backend);
        Assert.Contains("'clasp' was not found on PATH", e.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/install-solvers.sh", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_unexecutable_binary_named_by_the_environment_variable_is_unavailable()
    {
        string missing = Path.Combine(_scripts.FullName, "no-such-clasp");
        var e = Assert.Throws<BackendUnavailableException>(() => ClaspBackend.Locate(missing, searchPath: "/usr/bin"));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.Contains(ClaspBackend.ExecutableVariable, e.Message, StringComparison.Ordinal);
        string plain = Path.Combine(_scripts.FullName, "plain-file");
        File.WriteAllText(plain, "#!/bin/sh\nexit 20\n");
        Assert.Contains("not executable", Assert.Throws<BackendUnavailableException>(() => ClaspBackend.Locate(plain, "/usr/bin")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_environment_variable_wins_over_path()
    {
        string fake = Script("echo 's UNSATISFIABLE'; exit 20");
        Assert.Equal(fake, ClaspBackend.Locate(fake, searchPath: "/usr/bin"));
        Assert.Equal("/usr/bin/clasp", ClaspBackend.Locate(null, searchPath: "/nonexistent:/usr/bin"));
    }

    [Theory]
    [InlineData("echo 'hello, I am not a PB solver'; exit 10", "no 's' status line")]
    [InlineData("kill -9 $$", "killed by signal 9")]
    [InlineData("echo 'segfault!' >&2; exit 139", "killed by signal 11")]
    [InlineData("echo 's SATISFIABLE'; echo 'v -x1 x2'; exit 20", "exited with code 20")]
    [InlineData("echo 's UNSATISFIABLE'; exit 30", "exited with code 30")]
    [InlineData("echo 's SATISFIABLE'; exit 30", "printed no model")]
    [InlineData("echo 's SATISFIABLE'; echo 'v -1 2 0'; exit 30", "not a literal x<n> or -x<n>")]
    [InlineData("echo 's SATISFIABLE'; echo 'v -x1 x2 x7'; exit 30", "only 2")]
    [InlineData("echo 's SATISFIABLE'; echo 'v -x1 x1'; exit 30", "both true and false")]
    [InlineData("echo 's SATISFIABLE'; echo 's UNSATISFIABLE'; exit 10", "two different status lines")]
    [InlineData("echo 's UNKNOWN'; exit 1", "answered UNKNOWN (exit code 1)")]
    [InlineData("echo 's OPTIMUM FOUND'; exit 30", "unrecognised status")]
    [InlineData("echo '*** ERROR: (clasp): parse error in line 1:1' >&2; exit 65", "stderr: '*** ERROR: (clasp): parse error")]
    public void Misbehaving_clasp_output_gives_unknown(string body, string expectedReason)
    {
        using var backend = Backend(body);
        var result = backend.Solve([], TimeSpan.FromSeconds(30), CancellationToken.None);
        var unknown = Assert.IsType<SolveResult.Unknown>(result);
        Assert.Contains(expectedReason, unknown.Reason, StringComparison.Ordinal);
        Assert.StartsWith("clasp", unknown.Reason, StringComparison.Ordinal);
        Assert.Equal(1, backend.Runs);
    }

    [Fact]
    public void A_model_that_falsifies_a_clause_gives_unknown_not_satisfiable()
    {
        // The formula forces x1 false; the fake clasp claims x1 true.
        using var backend = Backend("echo 's SATISFIABLE'; echo 'v x1 -x2'; exit 30");
        var unknown = Assert.IsType<SolveResult.Unknown>(backend.Solve([], null, CancellationToken.None));
        Assert.Contains("fails the check", unknown.Reason, StringComparison.Ordinal);
        Assert.Contains("falsifies clause", unknown.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_violates_a_cardinality_constraint_or_an_assumption_gives_unknown()
    {
        // x2 ⇔ (at least 1 of ¬x1): with x1 false, x2 must be true; the fake clasp says false.
        using var backend = Backend("echo 's SATISFIABLE'; echo 'v -x1 -x2'; exit 30");
        backend.AddReifiedAtLeast([Lit.Negative(0)], 1, Lit.Positive(1));
        Assert.Contains("violates cardinality constraint 0", Assert.IsType<SolveResult.Unknown>(backend.Solve([], null, CancellationToken.None)).Reason, StringComparison.Ordinal);
        using var assumed = Backend("echo 's SATISFIABLE'; echo 'v -x1 -x2'; exit 30");
        Assert.Contains("falsifies assumption 2", Assert.IsType<SolveResult.Unknown>(assumed.Solve([Lit.Positive(1)], null, CancellationToken.None)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_well_behaved_fake_clasp_is_believed()
    {
        // Guards the fault tests above: the same harness does return verdicts when the output is right.
        using var sat = Backend("echo 'c Answer: 1'; echo 'v -x1'; echo 'v x2'; echo 's SATISFIABLE'; exit 30");
        Assert.Equal([false, true], Assert.IsType<SolveResult.Satisfiable>(sat.Solve([], null, CancellationToken.None)).Model);
        using var unsat = Backend("echo 's UNSATISFIABLE'; exit 20");
        Assert.IsType<SolveResult.Unsatisfiable>(unsat.Solve([], null, CancellationToken.None));
    }

    [Fact]
    public void A_clasp_that_outlives_its_time_limit_is_killed_with_its_children()
    {
        string marker = Path.Combine(_scripts.FullName, "child-still-running");
        // The grandchild would create the marker if it survived the kill (clasp gets 1 s + 1 s + 10 % past its own limit).
        using var backend = Backend($"(sleep 5; touch '{marker}') & sleep 60");
        var unknown = Assert.IsType<SolveResult.Unknown>(backend.Solve([], TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Contains("no answer within", unknown.Reason, StringComparison.Ordinal);
        Assert.StartsWith("clasp", unknown.Reason, StringComparison.Ordinal);
        Thread.Sleep(TimeSpan.FromSeconds(4));
        Assert.False(File.Exists(marker), "a child of clasp survived the kill");
    }

    [Fact]
    public void Cancellation_kills_clasp_and_gives_unknown()
    {
        using var backend = Backend("sleep 60");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = backend.Solve([], null, cancellation.Token);
        Assert.Contains("cancelled", Assert.IsType<SolveResult.Unknown>(result).Reason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void The_temporary_opb_file_holds_the_options_the_constraints_and_the_assumptions_and_is_deleted()
    {
        string record = Path.Combine(_scripts.FullName, "arguments");
        using var backend = Backend($"echo \"$@\" > '{record}'; for last; do :; done; cp \"$last\" '{record}.opb'; echo 's UNSATISFIABLE'; exit 20");
        int y = backend.NewVariable();
        // x3 ⇔ (2·x2 + ¬x1 ≥ 2): the repeated literal becomes the weight 2.
        backend.AddReifiedAtLeast([Lit.Positive(1), Lit.Positive(1), Lit.Negative(0)], 2, Lit.Positive(y));
        backend.Solve([Lit.Positive(1)], TimeSpan.FromSeconds(7.5), CancellationToken.None);
        string[] arguments = File.ReadAllText(record).Trim().Split(' ');
        Assert.Equal(["--configuration=jumpy", "--quiet=1", "--time-limit=8"], arguments[..^1]);
        string input = arguments[^1];
        Assert.False(File.Exists(input), $"{input} was left behind");
        Assert.False(Directory.Exists(Path.GetDirectoryName(input)), "the temporary folder was left behind");
        string opb = File.ReadAllText(record + ".opb");
        Assert.StartsWith("* #variable= 3 #constraint= 4\n", opb, StringComparison.Ordinal);
        // The clause ¬x1; y ⇒ at least 2 (Σℓ + 2·¬y ≥ 2); ¬y ⇒ at most 1 (Σ¬ℓ + 2·y ≥ 2); the assumption x2 as a unit.
        Assert.Contains("\n-1 x1 >= 0 ;\n", opb, StringComparison.Ordinal);
        Assert.Contains("\n+2 x2 -1 x1 -2 x3 >= -1 ;\n", opb, StringComparison.Ordinal);
        Assert.Contains("\n-2 x2 +1 x1 +2 x3 >= 0 ;\n", opb, StringComparison.Ordinal);
        Assert.EndsWith("\n+1 x2 >= 1 ;\n", opb, StringComparison.Ordinal);
    }

    [Fact]
    public void Real_clasp_counts_repeated_literals_as_weights()
    {
        using var backend = new ClaspBackend();
        int a = backend.NewVariable(), b = backend.NewVariable(), y = backend.NewVariable();
        // y ⇔ 2·a + b ≥ 2, with y true and a false: b alone is not enough.
        backend.AddReifiedAtLeast([Lit.Positive(a), Lit.Positive(a), Lit.Positive(b)], 2, Lit.Positive(y));
        Assert.IsType<SolveResult.Unsatisfiable>(backend.Solve([Lit.Positive(y), Lit.Negative(a)], null, CancellationToken.None));
        var model = Assert.IsType<SolveResult.Satisfiable>(backend.Solve([Lit.Positive(y), Lit.Negative(b)], null, CancellationToken.None)).Model;
        Assert.True(model[a]);
        Assert.Equal(2, backend.Runs);
    }

    [Fact]
    public void Real_clasp_refutes_the_empty_clause_even_without_variables()
    {
        using var backend = new ClaspBackend();
        backend.AddClause([]);
        Assert.IsType<SolveResult.Unsatisfiable>(backend.Solve([], null, CancellationToken.None));
    }

    [Fact]
    public void Real_clasp_that_times_out_answers_unknown()
    {
        using var backend = new ClaspBackend();
        Pigeonhole.Add(backend, holes: 12);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var unknown = Assert.IsType<SolveResult.Unknown>(backend.Solve([], TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Contains("clasp answered UNKNOWN", unknown.Reason, StringComparison.Ordinal);
        Assert.Contains("time limit 1 s", unknown.Reason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>A fake clasp script with <paramref name="body"/>, made executable.</summary>
    private string Script(string body)
    {
        string path = Path.Combine(_scripts.FullName, $"fake-clasp-{Guid.NewGuid():N}");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>A backend over a fake clasp; its formula has two variables and forces x1 false.</summary>
    private ClaspBackend Backend(string body)
    {
        var backend = new ClaspBackend(Script(body), ClaspBackend.DefaultOptions);
        backend.NewVariable();
        backend.NewVariable();
        backend.AddClause([Lit.Negative(0)]);
        return backend;
    }
}
