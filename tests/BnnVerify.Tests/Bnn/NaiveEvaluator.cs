using BnnVerify.Bnn.Model;

namespace BnnVerify.Tests.Bnn;

/// <summary>
/// Follows the definition of a BNN literally, for tests only: latent weights through sign, bias and
/// batch norm unfolded in floating point, neurons as sign of the normalised value, argmax by the
/// model's tie rule. It shares nothing with the packed engine but the model object.
/// </summary>
internal static class NaiveEvaluator
{
    /// <summary>The class (or −1) and the output values: scores for argmax models, 0/1 bits otherwise.</summary>
    public static (int Class, double[] Outputs) Evaluate(BnnModel model, bool[] inputs)
    {
        double[] x = inputs.Select(b => b ? 1.0 : -1.0).ToArray();
        for (int l = 0; l < model.Layers.Length; l++)
        {
            var layer = model.Layers[l];
            var next = new double[layer.NeuronCount];
            for (int j = 0; j < layer.NeuronCount; j++)
            {
                double sum = 0;
                for (int i = 0; i < layer.InputCount; i++)
                    sum += Weight(model, layer, j, i) * x[i];
                if (layer.IsScoreLayer)
                    next[j] = sum + layer.ScoreOffsets[j];
                else
                    next[j] = Fires(model, layer, j, sum) ? 1.0 : -1.0;
            }
            x = next;
        }
        if (model.Output is ArgmaxOutput argmax)
        {
            int best = 0;
            for (int j = 1; j < x.Length; j++)
            {
                if (x[j] > x[best] || (x[j] == x[best] && argmax.TieBreak == TieBreak.HighestIndex))
                    best = j;
            }
            return (best, x);
        }
        return (-1, x.Select(v => v > 0 ? 1.0 : 0.0).ToArray());
    }

    private static double Weight(BnnModel model, DenseLayer layer, int neuron, int input)
    {
        if (layer.LatentWeights.IsEmpty)
            return layer.Weights[neuron * layer.InputCount + input];
        double latent = layer.LatentWeights[neuron * layer.InputCount + input];
        if (latent > 0)
            return 1;
        if (latent < 0)
            return -1;
        return model.SignAtZero == SignAtZero.Positive ? 1 : -1;
    }

    private static bool Fires(BnnModel model, DenseLayer layer, int neuron, double sum)
    {
        if (layer.Raw is not { } raw)
        {
            var threshold = layer.Thresholds[neuron];
            return threshold.Direction == ThresholdDirection.AtLeast ? sum >= threshold.Bound : sum <= threshold.Bound;
        }
        double value = sum + (raw.Bias.IsEmpty ? 0.0 : raw.Bias[neuron].ToDouble());
        if (raw.BatchNorm is { } bn)
        {
            value = bn.Gamma[neuron].ToDouble() * (value - bn.Mean[neuron].ToDouble())
                / Math.Sqrt(bn.Variance[neuron].ToDouble() + bn.Epsilon.ToDouble())
                + bn.Beta[neuron].ToDouble();
        }
        return model.SignAtZero == SignAtZero.Positive ? value >= 0 : value > 0;
    }
}
