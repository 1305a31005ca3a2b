using BnnVerify.Encoding.Backends.External;
using static BnnVerify.Tests.Solving.SolverFaultCommandLineTests;

namespace BnnVerify.Tests.Solving;

/// <summary>Tests that set <see cref="ClaspBackend.ExecutableVariable"/>, which every clasp backend of the process reads: they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClaspEnvironmentGroup
{
    /// <summary>The collection's name.</summary>
    public const string Name = "clasp executable variable";
}

/// <summary>
/// A misbehaving clasp seen from the command line (<c>--backend clasp</c> with <c>BNNVERIFY_CLASP</c> naming a fake
/// one): missing, garbage, crashing, killed, lying, never answering. Each gives one clear reason per contract and
/// exit 3, never a verdict or a stack trace. <c>Encoding.ClaspBackendTests</c> covers the backend's side.
/// </summary>
[Collection(ClaspEnvironmentGroup.Name)]
public sealed class ClaspCommandLineTests : IDisposable
{
    private static readonly string Xor = Path.Combine(RepositoryRoot.Path, "models", "xor.json");

    private static readonly string XorSpec = Path.Combine(RepositoryRoot.Path, "specs", "xor.contract");

    private readonly DirectoryInfo _scripts = Directory.CreateTempSubdirectory("bnnverify-cli-fake-clasp-");
    private readonly string? _saved = Environment.GetEnvironmentVariable(ClaspBackend.ExecutableVariable);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(ClaspBackend.ExecutableVariable, _saved);
        _scripts.Delete(recursive: true);
    }

    /// <summary>Points the clasp backend at a fake clasp, a shell script with <paramref name="body"/>.</summary>
    private void UseFakeClasp(string body)
    {
        string path = Path.Combine(_scripts.FullName, $"clasp-{Guid.NewGuid():N}");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Environment.SetEnvironmentVariable(ClaspBackend.ExecutableVariable, path);
    }

    [Fact]
    public void A_missing_clasp_is_unknown_for_every_contract()
    {
        Environment.SetEnvironmentVariable(ClaspBackend.ExecutableVariable, Path.Combine(_scripts.FullName, "no-such-clasp"));
        var run = Check("check", Xor, XorSpec, "--backend", "clasp");
        IsUnknownWithReason(run, "named by BNNVERIFY_CLASP does not exist", contracts: 2);
    }

    [Theory]
    [InlineData("echo 'hello, I am not a PB solver'; exit 10", "printed no 's' status line")]
    [InlineData("echo 'segfault!' >&2; exit 139", "killed by signal 11")]
    [InlineData("kill -9 $$", "killed by signal 9")]
    [InlineData("echo 's SATISFIABLE'; exit 30", "said SATISFIABLE but printed no model")]
    [InlineData("echo 's UNKNOWN'; exit 1", "clasp answered UNKNOWN")]
    public void A_clasp_that_prints_garbage_or_crashes_gives_unknown(string body, string reason)
    {
        UseFakeClasp(body);
        var run = Check("check", Xor, XorSpec, "--contract", "symmetric", "--backend", "clasp", "--verbose");
        IsUnknownWithReason(run, reason);
        // --verbose names the backend that decided (the default text report does not).
        Assert.Contains("decided by clasp ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clasp_that_returns_a_wrong_model_is_caught_before_any_counterexample_is_reported()
    {
        // "symmetric" is violated by no input, so every model is wrong; all-false names only existing variables.
        UseFakeClasp("echo 's SATISFIABLE'; echo 'v -x1 -x2'; exit 30");
        var run = Check("check", Xor, XorSpec, "--contract", "symmetric", "--backend", "clasp");
        IsUnknownWithReason(run, "clasp returned a model that fails the check");
    }

    [Fact]
    public void A_clasp_that_never_answers_is_killed_at_the_timeout()
    {
        string marker = Path.Combine(_scripts.FullName, "child-still-running");
        UseFakeClasp($"(sleep 8; touch '{marker}') & sleep 60");
        var run = Check("check", Xor, XorSpec, "--contract", "symmetric", "--backend", "clasp", "--timeout", "1");
        IsUnknownWithReason(run, "timeout after 1s");
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(1) + TimeoutCommandLineTests.Margin, $"the check took {run.Elapsed.TotalSeconds:0.0} s with --timeout 1");
        Thread.Sleep(TimeSpan.FromSeconds(8) - run.Elapsed + TimeSpan.FromSeconds(1));
        Assert.False(File.Exists(marker), "a child of the fake clasp survived the timeout");
    }

    [Fact]
    public void The_real_clasp_decides_the_xor_contracts()
    {
        Environment.SetEnvironmentVariable(ClaspBackend.ExecutableVariable, null);
        var clasp = Check("check", Xor, XorSpec, "--backend", "clasp", "--format", "json");
        var exhaustive = Check("check", Xor, XorSpec, "--backend", "exhaustive", "--format", "json");
        Assert.True(clasp.ExitCode == exhaustive.ExitCode, $"clasp:\n{clasp}\nexhaustive:\n{exhaustive}");
        Assert.Contains("\"backend\": \"clasp\"", clasp.Output, StringComparison.Ordinal);
    }
}
