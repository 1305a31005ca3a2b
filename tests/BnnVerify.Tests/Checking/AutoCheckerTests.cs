using BnnVerify.Encoding.Backends;
using BnnVerify.Bnn.Engine;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Tests.Checking;

/// <summary>
/// <c>--backend auto</c>: exhaustive alone on small scopes, a race of exhaustive checking and the solver on larger
/// ones, the solver alone beyond the exhaustive bound; the verdict is always the exhaustive one.
/// </summary>
public sealed class AutoCheckerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bnnverify-auto-");

    public void Dispose() => _folder.Delete(recursive: true);

    private (PackedNetwork Network, ElaboratedContract[] Contracts) Setup(int seed, int inputs, params string[] contracts)
    {
        var model = RandomNetworks.Create(seed, [inputs, 8, 3]);
        string spec = Path.Combine(_folder.FullName, "auto.contract");
        File.WriteAllText(spec, string.Concat(contracts.Select((body, c) => $"contract k{c} {{ {body} }}\n")));
        var loaded = SpecLoader.Load(spec, model);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        return (PackedNetwork.Compile(model), [.. loaded.Spec!.Contracts]);
    }

    [Fact]
    public void Small_scopes_are_checked_exhaustively_alone()
    {
        // 2^16 inputs: exactly the bound below which no solver is started.
        var (network, contracts) = Setup(1, 16, "ensures class == c0", "requires x0 ensures class != c1");
        var auto = CheckerFactory.Create("auto", network, new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, 1), out _)!;
        foreach (var contract in contracts)
        {
            var result = auto.Check(contract, null, CancellationToken.None);
            Assert.Equal("exhaustive", result.Backend);
            Assert.NotNull(result.Violations);
        }
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 4)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Larger_scopes_race_and_agree_with_exhaustive_checking(int seed)
    {
        // 2^18 inputs, above the small-scope bound: both sides run and the first verdict wins.
        var (network, contracts) = Setup(seed, 18, "ensures class == c0", "ensures class != c2", "requires !x3 ensures class == c1 || class == c2");
        var options = new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, 1);
        var auto = CheckerFactory.Create("auto", network, options, out _)!;
        var exhaustive = new ExhaustiveChecker(network, options);
        foreach (var contract in contracts)
        {
            var expected = exhaustive.Check(contract, null, CancellationToken.None);
            var result = auto.Check(contract, null, CancellationToken.None);
            Assert.Contains(result.Backend, new[] { "exhaustive", CheckerFactory.DefaultAutoBackend, "simplifier" });
            Assert.Equal(expected.Verdict, result.Verdict);
        }
    }

    [Fact]
    public void Beyond_the_exhaustive_bound_the_solver_decides()
    {
        var (network, contracts) = Setup(7, 18, "ensures class == c0", "ensures class != c2");
        var options = new ExhaustiveOptions(1L << 17, 1);
        var auto = CheckerFactory.Create("auto", network, options, out _)!;
        var exhaustive = new ExhaustiveChecker(network, options with { MaxInputs = 1L << 20 });
        foreach (var contract in contracts)
        {
            var result = auto.Check(contract, null, CancellationToken.None);
            Assert.Contains(result.Backend, new[] { CheckerFactory.DefaultAutoBackend, "simplifier" });
            Assert.Equal(exhaustive.Check(contract, null, CancellationToken.None).Verdict, result.Verdict);
        }
    }

    [Fact]
    public void A_cancelled_race_is_unknown()
    {
        var (network, contracts) = Setup(3, 18, "ensures class == c0");
        var auto = CheckerFactory.Create("auto", network, new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, 1), out _)!;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Equal(Verdict.Unknown, auto.Check(contracts[0], null, cancelled.Token).Verdict);
    }

    /// <summary>A solver side that fails at once, as a missing binary or a bad model does.</summary>
    private sealed class FailingSolver(Exception failure) : IContractChecker
    {
        public ContractResult Check(ElaboratedContract contract, ICheckProgress? progress, CancellationToken cancellation) => throw failure;
    }

    [Fact]
    public void A_missing_solver_does_not_stop_a_race_the_exhaustive_side_decides()
    {
        var (network, contracts) = Setup(5, 18, "ensures class == c0", "ensures class != c2");
        var options = new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, 1);
        var auto = new AutoChecker(network, options, new FailingSolver(new BackendUnavailableException("cadical", "cadical is not installed")));
        foreach (var contract in contracts)
        {
            var result = auto.Check(contract, null, CancellationToken.None);
            Assert.Equal("exhaustive", result.Backend);
            Assert.Equal(new ExhaustiveChecker(network, options).Check(contract, null, CancellationToken.None).Verdict, result.Verdict);
        }
    }

    [Fact]
    public void A_missing_solver_is_reported_when_the_exhaustive_side_cannot_decide()
    {
        var (network, contracts) = Setup(5, 18, "ensures class == c0");
        var auto = new AutoChecker(network, new ExhaustiveOptions(1L << 17, 1), new FailingSolver(new BackendUnavailableException("cadical", "cadical is not installed")));
        var failure = Assert.Throws<BackendUnavailableException>(() => auto.Check(contracts[0], null, CancellationToken.None));
        Assert.Contains("not installed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_solver_model_that_fails_replay_is_reported_even_when_exhaustive_checking_decides()
    {
        var (network, contracts) = Setup(5, 18, "ensures class == c0");
        var auto = new AutoChecker(network, new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, 1), new FailingSolver(new SolverReplayMismatchException("model does not replay")));
        Assert.Throws<SolverReplayMismatchException>(() => auto.Check(contracts[0], null, CancellationToken.None));
    }

    [Theory]
    [InlineData("native")]
    [InlineData("native-inputs")]
    [InlineData("minisat/totalizer")]
    [InlineData("z3-pb")]
    public void A_solver_check_cancelled_before_it_starts_is_unknown_never_a_partial_answer(string backend)
    {
        // A cancelled token stops LoadInto early; a model of the part loaded would be no counterexample (this was
        // reported as a replay mismatch when auto's race cancelled the native solver).
        var (network, contracts) = Setup(3, 12, "ensures class == c0", "requires x0 ensures class != c1");
        var checker = CheckerFactory.Create(backend, network, new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, 1), out _)!;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        foreach (var contract in contracts)
        {
            var result = checker.Check(contract, null, cancelled.Token);
            Assert.True(result.Verdict is Verdict.Unknown or Verdict.Holds, $"{backend}: {result.Verdict} ({result.Backend}, {result.Reason})");
            Assert.Empty(result.Counterexamples);
            Assert.True(result.Verdict == Verdict.Unknown || result.Backend == "simplifier", $"{backend}: {result.Verdict} from {result.Backend}");
        }
    }
}
