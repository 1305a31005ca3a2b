namespace BnnVerify.Fuzz.Targets;

/// <summary>Every fuzz target by name. Paths are relative to the repository root, which is the working directory of both callers.</summary>
public static class FuzzTargets
{
    /// <summary>The target names, in the order scripts/fuzz.sh lists them.</summary>
    public static readonly IReadOnlyList<string> Names = [ModelTarget.TargetName, SpecTarget.TargetName, CounterexampleTarget.TargetName];

    /// <summary>Creates the target called <paramref name="name"/>, or returns null for an unknown name.</summary>
    public static FuzzTarget? Create(string name) => name switch
    {
        ModelTarget.TargetName => new ModelTarget(),
        SpecTarget.TargetName => new SpecTarget(),
        CounterexampleTarget.TargetName => new CounterexampleTarget(),
        _ => null,
    };

    /// <summary>A scratch folder of this process for targets whose reader takes a path rather than bytes.</summary>
    internal static string ScratchDirectory { get; } = CreateScratchDirectory();

    /// <summary>
    /// Writes <paramref name="input"/> to a scratch file of the calling thread (the replay test runs targets on
    /// several threads) and returns its path.
    /// </summary>
    internal static string WriteScratchFile(byte[] input, string extension)
    {
        string path = Path.Combine(ScratchDirectory, $"input-{Environment.CurrentManagedThreadId}{extension}");
        File.WriteAllBytes(path, input);
        return path;
    }

    private static string CreateScratchDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bnnverify-fuzz-{Environment.ProcessId}");
        Directory.CreateDirectory(path);
        return path;
    }
}
