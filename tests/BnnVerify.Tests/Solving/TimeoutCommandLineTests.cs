using static BnnVerify.Tests.Solving.SolverFaultCommandLineTests;

namespace BnnVerify.Tests.Solving;

/// <summary>
/// The wall-clock bounds of <see cref="TimeoutCommandLineTests"/> run alone, after the parallel collections: on a fresh
/// clone's first run, with the other tests loading both cores, the one-second cms/totalizer check twice outlived the
/// 2 s grace and was abandoned (so no backend is named), though it stops in 1.5 s alone, even beside two busy loops.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WallClockGroup
{
    /// <summary>The collection's name.</summary>
    public const string Name = "wall-clock bounds, alone";
}

/// <summary>
/// <c>--timeout</c> bounds wall time: on a contract every backend below needs tens of seconds or more for
/// (tictactoe-move's plays_an_empty_cell: z3-pb 120 s, minisat 81 s, CaDiCaL 121 s), a one-second limit ends
/// the check within the documented margin (docs/ci.md: the limit plus at most 2 s; asserted here with
/// room for a loaded machine) with exit 3 and the timeout as the reason. External solvers are killed,
/// in-process ones interrupted.
/// </summary>
[Collection(WallClockGroup.Name)]
public sealed class TimeoutCommandLineTests
{
    /// <summary>The asserted bound above the limit: the 2 s grace, loading the model and spec, and slack for two loaded cores.</summary>
    internal static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    private static readonly string Model = Path.Combine(RepositoryRoot.Path, "models", "tictactoe-move.json");

    private static readonly string Spec = Path.Combine(RepositoryRoot.Path, "specs", "tictactoe-move.contract");

    [Theory]
    [InlineData("minisat/totalizer")]
    [InlineData("cadical/totalizer")]
    [InlineData("cms/totalizer")]
    [InlineData("z3-pb")]
    [InlineData("z3-intsum")]
    public void A_one_second_timeout_ends_a_hard_check_within_the_margin(string backend)
    {
        var run = Check("check", Model, Spec, "--contract", "plays_an_empty_cell", "--backend", backend, "--timeout", "1", "--verbose");
        IsUnknownWithReason(run, "timeout after 1s");
        // --verbose names the backend that decided (the default text report does not). CryptoMiniSat alone may be
        // abandoned instead, 2 s after the limit (docs/ci.md): interrupted every 25 ms from the limit on, it stopped
        // 1.1–1.9 s past it or was abandoned (6 of 25 runs on an idle 2-core machine), with or without its simplifications.
        bool abandoned = backend.StartsWith("cms/", StringComparison.Ordinal)
            && run.Output.Contains("the check did not stop within 2 s of being stopped and was abandoned", StringComparison.Ordinal)
            && run.Output.Contains("decided by none ", StringComparison.Ordinal);
        Assert.True(abandoned || run.Output.Contains($"decided by {backend} ", StringComparison.Ordinal), run.ToString());
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(1) + Margin, $"{backend} took {run.Elapsed.TotalSeconds:0.0} s with --timeout 1:\n{run}");
    }
}
