using System.Collections.Immutable;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Bnn.Engine;

/// <summary>
/// The reference engine: a model compiled to packed XNOR-popcount form. Its answer is, by definition,
/// what the network does; every solver's counterexample is replayed here before it is reported.
/// </summary>
/// <remarks>
/// Immutable and thread-safe; each thread evaluates with its own <see cref="EvaluationWorkspace"/>.
/// Evaluation allocates nothing.
/// </remarks>
public sealed class PackedNetwork
{
    private readonly PackedLayer[] _layers;
    // Sign layers fire iff flip·sum ≥ flippedBound: flip is +1 for "≥ bound", −1 for "≤ bound".
    private readonly int[][] _flip;
    private readonly int[][] _flippedBound;
    private readonly int[] _scoreOffsets;
    private readonly bool _lowestIndexWins;

    private PackedNetwork(BnnModel model, PopCountPath popCount)
    {
        Model = model;
        PopCount = popCount;
        _layers = new PackedLayer[model.Layers.Length];
        _flip = new int[model.Layers.Length][];
        _flippedBound = new int[model.Layers.Length][];
        _scoreOffsets = [];
        for (int i = 0; i < _layers.Length; i++)
        {
            var layer = model.Layers[i];
            _layers[i] = PackedLayer.Compile(layer, popCount);
            if (layer.IsScoreLayer)
            {
                _scoreOffsets = [.. layer.ScoreOffsets];
                continue;
            }
            _flip[i] = new int[layer.NeuronCount];
            _flippedBound[i] = new int[layer.NeuronCount];
            for (int j = 0; j < layer.NeuronCount; j++)
            {
                var threshold = layer.Thresholds[j];
                // Clamping to just outside the reachable range keeps the meaning and makes negation overflow-free.
                int reach = layer.Reach(j);
                int bound = (int)Math.Clamp((long)threshold.Bound, -reach - 1L, reach + 1L);
                int flip = threshold.Direction == ThresholdDirection.AtLeast ? 1 : -1;
                _flip[i][j] = flip;
                _flippedBound[i][j] = flip * bound;
            }
        }
        _lowestIndexWins = model.Output is not ArgmaxOutput { TieBreak: TieBreak.HighestIndex };
        InputWords = PackedBits.WordsFor(model.InputCount);
        OutputCount = model.Layers[^1].NeuronCount;
    }

    /// <summary>Compiles <paramref name="model"/> for the process's popcount path, <see cref="PopCountPaths.Default"/>.</summary>
    public static PackedNetwork Compile(BnnModel model) => Compile(model, PopCountPaths.Default);

    /// <summary>
    /// Compiles <paramref name="model"/> to count with <paramref name="popCount"/> (benchmarks and tests compare the
    /// paths; every path evaluates identically).
    /// </summary>
    public static PackedNetwork Compile(BnnModel model, PopCountPath popCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!PopCountPaths.IsAvailable(popCount))
            throw new ArgumentException($"this CPU cannot run the {popCount} popcount path", nameof(popCount));
        return new PackedNetwork(model, popCount);
    }

    /// <summary>The popcount path this network's binary layers count with.</summary>
    public PopCountPath PopCount { get; }

    /// <summary>The model this engine evaluates.</summary>
    public BnnModel Model { get; }

    /// <summary>Number of inputs.</summary>
    public int InputCount => Model.InputCount;

    /// <summary>Words per packed input vector.</summary>
    public int InputWords { get; }

    /// <summary>Number of classes (argmax) or output bits.</summary>
    public int OutputCount { get; }

    /// <summary>True when the output is an argmax over classes; false for named bits.</summary>
    public bool IsArgmax => Model.Output is ArgmaxOutput;

    /// <summary>Bytes of packed weight data (what an embedded target would store).</summary>
    public long PackedSizeBytes
    {
        get
        {
            long bits = 0;
            foreach (var layer in Model.Layers)
            {
                int weightBits = layer.Precision == WeightPrecision.Binary
                    ? (layer.Weights.Contains(0) ? 2 : 1)
                    : 1 + BitsFor(layer.Weights.Max(Math.Abs));
                bits += (long)layer.NeuronCount * PackedBits.WordsFor(layer.InputCount) * 64 * weightBits;
                bits += (long)layer.NeuronCount * 32; // one threshold or score offset per neuron
            }
            return bits / 8;
        }
    }

    /// <summary>A workspace sized for this network, for one thread.</summary>
    public EvaluationWorkspace CreateWorkspace() => new(this);

    internal int LayerCount => _layers.Length;

    /// <summary>The dense layer that reads the network's inputs.</summary>
    internal DenseLayer FirstLayer => _layers[0].Source;

    /// <summary>The first layer's Σ wᵢxᵢ for a packed input, the start of an incremental evaluation.</summary>
    internal void FirstLayerPreActivations(ReadOnlySpan<ulong> input, Span<int> sums) => _layers[0].PreActivations(input, sums);

    internal int LayerWidth(int layer) => _layers[layer].NeuronCount;

    /// <summary>
    /// Evaluates one packed input (bits beyond <see cref="InputCount"/> must be zero). The result is in
    /// <paramref name="workspace"/>: <see cref="EvaluationWorkspace.Class"/> and scores for argmax models,
    /// <see cref="EvaluationWorkspace.OutputBits"/> for bit outputs.
    /// </summary>
    public void Evaluate(ReadOnlySpan<ulong> input, EvaluationWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!PackedBits.HasCleanTail(input, InputCount))
            throw new ArgumentException($"expected {InputWords} words holding {InputCount} bits with zero tail bits", nameof(input));
        if (workspace.Network != this)
            throw new ArgumentException("the workspace belongs to another network", nameof(workspace));
        Run(input, workspace);
    }

    /// <summary>Evaluates <paramref name="inputs"/> (true = +1), allocating the result.</summary>
    public NetworkOutput Evaluate(ReadOnlySpan<bool> inputs)
    {
        var workspace = CreateWorkspace();
        Evaluate(PackInput(inputs), workspace);
        return workspace.ToOutput();
    }

    /// <summary>
    /// Evaluates <paramref name="count"/> packed inputs laid out one after another (<see cref="InputWords"/> each)
    /// and writes one result word per input: the winning class index for argmax models, the output bits
    /// (first 64) for bit models. Layer by layer over the whole batch: wide layers neuron by neuron, so that
    /// each weight row stays in cache, narrow ones input by input with the one-word fast path, and on the vector
    /// popcount paths every layer input by input, eight neurons per vector (docs/benchmarks.md).
    /// </summary>
    public void EvaluateBatch(ReadOnlySpan<ulong> inputs, int count, Span<ulong> results, BatchWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (inputs.Length < count * InputWords || results.Length < count)
            throw new ArgumentException("the input or result span is too short for the batch");
        if (count > workspace.Capacity || workspace.Network != this)
            throw new ArgumentException("the batch workspace is too small or belongs to another network", nameof(workspace));
        if (!IsArgmax && OutputCount > 64)
            throw new NotSupportedException("batch evaluation returns one word per input, so it supports at most 64 output bits");
        ReadOnlySpan<ulong> current = inputs[..(count * InputWords)];
        int currentWords = InputWords;
        for (int l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            if (layer.Source.IsScoreLayer)
            {
                var scores = workspace.Sums[..layer.NeuronCount];
                for (int item = 0; item < count; item++)
                {
                    layer.PreActivations(current.Slice(item * currentWords, currentWords), scores);
                    for (int neuron = 0; neuron < scores.Length; neuron++)
                        scores[neuron] += _scoreOffsets[neuron];
                    results[item] = (ulong)ArgMaxOf(scores);
                }
                return;
            }
            int outputWords = PackedBits.WordsFor(layer.NeuronCount);
            var output = workspace.Layer(l)[..(count * outputWords)];
            output.Clear();
            var flip = _flip[l];
            var flippedBound = _flippedBound[l];
            if (currentWords == 1 || layer.PrefersWholeLayer)
            {
                // Narrow inputs: the whole weight matrix is a few cache lines, so go input by input and
                // use the layer's one-word fast path. The vector popcount paths too: they count eight
                // neurons at once, which outweighs keeping one row in cache.
                var sums = workspace.Sums[..layer.NeuronCount];
                for (int item = 0; item < count; item++)
                {
                    layer.PreActivations(current.Slice(item * currentWords, currentWords), sums);
                    var bits = output.Slice(item * outputWords, outputWords);
                    for (int neuron = 0; neuron < sums.Length; neuron++)
                    {
                        if (flip[neuron] * sums[neuron] >= flippedBound[neuron])
                            bits[neuron >> 6] |= 1UL << (neuron & 63);
                    }
                }
            }
            else
            {
                // Wide inputs: neuron by neuron over the batch, so that each weight row stays in cache.
                for (int neuron = 0; neuron < layer.NeuronCount; neuron++)
                {
                    int word = neuron >> 6;
                    ulong bit = 1UL << (neuron & 63);
                    for (int item = 0; item < count; item++)
                    {
                        int sum = layer.PreActivation(neuron, current.Slice(item * currentWords, currentWords));
                        if (flip[neuron] * sum >= flippedBound[neuron])
                            output[(item * outputWords) + word] |= bit;
                    }
                }
            }
            current = output;
            currentWords = outputWords;
        }
        for (int item = 0; item < count; item++)
            results[item] = current[item * currentWords];
    }

    /// <summary>A workspace for batches of up to <paramref name="capacity"/> inputs.</summary>
    public BatchWorkspace CreateBatchWorkspace(int capacity) => new(this, capacity);

    /// <summary>Evaluates one input and records every layer's pre-activation sums and outputs.</summary>
    public EvaluationTrace Trace(ReadOnlySpan<bool> inputs)
    {
        var workspace = CreateWorkspace();
        Run(PackInput(inputs), workspace);
        var layers = ImmutableArray.CreateBuilder<LayerTrace>(_layers.Length);
        for (int l = 0; l < _layers.Length; l++)
        {
            var sums = workspace.Sums(l).ToImmutableArray();
            if (_layers[l].Source.IsScoreLayer)
            {
                layers.Add(new LayerTrace(sums, [], [.. workspace.Scores]));
            }
            else
            {
                var fired = PackedBits.Unpack(workspace.Activation(l), _layers[l].NeuronCount);
                layers.Add(new LayerTrace(sums, [.. fired], []));
            }
        }
        return new EvaluationTrace(layers.ToImmutable(), workspace.ToOutput());
    }

    /// <summary>Packs an input vector after checking its length.</summary>
    public ulong[] PackInput(ReadOnlySpan<bool> inputs)
    {
        if (inputs.Length != InputCount)
            throw new ArgumentException($"the model has {InputCount} inputs, got {inputs.Length} values", nameof(inputs));
        return PackedBits.Pack(inputs);
    }

    private void Run(ReadOnlySpan<ulong> input, EvaluationWorkspace workspace)
    {
        _layers[0].PreActivations(input, workspace.Sums(0));
        RunFromFirstLayerSums(workspace);
    }

    /// <summary>
    /// Finishes an evaluation whose first-layer pre-activations are already in <paramref name="workspace"/>'s first sums:
    /// the first layer's thresholds (or scores), then every later layer. <see cref="Run"/> ends here too, so an input whose
    /// first-layer sums were kept up to date incrementally (<see cref="IncrementalEvaluator"/>) gets exactly its answer.
    /// </summary>
    internal void RunFromFirstLayerSums(EvaluationWorkspace workspace)
    {
        for (int l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var sums = workspace.Sums(l);
            if (l > 0)
                layer.PreActivations(workspace.Activation(l - 1), sums);
            if (layer.Source.IsScoreLayer)
            {
                var scores = workspace.Scores;
                for (int neuron = 0; neuron < sums.Length; neuron++)
                    scores[neuron] = sums[neuron] + _scoreOffsets[neuron];
                workspace.Class = ArgMaxOf(scores);
                return;
            }
            var output = workspace.Activation(l);
            output.Clear();
            ReadOnlySpan<int> flip = _flip[l];
            ReadOnlySpan<int> flippedBound = _flippedBound[l];
            for (int neuron = 0; neuron < sums.Length; neuron++)
            {
                if (flip[neuron] * sums[neuron] >= flippedBound[neuron])
                    output[neuron >> 6] |= 1UL << (neuron & 63);
            }
        }
        workspace.Class = -1;
    }

    private int ArgMaxOf(ReadOnlySpan<int> scores)
    {
        int best = 0;
        for (int neuron = 1; neuron < scores.Length; neuron++)
        {
            if (scores[neuron] > scores[best] || (scores[neuron] == scores[best] && !_lowestIndexWins))
                best = neuron;
        }
        return best;
    }

    private static int BitsFor(int magnitude) => magnitude == 0 ? 1 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)magnitude);
}
