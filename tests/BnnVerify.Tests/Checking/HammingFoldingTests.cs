using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;
using BnnVerify.Encoding.Circuit;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Tests.Checking;

/// <summary>
/// The contract encoder reads count limits (<c>hamming(v) &lt;= R</c>, <c>atmost</c>, …) from the preconditions and the
/// network encoder turns first-layer neurons they settle into constants. These tests check that the limits are read
/// exactly, that folding happens, and that solver verdicts with folding still agree with exhaustive checking.
/// </summary>
public sealed class HammingFoldingTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bnnverify-folding-");

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>Writes a spec with the given contract bodies (and an input vector <c>v</c>) and loads its contracts.</summary>
    private ImmutableArray<ElaboratedContract> Load(BnnModel model, bool[] center, params string[] contracts)
    {
        string vector = Path.Combine(_folder.FullName, "v.inputs");
        File.WriteAllText(vector, string.Join(",", Enumerable.Range(0, center.Length).Select(i => $"x{i}={(center[i] ? 1 : 0)}")));
        var text = new StringBuilder("const v = inputs(\"v.inputs\")\n");
        for (int c = 0; c < contracts.Length; c++)
            text.Append(CultureInfo.InvariantCulture, $"contract k{c} {{ {contracts[c]} }}\n");
        string spec = Path.Combine(_folder.FullName, "folding.contract");
        File.WriteAllText(spec, text.ToString());
        var loaded = SpecLoader.Load(spec, model);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        return loaded.Spec!.Contracts;
    }

    [Fact]
    public void Count_preconditions_become_limits()
    {
        var model = RandomNetworks.Create(1, [12, 8, 3]);
        bool[] center = [.. Enumerable.Range(0, 12).Select(i => i % 3 == 0)];
        var contracts = Load(model, center,
            "requires hamming(v) <= 2 ensures class == c0",
            "requires atmost(1, x0, !x1, x2) && x5 ensures class == c0",
            "requires atleast(2, x0, x1, x2) ensures class == c0",
            "requires exactly(1, x3, x4) ensures class == c0",
            "requires count(x0, x1) + count(x2) >= 0 ensures class == c0",
            "requires hamming(v) <= 2 || x0 ensures class == c0");

        var hamming = Assert.Single(ContractEncoder.CountLimits(contracts[0].Precondition));
        Assert.Equal(2, hamming.AtMost);
        // The literal of input i is "x_i differs from v": ¬x_i where v has x_i, x_i elsewhere.
        Assert.Equal(Enumerable.Range(0, 12).Select(i => center[i] ? $"-{i + 1}" : $"{i + 1}"), Describe(hamming));

        var atMost = Assert.Single(ContractEncoder.CountLimits(contracts[1].Precondition));
        Assert.Equal(1, atMost.AtMost);
        Assert.Equal(["1", "-2", "3"], Describe(atMost));

        // At least 2 of three: at most 1 of the negations.
        var atLeast = Assert.Single(ContractEncoder.CountLimits(contracts[2].Precondition));
        Assert.Equal(1, atLeast.AtMost);
        Assert.Equal(["-1", "-2", "-3"], Describe(atLeast));

        var exactly = ContractEncoder.CountLimits(contracts[3].Precondition);
        Assert.Equal(2, exactly.Count);
        Assert.Contains(exactly, l => l.AtMost == 1 && Describe(l).SequenceEqual(["4", "5"]));
        Assert.Contains(exactly, l => l.AtMost == 1 && Describe(l).SequenceEqual(["-4", "-5"]));

        // A limit that says nothing, and a count under a disjunction, give none.
        Assert.Empty(ContractEncoder.CountLimits(contracts[4].Precondition));
        Assert.Empty(ContractEncoder.CountLimits(contracts[5].Precondition));
    }

    private static IEnumerable<string> Describe(InputCountLimit limit) =>
        limit.Literals.Select(l => l.ToDimacs().ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void A_small_hamming_ball_folds_first_layer_neurons()
    {
        var model = RandomNetworks.Create(2, [12, 16, 8, 3]);
        bool[] center = [.. Enumerable.Range(0, 12).Select(i => i % 2 == 0)];
        int label = PackedNetwork.Compile(model).Evaluate(center).Class;
        var contract = Load(model, center, $"requires hamming(v) <= 1 ensures class == c{label}")[0];
        var folded = ContractEncoder.Encode(model, contract).Builder;
        // The same network without the limits: every first-layer neuron is a cardinality gate over 12 inputs.
        var plain = new ConstraintBuilder(model.InputCount);
        NetworkEncoder.Encode(plain, model);
        int FirstLayerGates(ConstraintBuilder b) => b.CardinalityGates.Count(g => g.Literals.Length == 12);
        Assert.True(FirstLayerGates(folded) < FirstLayerGates(plain),
            $"{FirstLayerGates(folded)} first-layer gates with the ball, {FirstLayerGates(plain)} without");
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(10, 8)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Solver_verdicts_with_folding_agree_with_exhaustive_checking(int seed)
    {
        var model = RandomNetworks.Create(seed, [12, 16, 8, 3]);
        var random = new Random(seed);
        bool[] center = [.. Enumerable.Range(0, 12).Select(_ => random.Next(2) == 1)];
        int label = PackedNetwork.Compile(model).Evaluate(center).Class;
        var contracts = Load(model, center,
            [.. Enumerable.Range(0, 6).Select(r => $"requires hamming(v) <= {r} ensures class == c{label}"),
             $"requires hamming(v) <= 3 && x0 ensures class == c{label}",
             $"requires atmost(2, x0, x1, x2, x3) && hamming(v) <= 4 ensures class == c{label}"]);
        var network = PackedNetwork.Compile(model);
        var options = new ExhaustiveOptions(1L << 20, 1);
        var exhaustive = new ExhaustiveChecker(network, options);
        var solver = CheckerFactory.Create("cms/totalizer", network, options, out _)!;
        foreach (var contract in contracts)
        {
            var expected = exhaustive.Check(contract, null, CancellationToken.None);
            var actual = solver.Check(contract, null, CancellationToken.None);
            // The solver ran, unless folding settled the whole problem before any solver was needed.
            Assert.Contains(actual.Backend, new[] { "cms/totalizer", "simplifier" });
            Assert.True(expected.Verdict == actual.Verdict,
                $"seed {seed}, contract {contract.Name} ({contract.Requires[0].Text}): exhaustive {expected.Verdict}, solver {actual.Verdict}");
        }
    }
}
