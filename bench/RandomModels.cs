using System.Collections.Immutable;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Bench;

/// <summary>Deterministic random models of a given shape: binary hidden layers with folded thresholds and an integer-score output.</summary>
public static class RandomModels
{
    /// <summary>A model with the given layer widths (the first is the input count, the last the class count).</summary>
    public static BnnModel Create(int[] widths, int seed)
    {
        var random = new Random(seed);
        var layers = ImmutableArray.CreateBuilder<DenseLayer>();
        for (int l = 1; l < widths.Length; l++)
        {
            int inputs = widths[l - 1], neurons = widths[l];
            var weights = new int[inputs * neurons];
            for (int i = 0; i < weights.Length; i++)
                weights[i] = random.Next(2) == 0 ? -1 : 1;
            if (l == widths.Length - 1)
            {
                var offsets = Enumerable.Range(0, neurons).Select(_ => random.Next(-3, 4)).ToImmutableArray();
                layers.Add(DenseLayer.Scores(inputs, WeightPrecision.Binary, [.. weights], offsets));
            }
            else
            {
                // Thresholds near 0 keep roughly half of the neurons firing, as in a trained network.
                var thresholds = Enumerable.Range(0, neurons)
                    .Select(_ => random.Next(2) == 0 ? NeuronThreshold.AtLeast(random.Next(-4, 5)) : NeuronThreshold.AtMost(random.Next(-4, 5)))
                    .ToImmutableArray();
                layers.Add(DenseLayer.Sign(inputs, WeightPrecision.Binary, [.. weights], thresholds));
            }
        }
        return new BnnModel(
            string.Join("-", widths),
            [.. Enumerable.Range(0, widths[0]).Select(i => $"x{i}")],
            layers.ToImmutable(),
            new ArgmaxOutput([.. Enumerable.Range(0, widths[^1]).Select(j => $"c{j}")], TieBreak.LowestIndex));
    }

    /// <summary>Random input vectors for <paramref name="model"/>.</summary>
    public static bool[][] Inputs(BnnModel model, int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, model.InputCount).Select(_ => random.Next(2) == 1).ToArray())];
    }
}
