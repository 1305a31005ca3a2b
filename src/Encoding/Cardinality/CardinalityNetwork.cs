using System.Diagnostics;
using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Cardinality;

/// <summary>
/// The cardinality network of Asín, Nieuwenhuis, Oliveras and Rodríguez-Carbonell (Constraints, 2011), built as
/// a comparator circuit first and emitted as clauses only for the comparator outputs the result depends on.
/// </summary>
/// <remarks>
/// The network sorts descending, so output wire k−1 is true iff at least k inputs are. It needs a block size
/// that is a power of two and an input count that is a multiple of it: k is rounded up to p = 2^⌈log2 k⌉ and
/// the inputs are padded with constant false wires, which comparators pass through without any clause.
/// A comparator (a, b) → (max, min) emits, for each output that is used,
///   max ⇔ a ∨ b:  ¬a ∨ max,  ¬b ∨ max,  ¬max ∨ a ∨ b
///   min ⇔ a ∧ b:  ¬a ∨ ¬b ∨ min,  ¬min ∨ a,  ¬min ∨ b
/// (both directions, so the output can be assumed either way).
/// </remarks>
internal sealed class CardinalityNetwork
{
    private const int False = -1;
    private readonly int _inputs;
    // Comparator g reads wires _left[g], _right[g]; its max output is wire _inputs + 2g, its min output +1.
    private readonly List<int> _left = [];
    private readonly List<int> _right = [];

    private CardinalityNetwork(int inputs) => _inputs = inputs;

    /// <summary>Encodes output ⇔ (Σ x ≥ k) for 1 ≤ k ≤ n.</summary>
    public static void Encode(IClauseSink sink, ReadOnlySpan<Lit> x, int k, Lit output)
    {
        int n = x.Length;
        Debug.Assert(k >= 1 && k <= n);
        int block = 1;
        while (block < k)
            block <<= 1;
        int padded = (n + block - 1) / block * block;
        var network = new CardinalityNetwork(n);
        var wires = new int[padded];
        for (int i = 0; i < padded; i++)
            wires[i] = i < n ? i : False;
        var sorted = network.Card(wires, block);
        network.Emit(sink, x, sorted[k - 1], output);
    }

    /// <summary>The top <paramref name="block"/> outputs, sorted, of <paramref name="a"/> (|a| a multiple of block).</summary>
    private int[] Card(int[] a, int block)
    {
        if (a.Length == block)
            return Sort(a);
        int blocks = a.Length / block;
        int split = blocks / 2 * block;
        var merged = SimplifiedMerge(Card(a[..split], block), Card(a[split..], block));
        return merged[..block];
    }

    /// <summary>Batcher's odd-even merge sort of a power-of-two number of wires.</summary>
    private int[] Sort(int[] a)
    {
        if (a.Length == 1)
            return a;
        int half = a.Length / 2;
        return Merge(Sort(a[..half]), Sort(a[half..]));
    }

    /// <summary>Merges two sorted sequences of equal power-of-two length into one of twice the length.</summary>
    private int[] Merge(int[] a, int[] b)
    {
        int p = a.Length;
        if (p == 1)
        {
            var (max, min) = Compare(a[0], b[0]);
            return [max, min];
        }
        var d = Merge(Odd(a), Odd(b));
        var e = Merge(Even(a), Even(b));
        var c = new int[2 * p];
        c[0] = d[0];
        c[2 * p - 1] = e[p - 1];
        for (int i = 1; i < p; i++)
            (c[2 * i - 1], c[2 * i]) = Compare(d[i], e[i - 1]);
        return c;
    }

    /// <summary>The first p+1 outputs of merging two sorted sequences of power-of-two length p.</summary>
    private int[] SimplifiedMerge(int[] a, int[] b)
    {
        int p = a.Length;
        if (p == 1)
        {
            var (max, min) = Compare(a[0], b[0]);
            return [max, min];
        }
        var d = SimplifiedMerge(Odd(a), Odd(b));
        var e = SimplifiedMerge(Even(a), Even(b));
        var c = new int[p + 1];
        c[0] = d[0];
        for (int i = 1; i <= p / 2; i++)
            (c[2 * i - 1], c[2 * i]) = Compare(d[i], e[i - 1]);
        return c;
    }

    // 1-based odd positions are 0-based even indices.
    private static int[] Odd(int[] a)
    {
        var result = new int[(a.Length + 1) / 2];
        for (int i = 0; i < result.Length; i++)
            result[i] = a[2 * i];
        return result;
    }

    private static int[] Even(int[] a)
    {
        var result = new int[a.Length / 2];
        for (int i = 0; i < result.Length; i++)
            result[i] = a[2 * i + 1];
        return result;
    }

    private (int Max, int Min) Compare(int a, int b)
    {
        // A constant false wire (padding) leaves the other wire as the max; no comparator is needed.
        if (a == False)
            return (b, False);
        if (b == False)
            return (a, False);
        int gate = _left.Count;
        _left.Add(a);
        _right.Add(b);
        return (_inputs + 2 * gate, _inputs + 2 * gate + 1);
    }

    /// <summary>Emits clauses for the comparator outputs that <paramref name="result"/> depends on, naming it <paramref name="output"/>.</summary>
    private void Emit(IClauseSink sink, ReadOnlySpan<Lit> x, int result, Lit output)
    {
        if (result == False)
        {
            sink.AddClause([!output]);
            return;
        }
        if (result < _inputs)
        {
            sink.AddClause([!output, x[result]]);
            sink.AddClause([output, !x[result]]);
            return;
        }
        int gates = _left.Count;
        // used[w - _inputs] for comparator outputs; gates are created after their inputs, so one backward
        // sweep marks the cone of the result and one forward sweep names and defines it.
        var used = new bool[2 * gates];
        used[result - _inputs] = true;
        for (int g = gates - 1; g >= 0; g--)
        {
            if (!used[2 * g] && !used[2 * g + 1])
                continue;
            if (_left[g] >= _inputs) used[_left[g] - _inputs] = true;
            if (_right[g] >= _inputs) used[_right[g] - _inputs] = true;
        }
        var literal = new Lit[2 * gates];
        Span<Lit> clause = stackalloc Lit[3];
        for (int g = 0; g < gates; g++)
        {
            if (!used[2 * g] && !used[2 * g + 1])
                continue;
            var a = Wire(x, literal, _left[g]);
            var b = Wire(x, literal, _right[g]);
            if (used[2 * g])
            {
                var max = _inputs + 2 * g == result ? output : Lit.Positive(sink.NewVariable());
                literal[2 * g] = max;
                clause[0] = !a; clause[1] = max;
                sink.AddClause(clause[..2]);
                clause[0] = !b;
                sink.AddClause(clause[..2]);
                clause[0] = !max; clause[1] = a; clause[2] = b;
                sink.AddClause(clause);
            }
            if (used[2 * g + 1])
            {
                var min = _inputs + 2 * g + 1 == result ? output : Lit.Positive(sink.NewVariable());
                literal[2 * g + 1] = min;
                clause[0] = !a; clause[1] = !b; clause[2] = min;
                sink.AddClause(clause);
                clause[0] = !min; clause[1] = a;
                sink.AddClause(clause[..2]);
                clause[1] = b;
                sink.AddClause(clause[..2]);
            }
        }
    }

    private Lit Wire(ReadOnlySpan<Lit> x, Lit[] literal, int wire)
    {
        Debug.Assert(wire != False);
        return wire < _inputs ? x[wire] : literal[wire - _inputs];
    }
}
