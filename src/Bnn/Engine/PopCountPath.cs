using System.Runtime.Intrinsics.X86;

namespace BnnVerify.Bnn.Engine;

/// <summary>
/// How the engine counts the disagreeing bits of a weight row and an input (<see cref="XorPopCount"/>). Every path
/// gives exactly the same counts; they differ only in speed, and a path is usable only where the CPU has its
/// instructions (<see cref="PopCountPaths.IsAvailable"/>).
/// </summary>
public enum PopCountPath
{
    /// <summary>One 64-bit <c>popcnt</c> per word (<see cref="System.Numerics.BitOperations.PopCount(ulong)"/>): every CPU.</summary>
    Scalar,

    /// <summary>
    /// Four words at a time with AVX2: a 16-entry nibble table looked up by <c>vpshufb</c> on the low and high
    /// nibbles, summed per 64-bit lane by <c>vpsadbw</c> against zero (Muła, Kurz and Lemire, "Faster population
    /// counts using AVX2 instructions", 2018); the last words scalar.
    /// </summary>
    Avx2,

    /// <summary>The same nibble lookup eight words at a time with AVX-512BW, then four words with AVX2, then scalar.</summary>
    Avx512BW,
}

/// <summary>Which <see cref="PopCountPath"/> the engine uses: chosen once per process from the CPU and <see cref="Variable"/>.</summary>
public static class PopCountPaths
{
    /// <summary>
    /// The environment variable that forces a path for benchmarks and tests: <c>scalar</c>, <c>avx2</c>,
    /// <c>avx512bw</c> or <c>auto</c> (the default). A value that is not one of these, or names a path this CPU
    /// lacks, means <c>auto</c>; <see cref="DefaultReason"/> says so.
    /// </summary>
    public const string Variable = "BNNVERIFY_ENGINE_POPCOUNT";

    /// <summary>
    /// The path every network compiled without an explicit one uses. <c>auto</c> is the widest path this CPU has
    /// (AVX-512BW, else AVX2, else scalar): measured in docs/benchmarks.md ("Reference engine"), the vector paths
    /// are faster wherever they are used, which is only on layers of at least
    /// <see cref="XorPopCount.MinimumInterleavedWords"/> input words.
    /// </summary>
    public static PopCountPath Default { get; }

    /// <summary>Why <see cref="Default"/> is what it is, for <c>--verbose</c>-style reporting and benchmark logs.</summary>
    public static string DefaultReason { get; }

    static PopCountPaths()
    {
        (Default, DefaultReason) = Choose(Environment.GetEnvironmentVariable(Variable));
    }

    /// <summary>True when this CPU (and runtime) can run <paramref name="path"/>.</summary>
    public static bool IsAvailable(PopCountPath path) => path switch
    {
        PopCountPath.Scalar => true,
        PopCountPath.Avx2 => Avx2.IsSupported,
        PopCountPath.Avx512BW => Avx512BW.IsSupported && Avx2.IsSupported,
        _ => false,
    };

    /// <summary>Every path this CPU can run, scalar first.</summary>
    public static IReadOnlyList<PopCountPath> Available() =>
        [.. Enum.GetValues<PopCountPath>().Where(IsAvailable)];

    /// <summary>The lower-case name used by <see cref="Variable"/> and in reports.</summary>
    public static string Name(PopCountPath path) => path switch
    {
        PopCountPath.Scalar => "scalar",
        PopCountPath.Avx2 => "avx2",
        PopCountPath.Avx512BW => "avx512bw",
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "not a popcount path"),
    };

    /// <summary>The path a setting of <see cref="Variable"/> selects on this CPU, and why.</summary>
    internal static (PopCountPath Path, string Reason) Choose(string? setting)
    {
        string value = setting?.Trim().ToLowerInvariant() ?? "";
        var widest = Available()[^1];
        if (value is "" or "auto")
            return (widest, $"auto: {Name(widest)}, the widest path this CPU has");
        foreach (var path in Enum.GetValues<PopCountPath>())
        {
            if (value != Name(path))
                continue;
            return IsAvailable(path)
                ? (path, $"{Variable}={value}")
                : (widest, $"{Variable}={value}, which this CPU lacks: auto ({Name(widest)})");
        }
        return (widest, $"{Variable}='{setting}' is not scalar, avx2, avx512bw or auto: auto ({Name(widest)})");
    }
}
