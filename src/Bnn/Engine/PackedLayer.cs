using System.Diagnostics;
using System.Numerics;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Bnn.Engine;

/// <summary>One dense layer compiled for packed evaluation: computes a neuron's integer pre-activation Σ wᵢxᵢ from packed ±1 inputs.</summary>
internal abstract class PackedLayer
{
    protected PackedLayer(DenseLayer layer)
    {
        Source = layer;
        InputWords = PackedBits.WordsFor(layer.InputCount);
        NeuronCount = layer.NeuronCount;
    }

    /// <summary>The layer this was compiled from.</summary>
    public DenseLayer Source { get; }

    /// <summary>Words per packed input vector.</summary>
    public int InputWords { get; }

    /// <summary>Number of neurons.</summary>
    public int NeuronCount { get; }

    /// <summary>Σ wᵢxᵢ of neuron <paramref name="neuron"/> for the packed input <paramref name="input"/>.</summary>
    public abstract int PreActivation(int neuron, ReadOnlySpan<ulong> input);

    /// <summary>Σ wᵢxᵢ of every neuron, written to <paramref name="sums"/>: one call per layer keeps the hot loop free of dispatch.</summary>
    public abstract void PreActivations(ReadOnlySpan<ulong> input, Span<int> sums);

    /// <summary>
    /// True when <see cref="PreActivations"/> is much faster than a loop of <see cref="PreActivation"/> (the vector
    /// paths count eight neurons at once), so a batch should go input by input rather than neuron by neuron.
    /// </summary>
    public virtual bool PrefersWholeLayer => false;

    /// <summary>
    /// Compiles <paramref name="layer"/>; binary layers count disagreements on <paramref name="popCount"/>. Integer
    /// layers stay scalar: their bit planes are ANDed, not XORed, and in the models we have they are narrow (a first
    /// layer over a few dozen inputs, or an output layer of ten classes).
    /// </summary>
    public static PackedLayer Compile(DenseLayer layer, PopCountPath popCount) =>
        layer.Precision == WeightPrecision.Binary ? new BinaryPackedLayer(layer, popCount) : new IntegerPackedLayer(layer);
}

/// <summary>
/// Weights in {−1, 0, +1}: with x and w as bits (1 = +1), wᵢxᵢ = +1 exactly where the bits agree, so over the
/// m non-zero weights Σ wᵢxᵢ = m − 2·popcount((x ⊕ w) ∧ nonzero).
/// </summary>
internal sealed class BinaryPackedLayer : PackedLayer
{
    private readonly ulong[] _signs;     // bit set where the weight is +1; zero beyond InputCount
    private readonly ulong[]? _nonZero;  // bit set where the weight is not 0; null when nothing is pruned
    private readonly int[] _nonZeroCount;
    private readonly PopCountPath _popCount;
    // The vector paths' copies of _signs and _nonZero in XorPopCount's interleaved layout; null on the scalar path
    // and on layers too narrow to gain from it.
    private readonly ulong[]? _interleavedSigns;
    private readonly ulong[]? _interleavedNonZero;

    public BinaryPackedLayer(DenseLayer layer, PopCountPath popCount)
        : base(layer)
    {
        Debug.Assert(PopCountPaths.IsAvailable(popCount));
        _popCount = popCount;
        _signs = new ulong[NeuronCount * InputWords];
        _nonZeroCount = new int[NeuronCount];
        bool pruned = layer.Weights.Contains(0);
        _nonZero = pruned ? new ulong[NeuronCount * InputWords] : null;
        for (int neuron = 0; neuron < NeuronCount; neuron++)
        {
            var row = layer.Row(neuron);
            var signs = _signs.AsSpan(neuron * InputWords, InputWords);
            for (int i = 0; i < row.Length; i++)
            {
                if (row[i] > 0)
                    PackedBits.Set(signs, i, true);
                if (row[i] != 0)
                {
                    _nonZeroCount[neuron]++;
                    if (_nonZero is not null)
                        PackedBits.Set(_nonZero.AsSpan(neuron * InputWords, InputWords), i, true);
                }
            }
        }
        if (popCount != PopCountPath.Scalar && InputWords >= XorPopCount.MinimumInterleavedWords)
        {
            _interleavedSigns = XorPopCount.Interleave(_signs, NeuronCount, InputWords);
            _interleavedNonZero = _nonZero is null ? null : XorPopCount.Interleave(_nonZero, NeuronCount, InputWords);
        }
    }

    public override bool PrefersWholeLayer => _interleavedSigns is not null;

    public override int PreActivation(int neuron, ReadOnlySpan<ulong> input)
    {
        Debug.Assert(input.Length == InputWords);
        var signs = _signs.AsSpan(neuron * InputWords, InputWords);
        // Both vectors have zero tails, so the XOR's tail is zero too.
        int disagreements = _nonZero is null
            ? XorPopCount.Count(_popCount, input, signs)
            : XorPopCount.CountMasked(_popCount, input, signs, _nonZero.AsSpan(neuron * InputWords, InputWords));
        return _nonZeroCount[neuron] - 2 * disagreements;
    }

    public override void PreActivations(ReadOnlySpan<ulong> input, Span<int> sums)
    {
        Debug.Assert(input.Length == InputWords && sums.Length == NeuronCount);
        ReadOnlySpan<ulong> signs = _signs;
        ReadOnlySpan<int> counts = _nonZeroCount;
        if (_interleavedSigns is not null)
        {
            // Disagreements of eight neurons per vector, turned into sums in place.
            XorPopCount.CountInterleaved(_popCount, input, _interleavedSigns, _interleavedNonZero, _interleavedNonZero is not null, sums);
            for (int neuron = 0; neuron < sums.Length; neuron++)
                sums[neuron] = counts[neuron] - 2 * sums[neuron];
            return;
        }
        if (InputWords == 1 && _nonZero is null)
        {
            // Up to 64 inputs and nothing pruned: one XOR and one popcount per neuron.
            ulong x = input[0];
            for (int neuron = 0; neuron < sums.Length; neuron++)
                sums[neuron] = counts[neuron] - 2 * BitOperations.PopCount(x ^ signs[neuron]);
            return;
        }
        for (int neuron = 0; neuron < sums.Length; neuron++)
            sums[neuron] = PreActivation(neuron, input);
    }
}

/// <summary>
/// Small integer weights, by bit planes. With xᵢ = ±1, Σ wᵢxᵢ = 2·Σ_{xᵢ=+1} wᵢ − Σ wᵢ, and
/// Σ_{xᵢ=+1} wᵢ = Σ_b 2^b·(popcount(x ∧ P_b) − popcount(x ∧ N_b)) where P_b (N_b) holds bit b of the
/// positive (negated negative) weights.
/// </summary>
internal sealed class IntegerPackedLayer : PackedLayer
{
    private readonly int _planeCount;
    private readonly ulong[] _positivePlanes; // [neuron][plane][word]
    private readonly ulong[] _negativePlanes;
    private readonly int[] _weightSum;

    public IntegerPackedLayer(DenseLayer layer)
        : base(layer)
    {
        int maxMagnitude = 0;
        foreach (int w in layer.Weights)
            maxMagnitude = Math.Max(maxMagnitude, Math.Abs(w));
        _planeCount = Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)maxMagnitude));
        _positivePlanes = new ulong[NeuronCount * _planeCount * InputWords];
        _negativePlanes = new ulong[NeuronCount * _planeCount * InputWords];
        _weightSum = new int[NeuronCount];
        for (int neuron = 0; neuron < NeuronCount; neuron++)
        {
            var row = layer.Row(neuron);
            for (int i = 0; i < row.Length; i++)
            {
                int w = row[i];
                _weightSum[neuron] += w;
                var planes = w >= 0 ? _positivePlanes : _negativePlanes;
                int magnitude = Math.Abs(w);
                for (int b = 0; b < _planeCount; b++)
                {
                    if (((magnitude >> b) & 1) != 0)
                        PackedBits.Set(planes.AsSpan(((neuron * _planeCount) + b) * InputWords, InputWords), i, true);
                }
            }
        }
    }

    public override int PreActivation(int neuron, ReadOnlySpan<ulong> input)
    {
        Debug.Assert(input.Length == InputWords);
        int positiveSide = 0;
        for (int b = 0; b < _planeCount; b++)
        {
            int offset = ((neuron * _planeCount) + b) * InputWords;
            var positive = _positivePlanes.AsSpan(offset, InputWords);
            var negative = _negativePlanes.AsSpan(offset, InputWords);
            int count = 0;
            for (int w = 0; w < InputWords; w++)
                count += BitOperations.PopCount(input[w] & positive[w]) - BitOperations.PopCount(input[w] & negative[w]);
            positiveSide += count << b;
        }
        return 2 * positiveSide - _weightSum[neuron];
    }

    public override void PreActivations(ReadOnlySpan<ulong> input, Span<int> sums)
    {
        for (int neuron = 0; neuron < sums.Length; neuron++)
            sums[neuron] = PreActivation(neuron, input);
    }
}
