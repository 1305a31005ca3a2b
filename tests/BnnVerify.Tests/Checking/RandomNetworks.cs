using System.Collections.Immutable;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Tests.Checking;

/// <summary>Deterministic random models for checking tests (inputs x0…, classes c0…).</summary>
internal static class RandomNetworks
{
    /// <summary>A model of the given widths: binary weights, thresholds near the middle, an argmax over the last width's classes.</summary>
    public static BnnModel Create(int seed, int[] widths)
    {
        var random = new Random(seed);
        var layers = ImmutableArray.CreateBuilder<DenseLayer>();
        for (int l = 1; l < widths.Length; l++)
        {
            int inputs = widths[l - 1], neurons = widths[l];
            var weights = Enumerable.Range(0, inputs * neurons).Select(_ => random.Next(2) == 0 ? -1 : 1).ToImmutableArray();
            if (l == widths.Length - 1)
            {
                layers.Add(DenseLayer.Scores(inputs, WeightPrecision.Binary, weights, [.. Enumerable.Range(0, neurons).Select(_ => random.Next(-2, 3))]));
                break;
            }
            var thresholds = Enumerable.Range(0, neurons)
                .Select(_ => random.Next(2) == 0 ? NeuronThreshold.AtLeast(random.Next(-3, 4)) : NeuronThreshold.AtMost(random.Next(-3, 4)))
                .ToImmutableArray();
            layers.Add(DenseLayer.Sign(inputs, WeightPrecision.Binary, weights, thresholds));
        }
        return new BnnModel("random-test", [.. Enumerable.Range(0, widths[0]).Select(i => $"x{i}")], layers.ToImmutable(),
            new ArgmaxOutput([.. Enumerable.Range(0, widths[^1]).Select(j => $"c{j}")], TieBreak.LowestIndex));
    }
}
