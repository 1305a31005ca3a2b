using System.Collections.Immutable;

namespace BnnVerify.Bnn.Engine;

/// <summary>Buffers for evaluating one input at a time on one thread, and the result of the last evaluation.</summary>
public sealed class EvaluationWorkspace
{
    private readonly ulong[][] _activations;
    private readonly int[][] _sums;

    internal EvaluationWorkspace(PackedNetwork network)
    {
        Network = network;
        _activations = new ulong[network.LayerCount][];
        _sums = new int[network.LayerCount][];
        for (int l = 0; l < network.LayerCount; l++)
        {
            _activations[l] = new ulong[PackedBits.WordsFor(network.LayerWidth(l))];
            _sums[l] = new int[network.LayerWidth(l)];
        }
        Scores = network.IsArgmax ? new int[network.OutputCount] : [];
    }

    internal PackedNetwork Network { get; }

    /// <summary>The winning class of the last evaluation (argmax models), or −1 for bit-output models.</summary>
    public int Class { get; internal set; } = -1;

    /// <summary>The class scores of the last evaluation (argmax models); empty for bit-output models.</summary>
    public int[] Scores { get; }

    /// <summary>The packed output bits of the last evaluation (bit-output models).</summary>
    public ReadOnlySpan<ulong> OutputBits => _activations[^1];

    internal Span<ulong> Activation(int layer) => _activations[layer];

    internal Span<int> Sums(int layer) => _sums[layer];

    /// <summary>Copies the last result out.</summary>
    public NetworkOutput ToOutput() =>
        Network.IsArgmax
            ? new NetworkOutput(Class, [.. Scores], [])
            : new NetworkOutput(-1, [], [.. PackedBits.Unpack(OutputBits, Network.OutputCount)]);
}

/// <summary>Buffers for <see cref="PackedNetwork.EvaluateBatch"/>: one activation block per layer for a whole batch.</summary>
public sealed class BatchWorkspace
{
    private readonly ulong[][] _layers;

    internal BatchWorkspace(PackedNetwork network, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Network = network;
        Capacity = capacity;
        _layers = new ulong[network.LayerCount][];
        int widest = 0;
        for (int l = 0; l < network.LayerCount; l++)
        {
            _layers[l] = new ulong[capacity * PackedBits.WordsFor(network.LayerWidth(l))];
            widest = Math.Max(widest, network.LayerWidth(l));
        }
        _sums = new int[widest];
    }

    private readonly int[] _sums;

    internal Span<int> Sums => _sums;

    internal PackedNetwork Network { get; }

    /// <summary>The largest batch this workspace can hold.</summary>
    public int Capacity { get; }

    internal Span<ulong> Layer(int layer) => _layers[layer];
}

/// <summary>The output of one evaluation.</summary>
/// <param name="Class">The winning class index (argmax models), or −1.</param>
/// <param name="Scores">The class scores (argmax models), or empty.</param>
/// <param name="Bits">The output bits (bit-output models), or empty.</param>
public sealed record NetworkOutput(int Class, ImmutableArray<int> Scores, ImmutableArray<bool> Bits);

/// <summary>One layer's view in a trace.</summary>
/// <param name="PreActivations">Σ wᵢxᵢ per neuron (before thresholds or score offsets).</param>
/// <param name="Outputs">The neurons' booleans (sign layers), or empty.</param>
/// <param name="Scores">The scores Σ wᵢxᵢ + offset (score layers), or empty.</param>
public sealed record LayerTrace(ImmutableArray<int> PreActivations, ImmutableArray<bool> Outputs, ImmutableArray<int> Scores);

/// <summary>Every layer's pre-activations and outputs for one input, and the network's output.</summary>
public sealed record EvaluationTrace(ImmutableArray<LayerTrace> Layers, NetworkOutput Output);
