using System.Collections.Immutable;
using BnnVerify.Bnn.Model;
using BnnVerify.Encoding.Circuit;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Compilation;

/// <summary>One term of a folded neuron: a positive weight on a literal (of an input or an earlier neuron).</summary>
/// <param name="Literal">The literal; its variable is a node of the <see cref="FoldedNetwork"/>.</param>
/// <param name="Weight">How much the literal counts when true (at least 1).</param>
public readonly record struct WeightedLiteral(Lit Literal, int Weight);

/// <summary>
/// A folded sign neuron: true iff Σ weight·[literal] ≥ <see cref="AtLeast"/>, where
/// 1 ≤ AtLeast ≤ Σ weight (a neuron that is constant or a copy of one literal was folded away).
/// </summary>
/// <param name="Node">Its node number (inputs are nodes 0 … InputCount−1).</param>
/// <param name="Layer">The model layer it comes from (0-based).</param>
/// <param name="Index">Its position in that layer.</param>
/// <param name="Terms">The counted literals, by increasing node.</param>
/// <param name="AtLeast">The bound.</param>
public sealed record FoldedNeuron(int Node, int Layer, int Index, ImmutableArray<WeightedLiteral> Terms, int AtLeast)
{
    /// <summary>Σ weight: the largest value the count can take.</summary>
    public int TotalWeight
    {
        get
        {
            int total = 0;
            foreach (var term in Terms)
                total += term.Weight;
            return total;
        }
    }

    /// <summary>A stable identifier for compiled code: <c>h</c>, the 1-based layer, <c>_</c>, the index.</summary>
    public string Name => $"h{Layer + 1}_{Index}";
}

/// <summary>A folded class score: 2·Σ weight·[literal] + <see cref="Constant"/>, which equals the model's Σ wᵢxᵢ + offset.</summary>
/// <param name="Terms">The counted literals.</param>
/// <param name="Constant">What the pruned, constant and negated parts contribute.</param>
public sealed record FoldedScore(ImmutableArray<WeightedLiteral> Terms, int Constant)
{
    /// <summary>The smallest value the score can take.</summary>
    public int Minimum => Constant;

    /// <summary>The largest value the score can take.</summary>
    public long Maximum => Constant + 2L * Terms.Sum(t => (long)t.Weight);
}

/// <summary>
/// A model folded for compilation into circuits and programs: every ±1 input becomes a boolean literal,
/// pruned weights and constant neurons fold into the bounds, a neuron that copies one literal becomes that
/// literal, equal neurons are built once (structural hashing), and neurons no output depends on are dropped
/// (<see cref="ConeOfInfluence"/>). Nodes 0 … InputCount−1 are the inputs; neurons follow in layer order,
/// so every term refers to a smaller node (the list is topologically sorted).
/// </summary>
public sealed class FoldedNetwork
{
    private FoldedNetwork(BnnModel model, ImmutableArray<FoldedNeuron> neurons, ImmutableArray<Bit> outputBits, ImmutableArray<FoldedScore> scores)
    {
        Model = model;
        Neurons = neurons;
        OutputBits = outputBits;
        Scores = scores;
    }

    /// <summary>The model folded.</summary>
    public BnnModel Model { get; }

    /// <summary>Number of inputs (nodes 0 … InputCount−1).</summary>
    public int InputCount => Model.InputCount;

    /// <summary>The live neurons in topological order; neuron <c>k</c> is node <c>InputCount + k</c>.</summary>
    public ImmutableArray<FoldedNeuron> Neurons { get; }

    /// <summary>For a bits model, each output bit (a literal over nodes, or a constant); empty for argmax.</summary>
    public ImmutableArray<Bit> OutputBits { get; }

    /// <summary>For an argmax model, each class score; empty for bits.</summary>
    public ImmutableArray<FoldedScore> Scores { get; }

    /// <summary>True for an argmax output.</summary>
    public bool IsArgmax => !Scores.IsEmpty;

    /// <summary>True when the highest-indexed of equal top scores wins.</summary>
    public bool HighestIndexWins => Model.Output is ArgmaxOutput { TieBreak: TieBreak.HighestIndex };

    /// <summary>The neuron behind node <paramref name="node"/> (which must not be an input).</summary>
    public FoldedNeuron NeuronOf(int node) => Neurons[node - InputCount];

    /// <summary>Folds <paramref name="model"/>.</summary>
    public static FoldedNetwork Fold(BnnModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var neurons = new List<FoldedNeuron>();
        var hashed = new Dictionary<string, Bit>(StringComparer.Ordinal);
        var current = new Bit[model.InputCount];
        for (int i = 0; i < current.Length; i++)
            current[i] = Bit.Of(Lit.Positive(i));
        var scores = ImmutableArray<FoldedScore>.Empty;
        for (int l = 0; l < model.Layers.Length; l++)
        {
            var layer = model.Layers[l];
            if (layer.IsScoreLayer)
            {
                var builder = ImmutableArray.CreateBuilder<FoldedScore>(layer.NeuronCount);
                for (int j = 0; j < layer.NeuronCount; j++)
                {
                    var (terms, constant) = Linearise(layer.Row(j), current);
                    builder.Add(new FoldedScore(terms, checked((int)(constant + layer.ScoreOffsets[j]))));
                }
                scores = builder.MoveToImmutable();
                break;
            }
            var next = new Bit[layer.NeuronCount];
            for (int j = 0; j < layer.NeuronCount; j++)
                next[j] = SignNeuron(model.InputCount, l, j, layer.Row(j), layer.Thresholds[j], current, neurons, hashed);
            current = next;
        }
        var outputBits = scores.IsEmpty ? [.. current] : ImmutableArray<Bit>.Empty;
        return Prune(model, neurons, outputBits, scores);
    }

    // Σ wᵢxᵢ with xᵢ = ±1 as 2·Σ aₖ[ℓₖ] + D: a negative weight counts the negated literal, a constant input
    // moves into D, and a node seen twice (possible after hashing) keeps one literal.
    private static (ImmutableArray<WeightedLiteral> Terms, long Constant) Linearise(ReadOnlySpan<int> row, Bit[] inputs)
    {
        long constant = 0;
        var positive = new SortedDictionary<int, long>();
        var negative = new Dictionary<int, long>();
        for (int i = 0; i < row.Length; i++)
        {
            int w = row[i];
            if (w == 0)
                continue;
            var bit = inputs[i];
            if (bit.IsConstant)
            {
                constant += bit.Value ? w : -w;
                continue;
            }
            var literal = w > 0 ? bit.Literal : !bit.Literal;
            long a = Math.Abs((long)w);
            // a·x = a·(2[ℓ] − 1) for the literal ℓ that is true when the term is +a.
            constant -= a;
            IDictionary<int, long> side = literal.IsNegative ? negative : positive;
            side[literal.Variable] = (side.TryGetValue(literal.Variable, out long had) ? had : 0) + a;
            if (!positive.ContainsKey(literal.Variable))
                positive[literal.Variable] = 0;
        }
        var terms = ImmutableArray.CreateBuilder<WeightedLiteral>(positive.Count);
        foreach (var (variable, p) in positive)
        {
            long q = negative.TryGetValue(variable, out long n) ? n : 0;
            // p[x] + q[¬x] = min(p, q) + |p − q|·[x or ¬x]: the common part is a constant count.
            constant += 2 * Math.Min(p, q);
            if (p != q)
                terms.Add(new WeightedLiteral(Lit.Of(variable, p > q), checked((int)Math.Abs(p - q))));
        }
        return (terms.ToImmutable(), constant);
    }

    private static Bit SignNeuron(int inputCount, int layer, int index, ReadOnlySpan<int> row, NeuronThreshold threshold, Bit[] inputs,
        List<FoldedNeuron> neurons, Dictionary<string, Bit> hashed)
    {
        var (terms, constant) = Linearise(row, inputs);
        long total = terms.Sum(t => (long)t.Weight);
        // The pre-activation is 2T + D with T = Σ aₖ[ℓₖ] in [0, total].
        long k;
        bool negate = false;
        if (threshold.Direction == ThresholdDirection.AtLeast)
        {
            k = CeilingHalf(threshold.Bound - constant);
        }
        else
        {
            // T ≤ m  ⇔  Σ aₖ[¬ℓₖ] ≥ total − m.
            long m = FloorHalf(threshold.Bound - constant);
            k = total - m;
            negate = true;
        }
        if (k <= 0)
            return Bit.True;
        if (k > total)
            return Bit.False;
        if (negate)
            terms = [.. terms.Select(t => t with { Literal = !t.Literal })];
        // A weight above the bound counts no more than the bound; then a common factor divides out.
        terms = [.. terms.Select(t => t with { Weight = (int)Math.Min(t.Weight, k) })];
        int gcd = 0;
        foreach (var term in terms)
            gcd = Gcd(gcd, term.Weight);
        if (gcd > 1)
        {
            terms = [.. terms.Select(t => t with { Weight = t.Weight / gcd })];
            k = (k + gcd - 1) / gcd;
        }
        if (terms.Length == 1)
            return Bit.Of(terms[0].Literal);
        string key = string.Join(",", terms.Select(t => $"{t.Literal.Code}*{t.Weight}")) + ">=" + k;
        if (hashed.TryGetValue(key, out var existing))
            return existing;
        var neuron = new FoldedNeuron(inputCount + neurons.Count, layer, index, terms, (int)k);
        neurons.Add(neuron);
        var bit = Bit.Of(Lit.Positive(neuron.Node));
        hashed[key] = bit;
        return bit;
    }

    private static FoldedNetwork Prune(BnnModel model, List<FoldedNeuron> neurons, ImmutableArray<Bit> outputBits, ImmutableArray<FoldedScore> scores)
    {
        int inputCount = model.InputCount;
        var roots = new List<int>();
        foreach (var bit in outputBits)
        {
            if (!bit.IsConstant)
                roots.Add(bit.Literal.Variable);
        }
        foreach (var score in scores)
            roots.AddRange(score.Terms.Select(t => t.Literal.Variable));
        var live = ConeOfInfluence.Compute(inputCount + neurons.Count,
            node => node < inputCount ? [] : neurons[node - inputCount].Terms.Select(t => t.Literal.Variable), roots);
        var renumber = new int[inputCount + neurons.Count];
        for (int i = 0; i < inputCount; i++)
            renumber[i] = i;
        var kept = ImmutableArray.CreateBuilder<FoldedNeuron>();
        foreach (var neuron in neurons)
        {
            if (!live[neuron.Node])
                continue;
            renumber[neuron.Node] = inputCount + kept.Count;
            kept.Add(neuron with { Node = inputCount + kept.Count, Terms = Renumber(neuron.Terms, renumber) });
        }
        var bits = outputBits.Select(b => b.IsConstant ? b : Bit.Of(Lit.Of(renumber[b.Literal.Variable], !b.Literal.IsNegative))).ToImmutableArray();
        var newScores = scores.Select(s => s with { Terms = Renumber(s.Terms, renumber) }).ToImmutableArray();
        return new FoldedNetwork(model, kept.ToImmutable(), bits, newScores);
    }

    private static ImmutableArray<WeightedLiteral> Renumber(ImmutableArray<WeightedLiteral> terms, int[] renumber) =>
        [.. terms.Select(t => t with { Literal = Lit.Of(renumber[t.Literal.Variable], !t.Literal.IsNegative) })];

    private static long CeilingHalf(long value) => value >= 0 ? (value + 1) / 2 : -((-value) / 2);

    private static long FloorHalf(long value) => value >= 0 ? value / 2 : -((-value + 1) / 2);

    private static int Gcd(int a, int b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return a;
    }
}
