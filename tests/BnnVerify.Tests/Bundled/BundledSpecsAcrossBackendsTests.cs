using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Tests.Bundled;

/// <summary>
/// The bundled specs that exhaustive checking decides get the same verdict, contract by contract, from
/// the solver backends the command line offers by short name (sat, z3, cms), the native solver's inputs-first search and the former sat (minisat/totalizer); every solver counterexample
/// has already been replayed on the reference engine by the checker itself.
/// </summary>
public class BundledSpecsAcrossBackendsTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var (model, spec) in new[] { ("xor", "xor"), ("showcase", "showcase"), ("zoo", "zoo"), ("tictactoe-winner", "tictactoe-winner") })
        {
            foreach (var backend in new[] { "sat", "z3", "cms", "native-inputs", "minisat/totalizer" })
                cases.Add(model, spec, backend);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_solver_backend_agrees_with_exhaustive_checking_on_a_bundled_spec(string model, string spec, string backend)
    {
        var loadedModel = ModelReader.ReadFile($"models/{model}.json").Model!;
        var loaded = SpecLoader.Load($"specs/{spec}.contract", loadedModel);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        var network = PackedNetwork.Compile(loadedModel);
        var options = new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, 1);
        var exhaustive = CheckerFactory.Create("exhaustive", network, options, out _)!;
        var solver = CheckerFactory.Create(backend, network, options, out string? error);
        Assert.True(solver is not null, error);
        int decidedBySolver = 0;
        foreach (var contract in loaded.Spec!.Contracts)
        {
            var expected = exhaustive.Check(contract, null, CancellationToken.None);
            var actual = solver.Check(contract, null, CancellationToken.None);
            Assert.NotEqual(Verdict.Unknown, expected.Verdict);
            var expectedVerdict = expected.Verdict == Verdict.Vacuous ? Verdict.Holds : expected.Verdict;
            Assert.True(expectedVerdict == actual.Verdict, $"{contract.Name}: exhaustive {expected.Verdict}, {actual.Backend} {actual.Verdict} {actual.Reason}");
            if (actual.Backend != "simplifier")
            {
                Assert.NotEqual("exhaustive", actual.Backend);
                decidedBySolver++;
            }
        }
        Assert.True(decidedBySolver > 0, "every contract was decided before any solver ran");
    }
}
