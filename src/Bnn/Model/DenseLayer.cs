using System.Collections.Immutable;

namespace BnnVerify.Bnn.Model;

/// <summary>
/// A fully connected layer over ±1 inputs. A sign layer turns each neuron's integer pre-activation
/// Σ wᵢxᵢ into a boolean through a folded <see cref="NeuronThreshold"/>; a score layer (only last)
/// gives integer scores Σ wᵢxᵢ + offset for an argmax output.
/// </summary>
public sealed class DenseLayer
{
    /// <summary>The largest weight magnitude an integer layer may have; keeps every sum inside an int.</summary>
    public const int MaxIntegerWeight = 32767;

    /// <summary>The largest Σ|wᵢ| of one neuron, so that pre-activations and thresholds fit in an int.</summary>
    public const int MaxReach = 1 << 30;

    private readonly ImmutableArray<int> _weights;
    private readonly int[] _reach;

    private DenseLayer(int inputCount, int neuronCount, WeightPrecision precision, ImmutableArray<int> weights,
        ImmutableArray<NeuronThreshold> thresholds, ImmutableArray<int> scoreOffsets, RawSignActivation? raw, ImmutableArray<double> latentWeights)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(neuronCount, 1);
        if (weights.Length != (long)inputCount * neuronCount)
            throw new ArgumentException($"expected {neuronCount}×{inputCount} weights, got {weights.Length}", nameof(weights));
        if (!latentWeights.IsDefault && latentWeights.Length != weights.Length)
            throw new ArgumentException("latent weights must match the weights one to one", nameof(latentWeights));
        InputCount = inputCount;
        NeuronCount = neuronCount;
        Precision = precision;
        _weights = weights;
        Thresholds = thresholds;
        ScoreOffsets = scoreOffsets;
        Raw = raw;
        LatentWeights = latentWeights.IsDefault ? [] : latentWeights;
        _reach = new int[neuronCount];
        for (int neuron = 0; neuron < neuronCount; neuron++)
        {
            long reach = 0;
            foreach (int w in Row(neuron))
            {
                if (precision == WeightPrecision.Binary ? w is < -1 or > 1 : Math.Abs(w) > MaxIntegerWeight)
                    throw new ArgumentException($"weight {w} is out of range for a {precision} layer", nameof(weights));
                reach += Math.Abs(w);
            }
            if (reach > MaxReach)
                throw new ArgumentException($"neuron {neuron}: the sum of weight magnitudes {reach} exceeds {MaxReach}", nameof(weights));
            _reach[neuron] = (int)reach;
        }
    }

    /// <summary>A sign layer with folded thresholds (and, optionally, the definition they were folded from).</summary>
    public static DenseLayer Sign(int inputCount, WeightPrecision precision, ImmutableArray<int> weights,
        ImmutableArray<NeuronThreshold> thresholds, RawSignActivation? raw = null, ImmutableArray<double> latentWeights = default)
    {
        if (thresholds.IsDefaultOrEmpty)
            throw new ArgumentException("a sign layer needs one threshold per neuron", nameof(thresholds));
        return new DenseLayer(inputCount, thresholds.Length, precision, weights, thresholds, [], raw, latentWeights);
    }

    /// <summary>
    /// A sign layer defined through sign(BN(Σ wᵢxᵢ + bias)) (or without batch norm), folded exactly into
    /// thresholds by <see cref="ThresholdFolding"/>; the definition is kept in <see cref="Raw"/>.
    /// </summary>
    public static DenseLayer SignFromDefinition(int inputCount, WeightPrecision precision, ImmutableArray<int> weights,
        RawSignActivation definition, SignAtZero signAtZero, ImmutableArray<double> latentWeights = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputCount, 1);
        int neuronCount = weights.Length / inputCount;
        var bnLengths = definition.BatchNorm is { } given
            ? new[] { given.Gamma.Length, given.Beta.Length, given.Mean.Length, given.Variance.Length }
            : [];
        if ((!definition.Bias.IsEmpty && definition.Bias.Length != neuronCount) || bnLengths.Any(length => length != neuronCount))
            throw new ArgumentException($"the bias and batch-norm parameters need one value per neuron ({neuronCount})", nameof(definition));
        var thresholds = ImmutableArray.CreateBuilder<NeuronThreshold>(neuronCount);
        for (int j = 0; j < neuronCount; j++)
        {
            var bias = definition.Bias.IsEmpty ? Numerics.Rational.Zero : definition.Bias[j];
            NeuronBatchNorm? bn = definition.BatchNorm is { } p
                ? new NeuronBatchNorm(p.Gamma[j], p.Beta[j], p.Mean[j], p.Variance[j], p.Epsilon)
                : null;
            if (bn is { } b && (b.Variance + b.Epsilon).Sign <= 0)
                throw new ArgumentException($"neuron {j}: variance + epsilon must be positive", nameof(definition));
            int reach = ReachOf(weights.AsSpan().Slice(j * inputCount, inputCount));
            thresholds.Add(ThresholdFolding.Fold(reach, bias, bn, signAtZero));
        }
        return new DenseLayer(inputCount, neuronCount, precision, weights, thresholds.MoveToImmutable(), [], definition, latentWeights);
    }

    /// <summary>A score layer: integer scores Σ wᵢxᵢ + offset, one per neuron.</summary>
    public static DenseLayer Scores(int inputCount, WeightPrecision precision, ImmutableArray<int> weights,
        ImmutableArray<int> offsets, ImmutableArray<double> latentWeights = default)
    {
        if (offsets.IsDefaultOrEmpty)
            throw new ArgumentException("a score layer needs one offset per neuron", nameof(offsets));
        foreach (int offset in offsets)
        {
            if (Math.Abs((long)offset) > MaxReach)
                throw new ArgumentException($"score offset {offset} exceeds ±{MaxReach}", nameof(offsets));
        }
        return new DenseLayer(inputCount, offsets.Length, precision, weights, [], offsets, null, latentWeights);
    }

    /// <summary>How many values the layer reads.</summary>
    public int InputCount { get; }

    /// <summary>How many neurons (outputs) the layer has.</summary>
    public int NeuronCount { get; }

    /// <summary>Binary (±1, 0 pruned) or small integer weights.</summary>
    public WeightPrecision Precision { get; }

    /// <summary>All weights, row-major: neuron <c>j</c>'s weight on input <c>i</c> is at <c>j * InputCount + i</c>.</summary>
    public ImmutableArray<int> Weights => _weights;

    /// <summary>For sign layers, one folded threshold per neuron; empty for score layers.</summary>
    public ImmutableArray<NeuronThreshold> Thresholds { get; }

    /// <summary>For score layers, the integer added to each neuron's sum; empty for sign layers.</summary>
    public ImmutableArray<int> ScoreOffsets { get; }

    /// <summary>True for a score layer (integer outputs for an argmax), false for a sign layer.</summary>
    public bool IsScoreLayer => !ScoreOffsets.IsEmpty;

    /// <summary>The unfolded bias and batch norm the thresholds came from, when the file gave them.</summary>
    public RawSignActivation? Raw { get; }

    /// <summary>The latent real weights the binary weights are the signs of, when the file gave them; else empty.</summary>
    public ImmutableArray<double> LatentWeights { get; }

    /// <summary>Neuron <paramref name="neuron"/>'s weights, one per input.</summary>
    public ReadOnlySpan<int> Row(int neuron) => _weights.AsSpan().Slice(neuron * InputCount, InputCount);

    /// <summary>Σ|wᵢ| of a neuron: its pre-activation always lies in [−reach, reach].</summary>
    public int Reach(int neuron) => _reach[neuron];

    /// <summary>Σ|wᵢ| of a row of weights (the loader checks it against <see cref="MaxReach"/> first).</summary>
    public static int ReachOf(ReadOnlySpan<int> row)
    {
        long reach = 0;
        foreach (int w in row)
            reach += Math.Abs((long)w);
        return (int)Math.Min(reach, int.MaxValue);
    }

    /// <summary>Number of weights plus per-neuron thresholds or offsets.</summary>
    public long ParameterCount => (long)_weights.Length + NeuronCount;
}
