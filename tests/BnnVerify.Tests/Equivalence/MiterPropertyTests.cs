using System.Collections.Immutable;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Encoding.Backends;
using BnnVerify.Tests.Bnn;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Equivalence;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Equivalence;

/// <summary>A pair of models with the same names, a domain (a cube of fixed inputs), and how the second was made.</summary>
public sealed record ModelPair(BnnModel Left, BnnModel Right, ImmutableArray<(int Input, bool Value)> Fixed, string How)
{
    public override string ToString() =>
        $"{How}; fixed inputs {string.Join(", ", Fixed.Select(f => $"x{f.Input}={(f.Value ? 1 : 0)}"))}\nleft:\n{ModelWriter.Write(Left)}\nright:\n{ModelWriter.Write(Right)}";

    public Formula Domain => Formulas.And(Fixed.Select(f => f.Value ? Formulas.Input(f.Input) : Formulas.Not(Formulas.Input(f.Input))));
}

/// <summary>
/// The miter's verdict equals enumeration's on random model pairs: a model against a mutated copy of itself (one
/// threshold, weight or score offset changed, inputs listed in another order), against itself, and against a copy
/// whose first-layer neuron fires on exactly one input instead of never — pairs that differ on at most one input.
/// </summary>
public class MiterPropertyTests
{
    private static readonly string[] Backends = ["z3-pb", "minisat/totalizer"];

    [Fact]
    public void The_miter_agrees_with_enumeration_on_random_model_pairs()
    {
        Prop.ForAll(Arb.From(Pairs()), Gen.Elements(Backends).ToArbitrary(), (pair, backend) => AgreesWithEnumeration(pair, backend))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(120));
    }

    [Fact]
    public void A_neuron_that_fires_on_one_input_instead_of_none_makes_the_pair_differ_on_exactly_that_input()
    {
        // One sign layer: the output bit is the neuron, so the difference reaches the output.
        var weights = ImmutableArray.Create(1, -1, 1, 1, -1);
        var left = new BnnModel("one", [.. Enumerable.Range(0, 5).Select(i => $"x{i}")],
            [DenseLayer.Sign(5, WeightPrecision.Binary, weights, [NeuronThreshold.AtLeast(5)])], new BitsOutput(["y"]));
        var right = new BnnModel("none", left.InputNames,
            [DenseLayer.Sign(5, WeightPrecision.Binary, weights, [NeuronThreshold.AtLeast(6)])], new BitsOutput(["y"]));
        var pair = new ModelPair(left, right, [], "hand-made");
        var enumerated = Enumerate(pair);
        Assert.Equal(EquivalenceVerdict.Differ, enumerated.Verdict);
        Assert.Equal(1, enumerated.DifferenceCount);
        Assert.Equal(new[] { true, false, true, true, false }, enumerated.Differences[0].Inputs.ToArray());
        foreach (var backend in Backends)
        {
            var miter = Miter(pair, backend);
            Assert.Equal(EquivalenceVerdict.Differ, miter.Verdict);
            Assert.Equal(enumerated.Differences[0].Inputs.ToArray(), miter.Differences[0].Inputs.ToArray());
        }
        // Outside the one input's cube the two are equivalent, and the miter proves it.
        var elsewhere = pair with { Fixed = [(1, true)] };
        Assert.Equal(EquivalenceVerdict.Equivalent, Enumerate(elsewhere).Verdict);
        Assert.Equal(EquivalenceVerdict.Equivalent, Miter(elsewhere, "z3-pb").Verdict);
    }

    private static bool AgreesWithEnumeration(ModelPair pair, string backend)
    {
        var enumerated = Enumerate(pair);
        var miter = Miter(pair, backend);
        Assert.True(enumerated.Verdict != EquivalenceVerdict.Unknown, $"enumeration gave no verdict: {enumerated.Reason}");
        Assert.True(enumerated.Verdict == miter.Verdict, $"{backend}: the miter says {miter.Verdict} ({miter.Reason}), enumeration {enumerated.Verdict} on {enumerated.DifferenceCount} inputs");
        if (miter.Verdict == EquivalenceVerdict.Differ)
        {
            // Enumeration keeps every difference here (at most 2^8), so the miter's must be among them.
            var found = miter.Differences.Single().Inputs;
            Assert.Contains(enumerated.Differences, d => d.Inputs.SequenceEqual(found));
        }
        return true;
    }

    private static EquivalenceResult Enumerate(ModelPair pair)
    {
        using var reference = ModelReference.Create("model:right", pair.Left, pair.Right, out string? problem)!;
        Assert.Null(problem);
        return ExhaustiveEquivalence.Compare(PackedNetwork.Compile(pair.Left), reference, pair.Domain, new ExhaustiveOptions(1 << 20, 1 << 9, 1), CancellationToken.None);
    }

    private static EquivalenceResult Miter(ModelPair pair, string backend)
    {
        using var reference = ModelReference.Create("model:right", pair.Left, pair.Right, out _)!;
        return MiterEquivalence.Compare(PackedNetwork.Compile(pair.Left), reference, pair.Domain, backend, () => SolverBackends.Create(backend), CancellationToken.None);
    }

    private static Gen<ModelPair> Pairs() =>
        from left in ModelGenerators.Models(Gen.Choose(1, 8), 6, 3)
        from how in Gen.Elements("same", "threshold", "weight", "one-input", "permuted")
        from layer in Gen.Choose(0, left.Layers.Length - 1)
        from neuron in Gen.Choose(0, 40)
        from input in Gen.Choose(0, 200)
        from shift in Gen.Elements(-2, -1, 1, 2)
        from permutation in Gen.Shuffle(Enumerable.Range(0, left.InputCount))
        from fixedCount in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(0, left.InputCount)))
        from fixedValues in Gen.ArrayOf(Gen.Elements(true, false), left.InputCount)
        let firstNeuron = neuron % left.Layers[0].NeuronCount
        let pair = how == "one-input" && !left.Layers[0].IsScoreLayer
            ? (OneInput(left, firstNeuron, fires: true), OneInput(left, firstNeuron, fires: false))
            : (left, Mutate(left, how, layer, neuron % left.Layers[layer].NeuronCount, input % left.Layers[layer].InputCount, shift, [.. permutation]))
        select new ModelPair(pair.Item1, pair.Item2, [.. permutation.Take(fixedCount).Select(i => (i, fixedValues[i]))], how);

    // A first-layer neuron that fires on the one input matching its weights (on its cube, with pruned weights), or never.
    private static BnnModel OneInput(BnnModel model, int neuron, bool fires)
    {
        var layers = model.Layers.ToArray();
        var layer = layers[0];
        int reach = layer.Reach(neuron);
        var thresholds = layer.Thresholds.SetItem(neuron, NeuronThreshold.AtLeast(fires ? reach : reach + 1));
        layers[0] = Rebuild(layer, layer.Weights, thresholds, default);
        return new BnnModel(model.Name, model.InputNames, [.. layers], model.Output, model.SignAtZero);
    }

    private static BnnModel Mutate(BnnModel model, string how, int layerIndex, int neuron, int input, int shift, int[] permutation)
    {
        var layers = model.Layers.ToArray();
        var layer = layers[layerIndex];
        switch (how)
        {
            case "same":
                return model;
            case "permuted":
                // The same function with its inputs listed in another order: equiv maps them by name.
                var first = layers[0];
                var weights = new int[first.Weights.Length];
                for (int j = 0; j < first.NeuronCount; j++)
                {
                    for (int k = 0; k < first.InputCount; k++)
                        weights[j * first.InputCount + k] = first.Weights[j * first.InputCount + permutation[k]];
                }
                layers[0] = Rebuild(first, [.. weights], first.Thresholds, first.ScoreOffsets);
                return new BnnModel(model.Name, [.. permutation.Select(k => model.InputNames[k])], [.. layers], model.Output, model.SignAtZero);
            case "weight":
                int at = neuron * layer.InputCount + input;
                int w = layer.Weights[at];
                int changed = layer.Precision == WeightPrecision.Binary ? (w == 0 ? 1 : -w) : Math.Clamp(w + shift, -7, 7);
                layers[layerIndex] = Rebuild(layer, layer.Weights.SetItem(at, changed), layer.Thresholds, layer.ScoreOffsets);
                return new BnnModel(model.Name, model.InputNames, [.. layers], model.Output, model.SignAtZero);
            default:
                if (layer.IsScoreLayer)
                {
                    layers[layerIndex] = Rebuild(layer, layer.Weights, default, layer.ScoreOffsets.SetItem(neuron, layer.ScoreOffsets[neuron] + shift));
                }
                else
                {
                    var t = layer.Thresholds[neuron];
                    layers[layerIndex] = Rebuild(layer, layer.Weights, layer.Thresholds.SetItem(neuron, t with { Bound = t.Bound + shift }), default);
                }
                return new BnnModel(model.Name, model.InputNames, [.. layers], model.Output, model.SignAtZero);
        }
    }

    private static DenseLayer Rebuild(DenseLayer layer, ImmutableArray<int> weights, ImmutableArray<NeuronThreshold> thresholds, ImmutableArray<int> offsets) =>
        layer.IsScoreLayer
            ? DenseLayer.Scores(layer.InputCount, layer.Precision, weights, offsets)
            : DenseLayer.Sign(layer.InputCount, layer.Precision, weights, thresholds);
}
