using BnnVerify.Bnn.Engine;
using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Logic;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Tests.Checking;

/// <summary>
/// <c>check --counterexamples as-found</c>: a solver backend reports the model it found, replayed but not minimised,
/// and says that it is not canonical; the default makes it the canonical one, which exhaustive checking also finds.
/// </summary>
public sealed class CounterexampleFormTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bnnverify-form-");

    public void Dispose() => _folder.Delete(recursive: true);

    // 2^16 inputs and a contract most of them violate, so that the solver's first model is rarely the smallest.
    private (PackedNetwork Network, ElaboratedContract Contract) Violated(int seed)
    {
        var model = RandomNetworks.Create(seed, [16, 8, 3]);
        string spec = Path.Combine(_folder.FullName, "form.contract");
        File.WriteAllText(spec, "contract always_c0 { ensures class == c0 }\n");
        var loaded = SpecLoader.Load(spec, model);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        return (PackedNetwork.Compile(model), loaded.Spec!.Contracts[0]);
    }

    private static (ContractResult Result, RecordingBackend Backend) CheckWithSolver(PackedNetwork network, ElaboratedContract contract, CounterexampleForm form)
    {
        RecordingBackend? recording = null;
        var checker = new SolverChecker(network, "native-inputs", () => recording = new RecordingBackend(SolverBackends.Create("native-inputs")), 1)
        {
            Form = form,
        };
        var result = checker.Check(contract, null, CancellationToken.None);
        Assert.NotNull(recording);
        return (result, recording);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(23)]
    public void As_found_reports_the_solvers_model_replayed_and_says_it_is_not_canonical(int seed)
    {
        var (network, contract) = Violated(seed);
        var (result, backend) = CheckWithSolver(network, contract, CounterexampleForm.AsFound);
        Assert.Equal(Verdict.Violated, result.Verdict);
        Assert.False(result.CounterexamplesCanonical);
        var counterexample = Assert.Single(result.Counterexamples);
        // The first model the solver answered, not a minimised one: no solve under assumptions was made.
        var first = Assert.Single(backend.Models);
        Assert.Equal(first.Take(network.InputCount), counterexample.Inputs);
        Assert.Equal(0, backend.SolvesUnderAssumptions);
        // Replayed: the reference engine's output for it, and it violates the contract there.
        var output = network.Evaluate(counterexample.Inputs.AsSpan());
        Assert.Equal(output.Class, counterexample.Output.Class);
        Assert.NotEqual(0, output.Class);
        Assert.NotEmpty(counterexample.FailedClauses);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(23)]
    public void Canonical_reports_the_smallest_counterexample_that_exhaustive_checking_keeps(int seed)
    {
        var (network, contract) = Violated(seed);
        var (result, _) = CheckWithSolver(network, contract, CounterexampleForm.Canonical);
        var exhaustive = new ExhaustiveChecker(network, new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, 1, Threads: 1))
            .Check(contract, null, CancellationToken.None);
        Assert.True(result.CounterexamplesCanonical);
        Assert.Equal(Bits(Assert.Single(exhaustive.Counterexamples).Inputs), Bits(Assert.Single(result.Counterexamples).Inputs));
    }

    [Fact]
    public void The_checker_factory_passes_the_form_to_solver_backends()
    {
        var (network, contract) = Violated(7);
        var options = new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, 1) { SolverCounterexampleForm = CounterexampleForm.AsFound };
        var checker = CheckerFactory.Create("native-inputs", network, options, out string? problem);
        Assert.True(checker is not null, problem);
        Assert.False(checker.Check(contract, null, CancellationToken.None).CounterexamplesCanonical);
    }

    private static string Bits(IEnumerable<bool> inputs) => string.Concat(inputs.Select(b => b ? '1' : '0'));

    /// <summary>Passes everything to a backend, keeping the models of the searches without assumptions.</summary>
    private sealed class RecordingBackend(ISatBackend inner) : Solving.ForwardingBackend(inner)
    {
        public List<bool[]> Models { get; } = [];

        public int SolvesUnderAssumptions { get; private set; }

        public override SolveResult Solve(ReadOnlySpan<Lit> assumptions, TimeSpan? timeout, CancellationToken cancellation)
        {
            var answer = base.Solve(assumptions, timeout, cancellation);
            if (!assumptions.IsEmpty)
                SolvesUnderAssumptions++;
            else if (answer is SolveResult.Satisfiable found)
                Models.Add([.. found.Model]);
            return answer;
        }
    }
}
