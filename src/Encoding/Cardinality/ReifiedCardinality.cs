using System.Diagnostics;
using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Cardinality;

/// <summary>The one entry point that turns <c>output ⇔ (at least k of the literals are true)</c> into clauses.</summary>
public static class ReifiedCardinality
{
    /// <summary>The concrete encodings <see cref="CardinalityEncoding.Smallest"/> chooses from, in the order that breaks ties.</summary>
    private static readonly CardinalityEncoding[] Candidates =
        [CardinalityEncoding.Totalizer, CardinalityEncoding.SortingNetwork, CardinalityEncoding.SequentialCounter];

    /// <summary>
    /// Adds clauses (and auxiliary variables) to <paramref name="sink"/> that make <paramref name="output"/>
    /// equivalent to "at least <paramref name="atLeast"/> of <paramref name="literals"/> are true".
    /// </summary>
    /// <remarks>
    /// A literal that occurs m times counts m times. Any threshold is allowed: at most 0 forces the output
    /// true, more than the number of literals forces it false. The output may itself occur among the literals.
    /// Before the chosen encoding runs, a literal and its negation cancel (together they always count exactly
    /// one), thresholds above half are flipped to the complementary count (Σ l ≥ k ⇔ ¬(Σ ¬l ≥ n−k+1)), and
    /// k = 1 becomes a plain disjunction. These steps are exact and only make the encodings smaller.
    /// </remarks>
    public static void Encode(IClauseSink sink, ReadOnlySpan<Lit> literals, int atLeast, Lit output, CardinalityEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (!Enum.IsDefined(encoding))
            throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Not a known cardinality encoding.");

        var kept = CancelComplementaryPairs(literals, ref atLeast);
        int n = kept.Length;
        if (atLeast <= 0)
        {
            sink.AddClause([output]);
            return;
        }
        if (atLeast > n)
        {
            sink.AddClause([!output]);
            return;
        }
        // Counting the false literals instead keeps every encoding's registers at or below half of n.
        if (atLeast > n - atLeast + 1)
        {
            for (int i = 0; i < n; i++)
                kept[i] = !kept[i];
            atLeast = n - atLeast + 1;
            output = !output;
        }
        if (atLeast == 1)
        {
            EncodeDisjunction(sink, kept, output);
            return;
        }
        Debug.Assert(atLeast >= 2 && atLeast < n);
        if (encoding == CardinalityEncoding.Smallest)
            encoding = SmallestFor(kept, atLeast, output);
        EncodeNormalised(sink, kept, atLeast, output, encoding);
    }

    /// <summary>Runs a concrete encoding on a normalised constraint (2 ≤ k ≤ (n+1)/2, k &lt; n, no complementary pairs).</summary>
    private static void EncodeNormalised(IClauseSink sink, Lit[] literals, int atLeast, Lit output, CardinalityEncoding encoding)
    {
        switch (encoding)
        {
            case CardinalityEncoding.SequentialCounter:
                SequentialCounter.Encode(sink, literals, atLeast, output);
                break;
            case CardinalityEncoding.Totalizer:
                Totalizer.Encode(sink, literals, atLeast, output);
                break;
            case CardinalityEncoding.SortingNetwork:
                CardinalityNetwork.Encode(sink, literals, atLeast, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Not a concrete cardinality encoding.");
        }
    }

    /// <summary>The candidate that makes the fewest clauses for this normalised constraint, found by encoding each into a counter.</summary>
    internal static CardinalityEncoding SmallestFor(Lit[] literals, int atLeast, Lit output)
    {
        var best = Candidates[0];
        long fewest = long.MaxValue;
        foreach (var candidate in Candidates)
        {
            var counter = new ClauseCounter(literals, output);
            EncodeNormalised(counter, literals, atLeast, output, candidate);
            if (counter.Clauses < fewest)
            {
                fewest = counter.Clauses;
                best = candidate;
            }
        }
        return best;
    }

    /// <summary>A sink that only counts clauses; its fresh variables lie above every variable it was shown.</summary>
    private sealed class ClauseCounter : IClauseSink
    {
        private int _next;

        public ClauseCounter(Lit[] literals, Lit output)
        {
            int highest = output.Variable;
            foreach (var literal in literals)
                highest = Math.Max(highest, literal.Variable);
            _next = highest + 1;
        }

        public long Clauses { get; private set; }

        public int NewVariable() => _next++;

        public void AddClause(ReadOnlySpan<Lit> literals) => Clauses++;
    }

    /// <summary>
    /// Removes each pair of a literal and its negation (the pair always contributes exactly one) and lowers
    /// <paramref name="atLeast"/> by one per pair. The remaining literals keep their order and repetitions.
    /// </summary>
    internal static Lit[] CancelComplementaryPairs(ReadOnlySpan<Lit> literals, ref int atLeast)
    {
        // Count occurrences per literal code; most constraints have no complementary pair, so check that first.
        var counts = new Dictionary<int, int>(literals.Length);
        bool anyPair = false;
        foreach (var lit in literals)
        {
            counts[lit.Code] = counts.GetValueOrDefault(lit.Code) + 1;
            if (counts.ContainsKey(lit.Code ^ 1))
                anyPair = true;
        }
        if (!anyPair)
            return literals.ToArray();

        // For every variable, drop min(positive, negative) occurrences of each polarity.
        var toDrop = new Dictionary<int, int>();
        foreach (var (code, count) in counts)
        {
            if ((code & 1) != 0)
                continue;
            int pairs = Math.Min(count, counts.GetValueOrDefault(code ^ 1));
            if (pairs == 0)
                continue;
            toDrop[code] = pairs;
            toDrop[code ^ 1] = pairs;
            atLeast -= pairs;
        }
        var kept = new List<Lit>(literals.Length);
        foreach (var lit in literals)
        {
            if (toDrop.TryGetValue(lit.Code, out int drop) && drop > 0)
            {
                toDrop[lit.Code] = drop - 1;
                continue;
            }
            kept.Add(lit);
        }
        return [.. kept];
    }

    /// <summary>output ⇔ (l1 ∨ … ∨ ln), repeated literals written once.</summary>
    private static void EncodeDisjunction(IClauseSink sink, Lit[] literals, Lit output)
    {
        var distinct = new List<Lit>(literals.Length + 1) { !output };
        var seen = new HashSet<Lit>();
        foreach (var lit in literals)
        {
            if (!seen.Add(lit))
                continue;
            distinct.Add(lit);
            sink.AddClause([!lit, output]);
        }
        sink.AddClause(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(distinct));
    }
}
