using System.Diagnostics;
using System.Text.Json;
using BnnVerify.Verifier.Cli;

namespace BnnVerify.Tests.Solving;

/// <summary>
/// Solvers that fail, seen from the command line (the in-process <see cref="CommandLine.Run"/> the golden tests use):
/// a missing binary, one that never answers, one that prints garbage or a model that is no model, a backend that
/// refuses the problem. Each must give one clear reason per contract and exit 3 (unknown), never a stack trace and
/// never a verdict. <c>Encoding.ExternalSolverFaultTests</c> covers the backend's side of the same faults; these
/// check that the reason reaches the user and the exit code gates CI.
/// </summary>
public sealed class SolverFaultCommandLineTests : IDisposable
{
    internal const int Unknown = 3;

    private readonly DirectoryInfo _scripts = Directory.CreateTempSubdirectory("bnnverify-cli-fake-solvers-");

    public void Dispose() => _scripts.Delete(recursive: true);

    private static readonly string Xor = Path.Combine(RepositoryRoot.Path, "models", "xor.json");

    private static readonly string XorSpec = Path.Combine(RepositoryRoot.Path, "specs", "xor.contract");

    internal sealed record Run(int ExitCode, string Output, string Error, TimeSpan Elapsed)
    {
        public override string ToString() => $"[exit {ExitCode}]\n--- standard output\n{Output}--- standard error\n{Error}";
    }

    internal static Run Check(params string[] arguments)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var clock = Stopwatch.StartNew();
        int exitCode = (int)CommandLine.Run(arguments, output, error);
        return new Run(exitCode, output.ToString(), error.ToString(), clock.Elapsed);
    }

    /// <summary>A fake solver: a shell script with <paramref name="body"/>, made executable.</summary>
    private string Script(string name, string body)
    {
        string path = Path.Combine(_scripts.FullName, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        // The fake solvers are shell scripts; like the solvers themselves, these tests assume a Unix.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>
    /// Exit 3; each of the <paramref name="contracts"/> checked contracts UNKNOWN with <paramref name="reason"/>
    /// exactly once; no verdict, no stack trace, nothing on standard error.
    /// </summary>
    internal static void IsUnknownWithReason(Run run, string reason, int contracts = 1)
    {
        Assert.True(run.ExitCode == Unknown, $"expected exit 3 (unknown):\n{run}");
        // The headline no longer names the backend (docs/report-format.md): it ends at the verdict.
        Assert.True(Occurrences(run.Output.Replace("\r\n", "\n", StringComparison.Ordinal), ": UNKNOWN\n") == contracts, $"expected {contracts} unknown contract(s):\n{run}");
        Assert.True(Occurrences(run.Output, reason) == contracts, $"expected the reason '{reason}' once per contract:\n{run}");
        Assert.DoesNotContain("HOLDS", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("VIOLATED", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("counterexample", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output + run.Error, StringComparison.Ordinal);
        Assert.True(run.Error.Length == 0, $"nothing belongs on standard error:\n{run}");
        Assert.Contains($"{contracts} unknown", run.Output, StringComparison.Ordinal);
    }

    private static int Occurrences(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    [Fact]
    public void A_missing_solver_binary_is_unknown_for_every_contract()
    {
        var run = Check("check", Xor, XorSpec, "--backend", "external:/nonexistent/solver");
        IsUnknownWithReason(run, "the solver binary '/nonexistent/solver' does not exist", contracts: 2);
    }

    [Fact]
    public void A_missing_solver_binary_is_unknown_in_the_json_report_too()
    {
        var run = Check("check", Xor, XorSpec, "--backend", "external:/nonexistent/solver", "--format", "json");
        Assert.True(run.ExitCode == Unknown, run.ToString());
        using var report = JsonDocument.Parse(run.Output);
        Assert.Equal(Unknown, report.RootElement.GetProperty("exitCode").GetInt32());
        foreach (var contract in report.RootElement.GetProperty("contracts").EnumerateArray())
        {
            Assert.Equal("unknown", contract.GetProperty("verdict").GetString());
            Assert.Contains("does not exist", contract.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, contract.GetProperty("counterexamples").GetArrayLength());
        }
        Assert.Equal(0, report.RootElement.GetProperty("summary").GetProperty("holds").GetInt32());
    }

    [Fact]
    public void A_solver_that_never_answers_is_stopped_at_the_timeout_and_gives_unknown()
    {
        string solver = Script("sleeper", "sleep 60");
        var run = Check("check", Xor, XorSpec, "--contract", "symmetric", "--backend", "external:" + solver, "--timeout", "1");
        IsUnknownWithReason(run, "timeout after 1s");
        // The solver was killed at the timeout rather than waited for.
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(30), $"the check took {run.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void A_real_solver_on_a_hard_contract_gives_unknown_at_a_small_timeout()
    {
        // CaDiCaL needs seconds for this 64-input robustness contract; a fifth of a second cannot decide it.
        var run = Check("check", Path.Combine(RepositoryRoot.Path, "models", "digits.json"), Path.Combine(RepositoryRoot.Path, "specs", "digits-robustness.contract"),
            "--contract", "digit0_robust_within_10", "--backend", "cadical/totalizer", "--timeout", "0.2");
        IsUnknownWithReason(run, "timeout after 0.2s");
    }

    [Theory]
    [InlineData("garbage", "echo 'hello, I am not a SAT solver'; exit 10", "printed no 's' status line")]
    [InlineData("no-model", "echo 's SATISFIABLE'; exit 10", "said SATISFIABLE but printed no model")]
    [InlineData("too-many-variables", "echo 's SATISFIABLE'; echo 'v 1 2 3 4 5 6 7 8 9 10 0'; exit 10", "but the formula has only")]
    [InlineData("crash", "echo 'segfault!' >&2; exit 139", "killed by signal 11")]
    public void A_solver_that_prints_garbage_gives_unknown(string name, string body, string reason)
    {
        string solver = Script(name, body);
        var run = Check("check", Xor, XorSpec, "--contract", "symmetric", "--backend", "external:" + solver, "--verbose");
        IsUnknownWithReason(run, reason);
        // --verbose names the backend that decided (the default text report does not).
        Assert.Contains($"decided by {name}/totalizer ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_solver_that_returns_a_wrong_model_is_caught_before_any_counterexample_is_reported()
    {
        // "symmetric" is violated by no input, so any model is wrong; all-false satisfies x0 == x1 and the right
        // number of variables, so only checking the model against the formula catches it.
        int variables = Variables(Export(Xor, XorSpec, "symmetric"));
        string model = string.Join(" ", Enumerable.Range(1, variables).Select(v => -v));
        string solver = Script("liar", $"echo 's SATISFIABLE'; echo 'v {model} 0'; exit 10");
        var run = Check("check", Xor, XorSpec, "--contract", "symmetric", "--backend", "external:" + solver);
        IsUnknownWithReason(run, "returned a model that falsifies clause");
    }

    [Fact]
    public void The_unsound_cms_native_backend_is_refused_with_the_alternative()
    {
        var run = Check("check", Xor, XorSpec, "--backend", "cms-native");
        IsUnknownWithReason(run, "give wrong UNSAT answers", contracts: 2);
        Assert.Contains("use cms/<encoding> instead", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bruteforce_backend_refuses_a_problem_beyond_its_bound_as_unknown_not_an_internal_error()
    {
        // zoo has 16 inputs: its encoding needs more than the 20 variables bruteforce enumerates.
        var run = Check("check", Path.Combine(RepositoryRoot.Path, "models", "zoo.json"), Path.Combine(RepositoryRoot.Path, "specs", "zoo.contract"),
            "--contract", FirstContract(Path.Combine(RepositoryRoot.Path, "specs", "zoo.contract")), "--backend", "bruteforce");
        IsUnknownWithReason(run, "accepts at most 20 variables");
    }

    private static string FirstContract(string spec) =>
        File.ReadLines(spec).Select(line => line.Trim()).First(line => line.StartsWith("contract ", StringComparison.Ordinal)).Split(' ')[1];

    /// <summary>Exports <paramref name="contract"/> as DIMACS and returns the file's text.</summary>
    private string Export(string model, string spec, string contract)
    {
        string path = Path.Combine(_scripts.FullName, contract + ".cnf");
        var run = Check("export", model, spec, "--contract", contract, "--format", "dimacs", "--output", path);
        Assert.True(run.ExitCode == 0, run.ToString());
        return File.ReadAllText(path);
    }

    private static int Variables(string dimacs)
    {
        string header = dimacs.Split('\n').First(line => line.StartsWith("p cnf ", StringComparison.Ordinal));
        return int.Parse(header.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
    }
}
