using BnnVerify.Bnn.Engine;
using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Logic;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Tests.Checking;

namespace BnnVerify.Tests.Workflow;

/// <summary>
/// How far checking goes once a contract is violated: exact counts (<c>--count</c>), the counting budget (the default
/// of <c>check</c>), the first counterexample (<c>--fail-fast</c>); and that a solver backend stops at its first
/// counterexample unless more are asked for.
/// </summary>
public sealed class ViolationCountingTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bnnverify-counting-");

    public void Dispose() => _folder.Delete(recursive: true);

    // 2^16 inputs and a contract most of them violate: "class is always c0" on a random network.
    private (PackedNetwork Network, ElaboratedContract Contract) Violated()
    {
        var model = RandomNetworks.Create(7, [16, 8, 3]);
        string spec = Path.Combine(_folder.FullName, "counting.contract");
        File.WriteAllText(spec, "contract always_c0 { ensures class == c0 }\n");
        var loaded = SpecLoader.Load(spec, model);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        return (PackedNetwork.Compile(model), loaded.Spec!.Contracts[0]);
    }

    private static ContractResult Check(PackedNetwork network, ElaboratedContract contract, ViolationCounting counting, TimeSpan budget) =>
        new ExhaustiveChecker(network, new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, 3, Threads: 1) { Counting = counting, CountingBudget = budget })
            .Check(contract, null, CancellationToken.None);

    [Fact]
    public void Exact_counting_visits_every_input()
    {
        var (network, contract) = Violated();
        var exact = Check(network, contract, ViolationCounting.Exact, TimeSpan.Zero);
        Assert.Equal(Verdict.Violated, exact.Verdict);
        Assert.Equal(1L << 16, exact.InputsChecked);
        Assert.Null(exact.Reason);
        // The count is real: it matches evaluating every input one by one.
        long expected = 0;
        for (int x = 0; x < 1 << 16; x++)
        {
            var input = Enumerable.Range(0, 16).Select(i => ((x >> i) & 1) == 1).ToArray();
            if (network.Evaluate(input).Class != 0)
                expected++;
        }
        Assert.Equal(expected, exact.Violations);
        Assert.True(expected > 1000, "the contract should be violated often for the other tests to mean something");
    }

    [Fact]
    public void A_spent_counting_budget_stops_at_the_next_batch_with_at_least_the_violations_seen()
    {
        var (network, contract) = Violated();
        var exact = Check(network, contract, ViolationCounting.Exact, TimeSpan.Zero);
        var budget = Check(network, contract, ViolationCounting.WithinBudget, TimeSpan.Zero);
        Assert.Equal(Verdict.Violated, budget.Verdict);
        Assert.True(budget.InputsChecked < exact.InputsChecked, $"checked {budget.InputsChecked} of {exact.InputsChecked}");
        Assert.InRange(budget.Violations!.Value, 1, exact.Violations!.Value - 1);
        Assert.Contains("counting budget", budget.Reason, StringComparison.Ordinal);
        Assert.NotEmpty(budget.Counterexamples);
    }

    [Fact]
    public void A_budget_that_is_not_spent_counts_exactly()
    {
        var (network, contract) = Violated();
        var exact = Check(network, contract, ViolationCounting.Exact, TimeSpan.Zero);
        var budget = Check(network, contract, ViolationCounting.WithinBudget, TimeSpan.FromMinutes(10));
        Assert.Equal(exact.Violations, budget.Violations);
        Assert.Equal(exact.InputsChecked, budget.InputsChecked);
        Assert.Null(budget.Reason);
    }

    [Fact]
    public void Fail_fast_stops_at_the_first_counterexample()
    {
        var (network, contract) = Violated();
        var first = Check(network, contract, ViolationCounting.FirstCounterexample, TimeSpan.FromMinutes(10));
        Assert.Equal(Verdict.Violated, first.Verdict);
        Assert.Single(first.Counterexamples);
        Assert.True(first.InputsChecked < 1L << 16);
        Assert.Contains("--fail-fast", first.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_never_stops_a_contract_that_holds()
    {
        var model = RandomNetworks.Create(7, [16, 8, 3]);
        string spec = Path.Combine(_folder.FullName, "holds.contract");
        File.WriteAllText(spec, "contract some_class { ensures class == c0 || class == c1 || class == c2 }\n");
        var contract = SpecLoader.Load(spec, model).Spec!.Contracts[0];
        var result = Check(PackedNetwork.Compile(model), contract, ViolationCounting.WithinBudget, TimeSpan.Zero);
        Assert.Equal(Verdict.Holds, result.Verdict);
        Assert.Equal(1L << 16, result.InputsChecked);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    public void A_solver_backend_searches_once_per_counterexample_asked_for(int asked, int solves)
    {
        var (network, contract) = Violated();
        var backends = new List<CountingBackend>();
        var checker = new SolverChecker(network, "native-inputs", () =>
        {
            var backend = new CountingBackend(SolverBackends.Create("native-inputs"));
            backends.Add(backend);
            return backend;
        }, asked);
        var result = checker.Check(contract, null, CancellationToken.None);
        Assert.Equal(Verdict.Violated, result.Verdict);
        Assert.Equal(asked, result.Counterexamples.Length);
        // Searches without assumptions look for a new counterexample; the solves under assumptions only make the found
        // one canonical (SolverChecker.Minimise).
        Assert.Equal(solves, backends.Sum(b => b.Searches));
    }

    /// <summary>Passes everything to a backend and counts the solve calls without assumptions.</summary>
    private sealed class CountingBackend(ISatBackend inner) : Solving.ForwardingBackend(inner)
    {
        public int Searches { get; private set; }

        public override SolveResult Solve(ReadOnlySpan<Lit> assumptions, TimeSpan? timeout, CancellationToken cancellation)
        {
            if (assumptions.IsEmpty)
                Searches++;
            return base.Solve(assumptions, timeout, cancellation);
        }
    }
}
