using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using BnnVerify.Bnn.Model;
using BnnVerify.Bnn.Numerics;

namespace BnnVerify.Bnn.Training;

/// <summary>
/// Turns the training network into a <see cref="BnnModel"/>: quantised integer weights (binary precision
/// for 1- and 2-bit layers, integer precision from 3 bits), each sign layer
/// with its raw batch norm (running statistics, γ, β and ε as exact decimals, sign(0) = +1) from which
/// the loader folds integer thresholds exactly, and for argmax models a score layer with offsets round(cₖ).
/// </summary>
internal static class ModelExporter
{
    public static BnnModel Export(TrainingNetwork network, string name, ImmutableArray<string> inputNames, ImmutableArray<string> outputNames,
        string? description, JsonObject? metadata)
    {
        var epsilon = Decimal(TrainableBatchNorm.EpsilonText);
        var layers = ImmutableArray.CreateBuilder<DenseLayer>(network.Layers.Length);
        for (int l = 0; l < network.Layers.Length; l++)
        {
            var layer = network.Layers[l];
            var weights = new int[layer.Weights.Values.Length];
            for (int k = 0; k < weights.Length; k++)
                weights[k] = layer.QuantizedWeight(layer.Weights.Values[k]);
            // Ternary weights (2 bits) are binary weights with pruned connections, which the format's binary
            // precision allows (0 = no connection) and the encoders treat as plain cardinality constraints.
            var precision = layer.Levels == 1 ? WeightPrecision.Binary : WeightPrecision.Integer;
            if (l < network.Norms.Length)
            {
                var norm = network.Norms[l];
                var batchNorm = new BatchNormParameters(Decimals(norm.Gamma.Values), Decimals(norm.Beta.Values),
                    Decimals(norm.RunningMean), Decimals(norm.RunningVariance), epsilon);
                var thresholds = ImmutableArray.CreateBuilder<NeuronThreshold>(layer.OutputCount);
                for (int j = 0; j < layer.OutputCount; j++)
                {
                    var neuron = new NeuronBatchNorm(batchNorm.Gamma[j], batchNorm.Beta[j], batchNorm.Mean[j], batchNorm.Variance[j], epsilon);
                    int reach = DenseLayer.ReachOf(weights.AsSpan(j * layer.InputCount, layer.InputCount));
                    thresholds.Add(Fold(reach, neuron, norm, j));
                }
                layers.Add(DenseLayer.Sign(layer.InputCount, precision, [.. weights], thresholds.MoveToImmutable(), new RawSignActivation([], batchNorm)));
            }
            else
            {
                var offsets = new int[layer.OutputCount];
                for (int k = 0; k < offsets.Length; k++)
                    offsets[k] = (int)Math.Clamp(Math.Round(network.Offsets!.Values[k], MidpointRounding.AwayFromZero), -DenseLayer.MaxReach, DenseLayer.MaxReach);
                layers.Add(DenseLayer.Scores(layer.InputCount, precision, [.. weights], [.. offsets]));
            }
        }
        ModelOutput output = network.IsMultiLabel ? new BitsOutput(outputNames) : new ArgmaxOutput(outputNames, TieBreak.LowestIndex);
        return new BnnModel(name, inputNames, layers.MoveToImmutable(), output, SignAtZero.Positive, description, metadata);
    }

    /// <summary>
    /// The same threshold as <see cref="ThresholdFolding.Fold"/>, found faster: the boundary computed in
    /// floating point is only a candidate, accepted when the exact test confirms it is where the neuron
    /// starts (or stops) firing; otherwise the exact binary search decides.
    /// </summary>
    private static NeuronThreshold Fold(int reach, NeuronBatchNorm neuron, TrainableBatchNorm norm, int j)
    {
        double gamma = norm.Gamma.Values[j];
        if (gamma != 0)
        {
            // γ·(s − μ)/√(σ²+ε) + β ≥ 0  ⇔  s ≥ μ − β·√(σ²+ε)/γ when γ > 0 (≤ when γ < 0).
            double boundary = norm.RunningMean[j] - norm.Beta.Values[j] * Math.Sqrt(norm.RunningVariance[j] + TrainableBatchNorm.Epsilon) / gamma;
            if (double.IsFinite(boundary))
            {
                bool Fires(long s) => ThresholdFolding.Fires(s, Rational.Zero, neuron, SignAtZero.Positive);
                if (gamma > 0)
                {
                    long t = (long)Math.Clamp(Math.Ceiling(boundary), -reach, reach + 1.0);
                    if ((t == reach + 1L || Fires(t)) && (t == -reach || !Fires(t - 1)))
                        return NeuronThreshold.AtLeast((int)t);
                }
                else
                {
                    long t = (long)Math.Clamp(Math.Floor(boundary), -reach - 1.0, reach);
                    if ((t == -reach - 1L || Fires(t)) && (t == reach || !Fires(t + 1)))
                        return NeuronThreshold.AtMost((int)t);
                }
            }
        }
        return ThresholdFolding.Fold(reach, Rational.Zero, neuron, SignAtZero.Positive);
    }

    // The shortest decimal that round-trips to the double, read exactly: the file states what was trained.
    private static ImmutableArray<Rational> Decimals(double[] values)
    {
        var result = ImmutableArray.CreateBuilder<Rational>(values.Length);
        foreach (double value in values)
            result.Add(Decimal(value.ToString("R", CultureInfo.InvariantCulture)));
        return result.MoveToImmutable();
    }

    private static Rational Decimal(string text) =>
        Rational.TryParseDecimal(text, out var value) ? value : throw new InvalidOperationException($"'{text}' is not a finite decimal; training diverged");
}
