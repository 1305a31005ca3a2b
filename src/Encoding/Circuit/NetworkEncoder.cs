using System.Collections.Immutable;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Encoding.Circuit;

/// <summary>An integer as a linear expression over bits: Σ cᵢ·[bᵢ] + constant (used for class scores).</summary>
/// <param name="Terms">Coefficient and bit pairs.</param>
/// <param name="Constant">The constant part.</param>
public sealed record LinearExpression(ImmutableArray<(long Coefficient, Bit Bit)> Terms, long Constant);

/// <summary>A network encoded into a <see cref="ConstraintBuilder"/>: its inputs, every sign layer's neurons, and its output.</summary>
public sealed class EncodedNetwork
{
    private readonly ConstraintBuilder _builder;
    private readonly Dictionary<int, Bit> _classIs = [];
    private readonly bool _lowestIndexWins;

    internal EncodedNetwork(ConstraintBuilder builder, BnnModel model, ImmutableArray<Bit> inputs,
        ImmutableArray<ImmutableArray<Bit>> signLayers, ImmutableArray<LinearExpression> scores)
    {
        _builder = builder;
        Model = model;
        Inputs = inputs;
        SignLayers = signLayers;
        Scores = scores;
        _lowestIndexWins = model.Output is not ArgmaxOutput { TieBreak: TieBreak.HighestIndex };
    }

    /// <summary>The model encoded.</summary>
    public BnnModel Model { get; }

    /// <summary>The input bits (true = +1).</summary>
    public ImmutableArray<Bit> Inputs { get; }

    /// <summary>Every sign layer's neuron bits, in layer order (for a bits model the last is the output).</summary>
    public ImmutableArray<ImmutableArray<Bit>> SignLayers { get; }

    /// <summary>The output bits of a bits model.</summary>
    public ImmutableArray<Bit> OutputBits => Model.Output is BitsOutput ? SignLayers[^1] : [];

    /// <summary>Each class's score as a linear expression over the last hidden layer (argmax models).</summary>
    public ImmutableArray<LinearExpression> Scores { get; }

    /// <summary>
    /// The bit "class <paramref name="classIndex"/> wins the argmax": its score beats every class before it
    /// and ties or beats every class after it (the reverse for a highest-index tie rule). Built once per class.
    /// </summary>
    public Bit ClassIs(int classIndex)
    {
        if (Scores.IsEmpty)
            throw new InvalidOperationException("the model's output is bits, not an argmax over classes");
        if (_classIs.TryGetValue(classIndex, out var cached))
            return cached;
        var beats = new List<Bit>();
        var mine = Scores[classIndex];
        for (int other = 0; other < Scores.Length; other++)
        {
            if (other == classIndex)
                continue;
            // Winning a tie needs the tie rule on our side; otherwise the score must be strictly larger.
            bool winsTies = _lowestIndexWins ? classIndex < other : classIndex > other;
            beats.Add(Compare(mine, Scores[other], winsTies ? 0 : 1));
        }
        var bit = _builder.And(beats);
        _builder.Name(bit, "class=" + Model.Output.Names[classIndex]);
        _classIs[classIndex] = bit;
        return bit;
    }

    // left − right ≥ margin.
    private Bit Compare(LinearExpression left, LinearExpression right, long margin)
    {
        var terms = left.Terms.Concat(right.Terms.Select(t => (-t.Coefficient, t.Bit)));
        return _builder.Weighted(terms, margin - (left.Constant - right.Constant));
    }
}

/// <summary>
/// Encodes a network as reified cardinality constraints: with bᵢ the indicator of xᵢ = +1,
/// Σ wᵢxᵢ ≥ T ⇔ Σ wᵢ·bᵢ ≥ ⌈(T + Σ wᵢ)/2⌉, a weighted at-least constraint whose negative weights become
/// negated literals (a weight −1 is the literal ¬bᵢ). Score layers become linear expressions.
/// </summary>
public static class NetworkEncoder
{
    /// <summary>Encodes <paramref name="model"/> over <paramref name="inputs"/> (default: the builder's input variables).</summary>
    public static EncodedNetwork Encode(ConstraintBuilder builder, BnnModel model, IReadOnlyList<Bit>? inputs = null) =>
        Encode(builder, model, inputs, []);

    /// <summary>
    /// Encodes <paramref name="model"/> for a problem whose solutions all satisfy <paramref name="limits"/>: first-layer
    /// neurons that the limits leave no room to change are constants (see <see cref="FirstLayerBounds"/>). The caller
    /// must assert the limits (or something that implies them); the encoding is exact only on inputs that satisfy them.
    /// </summary>
    public static EncodedNetwork Encode(ConstraintBuilder builder, BnnModel model, IReadOnlyList<Bit>? inputs, IReadOnlyList<InputCountLimit> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(model);
        var inputBits = inputs is null
            ? Enumerable.Range(0, model.InputCount).Select(builder.Input).ToImmutableArray()
            : [.. inputs];
        if (inputBits.Length != model.InputCount)
            throw new ArgumentException($"the model has {model.InputCount} inputs, got {inputBits.Length} bits", nameof(inputs));
        for (int i = 0; i < inputBits.Length; i++)
            builder.Name(inputBits[i], model.InputNames[i]);

        var signLayers = ImmutableArray.CreateBuilder<ImmutableArray<Bit>>();
        var scores = ImmutableArray<LinearExpression>.Empty;
        var current = inputBits;
        for (int l = 0; l < model.Layers.Length; l++)
        {
            var layer = model.Layers[l];
            if (layer.IsScoreLayer)
            {
                scores = [.. Enumerable.Range(0, layer.NeuronCount).Select(j => Score(layer, j, current))];
                break;
            }
            var outputs = ImmutableArray.CreateBuilder<Bit>(layer.NeuronCount);
            for (int j = 0; j < layer.NeuronCount; j++)
            {
                var bit = l == 0 && limits.Count > 0 && Settled(layer.Row(j), layer.Thresholds[j], current, limits) is { } settled
                    ? Bit.Constant(settled)
                    : Neuron(builder, layer.Row(j), layer.Thresholds[j], current);
                builder.Name(bit, $"layer{l + 1}.n{j}");
                outputs.Add(bit);
            }
            current = outputs.MoveToImmutable();
            signLayers.Add(current);
        }
        return new EncodedNetwork(builder, model, inputBits, signLayers.ToImmutable(), scores);
    }

    /// <summary>The neuron's value when it is the same on every input the limits allow, else null.</summary>
    private static bool? Settled(ReadOnlySpan<int> weights, NeuronThreshold threshold, ImmutableArray<Bit> inputs, IReadOnlyList<InputCountLimit> limits)
    {
        if (FirstLayerBounds.PreActivation(weights, inputs, limits) is not var (low, high))
            return null;
        // Both threshold directions are monotone in the sum, so the ends of the interval decide.
        bool atLow = threshold.Direction == ThresholdDirection.AtLeast ? low >= threshold.Bound : low <= threshold.Bound;
        bool atHigh = threshold.Direction == ThresholdDirection.AtLeast ? high >= threshold.Bound : high <= threshold.Bound;
        return atLow == atHigh ? atLow : null;
    }

    private static Bit Neuron(ConstraintBuilder builder, ReadOnlySpan<int> weights, NeuronThreshold threshold, ImmutableArray<Bit> inputs)
    {
        // Σ w·x ≤ T is Σ (−w)·x ≥ −T.
        long sign = threshold.Direction == ThresholdDirection.AtLeast ? 1 : -1;
        long bound = sign * threshold.Bound;
        long weightSum = 0;
        var terms = new List<(long, Bit)>(weights.Length);
        for (int i = 0; i < weights.Length; i++)
        {
            long w = sign * weights[i];
            if (w == 0)
                continue;
            weightSum += w;
            terms.Add((w, inputs[i]));
        }
        return builder.Weighted(terms, CeilingHalf(bound + weightSum));
    }

    // Score = Σ wᵢ·xᵢ + offset = Σ 2wᵢ·bᵢ − Σ wᵢ + offset.
    private static LinearExpression Score(DenseLayer layer, int neuron, ImmutableArray<Bit> inputs)
    {
        var weights = layer.Row(neuron);
        long weightSum = 0;
        var terms = ImmutableArray.CreateBuilder<(long, Bit)>();
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] == 0)
                continue;
            weightSum += weights[i];
            terms.Add((2L * weights[i], inputs[i]));
        }
        return new LinearExpression(terms.ToImmutable(), layer.ScoreOffsets[neuron] - weightSum);
    }

    private static long CeilingHalf(long value) => value >= 0 ? (value + 1) / 2 : -(-value / 2);
}
