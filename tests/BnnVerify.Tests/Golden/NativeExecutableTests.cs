using System.Diagnostics;

namespace BnnVerify.Tests.Golden;

/// <summary>
/// The native executable's tests run alone, after the parallel collections: publishing keeps both cores busy for
/// about 80 s, which no test measuring wall-clock time should run beside, and its golden cases write under
/// tests/golden/out, as <see cref="GoldenTests"/> does.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeExecutableGroup
{
    /// <summary>The collection's name.</summary>
    public const string Name = "native executable, alone";
}

/// <summary>
/// Publishes the native executable once per test run (scripts/publish-native.sh into a temporary folder) and deletes it
/// afterwards. A failed publish is kept as the reason every test of the class fails with.
/// </summary>
public sealed class NativeExecutable : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bnnverify-native-");

    /// <summary>Publishes it.</summary>
    public NativeExecutable()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "scripts", "publish-native.sh"));
        start.ArgumentList.Add(_folder.FullName);
        string path = Path.Combine(_folder.FullName, "bnnverify");
        if (ChildProcess.Run(start, TimeSpan.FromMinutes(15)) is not { } run)
            PublishFailure = "scripts/publish-native.sh did not finish in 15 minutes";
        else if (run.ExitCode != 0 || !File.Exists(path))
            PublishFailure = $"scripts/publish-native.sh failed (exit {run.ExitCode}):\n{run.Output}{run.Error}";
        else
            FilePath = path;
    }

    /// <summary>The executable, or null when publishing failed.</summary>
    public string? FilePath { get; }

    /// <summary>Why there is no executable.</summary>
    public string? PublishFailure { get; }

    /// <inheritdoc/>
    public void Dispose() => _folder.Delete(recursive: true);
}

/// <summary>
/// The NativeAOT executable answers exactly as the managed tool: every golden CLI case, run through it as a process
/// with both streams in one pipe (as a terminal shows them), matches its golden file. NativeAOT has no run-time code
/// generation and trims what static analysis cannot see, so anything reflection-based would fail here first.
/// </summary>
[Collection(NativeExecutableGroup.Name)]
public sealed class NativeExecutableTests(NativeExecutable native) : IClassFixture<NativeExecutable>
{
    [Theory]
    [MemberData(nameof(GoldenTests.Cases), MemberType = typeof(GoldenTests))]
    public void The_native_executable_matches_every_golden_case(string name)
    {
        Assert.True(native.FilePath is not null, native.PublishFailure);
        var golden = GoldenCase.Load(Path.Combine(GoldenTests.Folder, name));
        Directory.CreateDirectory(GoldenTests.OutFolder);
        var (exitCode, output) = RunMerged(native.FilePath!, golden.Arguments);
        GoldenTests.AssertMatches(golden, output, exitCode, "the native executable's run");
    }

    /// <summary>Runs the executable with both of its streams in one pipe: sh merges them before either is read, which keeps their order.</summary>
    private static (int ExitCode, string Output) RunMerged(string executable, string[] arguments)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        foreach (string argument in (string[])["-c", "exec \"$0\" \"$@\" 2>&1", executable, .. arguments])
            start.ArgumentList.Add(argument);
        var run = ChildProcess.Run(start, TimeSpan.FromMinutes(5)) ?? throw new Xunit.Sdk.XunitException($"{string.Join(' ', arguments)}: the native executable did not finish in 5 minutes");
        Assert.True(run.Error.Length == 0, "sh itself wrote to standard error: " + run.Error);
        return (run.ExitCode, run.Output);
    }
}
