using System.Numerics;
using System.Runtime.InteropServices;

namespace BnnVerify.Bnn.Engine;

/// <summary>
/// Evaluates a sequence of inputs in which each differs from the one before in a few bits, keeping the first layer's
/// pre-activations up to date instead of recomputing them: with xᵢ = ±1, flipping input i changes every first-layer sum
/// Σ wⱼᵢxᵢ by ±2·wⱼᵢ, one vector addition of that input's weight column. The later layers are evaluated from those sums
/// by the engine's own code, so every answer is exactly <see cref="PackedNetwork.Evaluate(ReadOnlySpan{ulong}, EvaluationWorkspace)"/>'s.
/// </summary>
/// <remarks>One per thread: it owns its input and workspace. Flipping and evaluating allocate nothing.</remarks>
public sealed class IncrementalEvaluator
{
    private readonly PackedNetwork _network;
    private readonly EvaluationWorkspace _workspace;
    private readonly ulong[] _input;
    // 2·wⱼᵢ for input i at [i·neurons + j]: the change of neuron j's sum when input i goes from false to true.
    private readonly int[] _columns;
    private readonly int _neurons;
    private bool _started;

    /// <summary>Prepares incremental evaluation of <paramref name="network"/>.</summary>
    public IncrementalEvaluator(PackedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        _workspace = network.CreateWorkspace();
        _input = new ulong[network.InputWords];
        var layer = network.FirstLayer;
        _neurons = layer.NeuronCount;
        _columns = new int[layer.InputCount * _neurons];
        for (int neuron = 0; neuron < _neurons; neuron++)
        {
            var row = layer.Row(neuron);
            for (int i = 0; i < row.Length; i++)
                _columns[(i * _neurons) + neuron] = 2 * row[i];
        }
    }

    /// <summary>The current input, packed (bits beyond the input count are zero).</summary>
    public ReadOnlySpan<ulong> Input => _input;

    /// <summary>The result of the last <see cref="Evaluate"/>: class and scores, or output bits.</summary>
    public EvaluationWorkspace Result => _workspace;

    /// <summary>Makes <paramref name="input"/> the current input and computes its first-layer sums from scratch.</summary>
    public void Reset(ReadOnlySpan<ulong> input)
    {
        if (!PackedBits.HasCleanTail(input, _network.InputCount))
            throw new ArgumentException($"expected {_network.InputWords} words holding {_network.InputCount} bits with zero tail bits", nameof(input));
        input.CopyTo(_input);
        _network.FirstLayerPreActivations(_input, _workspace.Sums(0));
        _started = true;
    }

    /// <summary>Flips input <paramref name="input"/> of the current input and updates the first-layer sums by ±2·w.</summary>
    public void Flip(int input)
    {
        if (!_started)
            throw new InvalidOperationException("Reset must give a starting input before the first flip");
        if ((uint)input >= (uint)_network.InputCount)
            throw new ArgumentOutOfRangeException(nameof(input), input, $"the network has {_network.InputCount} inputs");
        ulong bit = 1UL << (input & 63);
        ref ulong word = ref _input[input >> 6];
        word ^= bit;
        var column = _columns.AsSpan(input * _neurons, _neurons);
        var sums = _workspace.Sums(0);
        if ((word & bit) != 0)
            Add(sums, column);
        else
            Subtract(sums, column);
    }

    /// <summary>Evaluates the current input from its first-layer sums; the answer is in <see cref="Result"/>.</summary>
    public void Evaluate()
    {
        if (!_started)
            throw new InvalidOperationException("Reset must give an input before evaluating");
        _network.RunFromFirstLayerSums(_workspace);
    }

    private static void Add(Span<int> sums, ReadOnlySpan<int> column)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var wideSums = MemoryMarshal.Cast<int, Vector<int>>(sums);
            var wideColumn = MemoryMarshal.Cast<int, Vector<int>>(column);
            for (int v = 0; v < wideSums.Length; v++)
                wideSums[v] += wideColumn[v];
            i = wideSums.Length * Vector<int>.Count;
        }
        for (; i < sums.Length; i++)
            sums[i] += column[i];
    }

    private static void Subtract(Span<int> sums, ReadOnlySpan<int> column)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var wideSums = MemoryMarshal.Cast<int, Vector<int>>(sums);
            var wideColumn = MemoryMarshal.Cast<int, Vector<int>>(column);
            for (int v = 0; v < wideSums.Length; v++)
                wideSums[v] -= wideColumn[v];
            i = wideSums.Length * Vector<int>.Count;
        }
        for (; i < sums.Length; i++)
            sums[i] -= column[i];
    }
}
