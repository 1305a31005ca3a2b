using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Engine;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Robustness;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Robustness;

/// <summary>
/// Robustness contracts (<c>hamming(v) &lt;= r</c> with fixed bits, <c>class == L</c> or strict score comparisons) decided
/// by the ball search (<c>--backend enum</c>, and exhaustive checking through it), by the generic exhaustive search
/// and by a solver: same verdicts at every radius (so the same minimal radius), same counts, and the scope counted
/// in closed form equals a count by brute force.
/// </summary>
public sealed class BallCheckerDifferentialTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bnnverify-ball-");

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>One random case as spec text: fixed bits (a quarter of them off the center), radii 0..4.</summary>
    private IReadOnlyList<ElaboratedContract> Contracts(BallCase c, Random random)
    {
        var model = c.Model;
        string vector = Path.Combine(_folder.FullName, "v.inputs");
        File.WriteAllText(vector, string.Join(",", Enumerable.Range(0, c.Center.Length).Select(i => $"x{i}={(c.Center[i] ? 1 : 0)}")));
        var fixedBits = Enumerable.Range(0, c.Center.Length).Where(i => !c.FreeBits.Contains(i))
            .Select(i => (c.Center[i] ^ (random.Next(4) == 0) ? "" : "!") + $"x{i}").ToList();
        string requiresFixed = fixedBits.Count == 0 ? "" : "requires " + string.Join(" && ", fixedBits) + "\n";
        string ensures = c.TieIsChange && model.Output.Names.Length > 1
            ? string.Concat(Enumerable.Range(0, model.Output.Names.Length).Where(k => k != c.Label).Select(k => $"ensures score(c{c.Label}) > score(c{k})\n"))
            : $"ensures class == c{c.Label}\n";
        var text = new StringBuilder("const v = inputs(\"v.inputs\")\n");
        for (int r = 0; r <= 4; r++)
            text.Append(CultureInfo.InvariantCulture, $"contract r{r} {{\nrequires hamming(v) <= {r}\n{requiresFixed}{ensures}}}\n");
        string spec = Path.Combine(_folder.FullName, "ball.contract");
        File.WriteAllText(spec, text.ToString());
        var loaded = SpecLoader.Load(spec, model);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        return loaded.Spec!.Contracts;
    }

    [Fact]
    public void Ball_search_exhaustive_search_and_a_solver_agree()
    {
        int solved = 0;
        Prop.ForAll(Arb.From(BallGenerators.Cases(maxInputs: 10, maxFree: 10)), Arb.From(Gen.Choose(0, 1000)), (BallCase c, int seed) =>
        {
            var network = PackedNetwork.Compile(c.Model);
            var options = new ExhaustiveOptions(1L << 20, 3, Threads: 2);
            var generic = new ExhaustiveChecker(network, options with { BallSearch = false });
            var counting = new ExhaustiveChecker(network, options);
            var enumeration = new BallChecker(network, options);
            // The solver starts a process per contract: every fourth case only.
            var solver = seed % 4 == 0 ? CheckerFactory.Create("minisat/totalizer", network, options, out _) : null;
            foreach (var contract in Contracts(c, new Random(seed)))
            {
                var expected = generic.Check(contract, null, CancellationToken.None);
                var counted = counting.Check(contract, null, CancellationToken.None);
                var found = enumeration.Check(contract, null, CancellationToken.None);
                string where = $"{contract.Name} of {c}";
                Assert.True(expected.Verdict == counted.Verdict && expected.Violations == counted.Violations && expected.InputsInScope == counted.InputsInScope,
                    $"{where}: generic {expected.Verdict} {expected.Violations}/{expected.InputsInScope}, ball counting {counted.Verdict} {counted.Violations}/{counted.InputsInScope}");
                Assert.Equal(expected.Verdict, found.Verdict);
                if (expected.Verdict is Verdict.Holds or Verdict.Violated)
                {
                    // The ball search ran (it reports its candidates), under the backend name of the strategy.
                    Assert.NotNull(counted.CandidatesEvaluated);
                    Assert.Equal(ExhaustiveChecker.BackendName, counted.Backend);
                    Assert.Equal(BallChecker.BackendName, found.Backend);
                    Assert.Equal(Math.Min(3, (int)expected.Violations!), counted.Counterexamples.Length);
                }
                if (solver is not null)
                {
                    var solverResult = solver.Check(contract, null, CancellationToken.None);
                    Assert.True(expected.Verdict == solverResult.Verdict || (expected.Verdict == Verdict.Vacuous && solverResult.Verdict == Verdict.Holds),
                        $"{where}: generic {expected.Verdict}, solver {solverResult.Verdict} ({solverResult.Backend})");
                    solved++;
                }
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
        Assert.True(solved > 0, "the solver never ran");
    }

    [Fact]
    public void A_ball_with_fixed_bits_is_counted_in_closed_form_and_exactly()
    {
        Prop.ForAll(Arb.From(BallGenerators.Cases(maxInputs: 10, maxFree: 10)), Arb.From(Gen.Choose(0, 1000)), (BallCase c, int seed) =>
        {
            var network = PackedNetwork.Compile(c.Model);
            var checker = new ExhaustiveChecker(network, new ExhaustiveOptions(1L << 20, 1));
            foreach (var contract in Contracts(c, new Random(seed)))
            {
                long brute = 0;
                var assignment = new Assignment(c.Model.InputCount, c.Model.Output.Names.Length);
                for (long x = 0; x < 1L << c.Model.InputCount; x++)
                {
                    assignment.InputBits[0] = (ulong)x;
                    brute += contract.Precondition.Evaluate(assignment) ? 1 : 0;
                }
                // Matched as a ball whenever the ball is not empty, and counted without a search.
                var ball = HammingBall.Match(contract.Precondition, c.Model.InputCount, coverAll: true);
                Assert.True(brute == 0 || ball is not null, $"{contract.Name} of {c} is not matched as a ball");
                if (ball is not null)
                    Assert.Equal(brute, (long)ball.Size);
                Assert.Equal(brute, checker.CountInScope(contract, CancellationToken.None));
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    [Fact]
    public void Other_shapes_are_left_to_exhaustive_checking()
    {
        var model = Checking.RandomNetworks.Create(5, [6, 8, 3]);
        var c = new BallCase(model, [true, false, true, false, true, false], [0, 1, 2, 3, 4, 5], 0, 2, 0, false);
        var contracts = Contracts(c, new Random(1));
        var network = PackedNetwork.Compile(model);
        Assert.True(BallChecker.Handles(contracts[2], network));
        string spec = Path.Combine(_folder.FullName, "other.contract");
        File.WriteAllText(spec, "const v = inputs(\"v.inputs\")\ncontract free_x5 { requires hamming(v) <= 1 || x5 ensures class == c0 }\ncontract bits { requires atmost(1, x0, x1) ensures class != c0 }\n");
        var loaded = SpecLoader.Load(spec, model);
        Assert.True(loaded.Succeeded);
        foreach (var contract in loaded.Spec!.Contracts)
        {
            Assert.False(BallChecker.Handles(contract, network));
            var result = new BallChecker(network, new ExhaustiveOptions(1L << 20, 1)).Check(contract, null, CancellationToken.None);
            Assert.Equal(ExhaustiveChecker.BackendName, result.Backend);
            Assert.Null(result.CandidatesEvaluated);
        }
    }
}
