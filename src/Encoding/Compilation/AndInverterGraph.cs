namespace BnnVerify.Encoding.Compilation;

/// <summary>
/// An and-inverter graph in AIGER numbering: literal 0 is false, 1 is true, variable v has literals 2v and
/// 2v+1 (negated); variables 1 … InputCount are the inputs, the rest are two-input AND gates, created in
/// topological order. Building folds constants and trivial cases and hashes structurally, so an equal gate is
/// built once.
/// </summary>
public sealed class AndInverterGraph
{
    /// <summary>The constant false.</summary>
    public const int False = 0;

    /// <summary>The constant true.</summary>
    public const int True = 1;

    private readonly List<(int Left, int Right)> _gates = [];
    private readonly Dictionary<(int, int), int> _hashed = [];

    /// <summary>A graph with <paramref name="inputCount"/> inputs and no gates.</summary>
    public AndInverterGraph(int inputCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputCount);
        InputCount = inputCount;
    }

    /// <summary>Number of inputs (variables 1 … InputCount).</summary>
    public int InputCount { get; }

    /// <summary>The AND gates in creation order: gate g is variable InputCount + 1 + g.</summary>
    public IReadOnlyList<(int Left, int Right)> Gates => _gates;

    /// <summary>The highest variable index.</summary>
    public int MaxVariable => InputCount + _gates.Count;

    /// <summary>The positive literal of input <paramref name="index"/> (0-based).</summary>
    public int Input(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, InputCount);
        return 2 * (index + 1);
    }

    /// <summary>The negation of <paramref name="literal"/>.</summary>
    public static int Not(int literal) => literal ^ 1;

    /// <summary>a ∧ b.</summary>
    public int And(int a, int b)
    {
        if (a == False || b == False || a == Not(b))
            return False;
        if (a == True)
            return b;
        if (b == True || a == b)
            return a;
        if (a < b)
            (a, b) = (b, a);
        if (_hashed.TryGetValue((a, b), out int existing))
            return existing;
        _gates.Add((a, b));
        int literal = 2 * MaxVariable;
        _hashed[(a, b)] = literal;
        return literal;
    }

    /// <summary>a ∨ b.</summary>
    public int Or(int a, int b) => Not(And(Not(a), Not(b)));

    /// <summary>a ⊕ b, as (a ∨ b) ∧ ¬(a ∧ b).</summary>
    public int Xor(int a, int b)
    {
        if (a is False or True)
            return a == False ? b : Not(b);
        if (b is False or True)
            return b == False ? a : Not(a);
        return And(Or(a, b), Not(And(a, b)));
    }

    /// <summary>The majority of three (the carry of a full adder).</summary>
    public int Majority(int a, int b, int c) => Or(And(a, b), And(c, Or(a, b)));

    /// <summary>
    /// The binary sum of weighted literals, least significant bit first: a balanced tree of ripple-carry adders
    /// over the terms in the given order (the first <see cref="LeftHalf"/> terms, plus the rest), the same tree
    /// the Verilog compiler writes with parentheses, so that every partial sum has an equal in the Verilog
    /// and an equivalence checker can match them one by one.
    /// </summary>
    public List<int> Sum(IReadOnlyList<(int Literal, long Weight)> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0)
            return [];
        return SumRange(terms, 0, terms.Count);
    }

    /// <summary>How many of <paramref name="count"/> terms (at least 2) the left subtree of a balanced sum takes.</summary>
    public static int LeftHalf(int count) => count / 2;

    private List<int> SumRange(IReadOnlyList<(int Literal, long Weight)> terms, int from, int count)
    {
        if (count == 1)
        {
            // weight·literal: the weight's bits, each the literal where the weight has a one.
            var (literal, weight) = terms[from];
            var bits = new List<int>();
            for (int bit = 0; bit < 63 && weight >> bit != 0; bit++)
                bits.Add(((weight >> bit) & 1) != 0 ? literal : False);
            return bits;
        }
        int left = LeftHalf(count);
        return Add(SumRange(terms, from, left), SumRange(terms, from + left, count - left));
    }

    /// <summary>The ripple-carry sum of two unsigned numbers (least significant bit first), one bit wider than the wider.</summary>
    public List<int> Add(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var sum = new List<int>();
        int carry = False;
        for (int i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            int x = i < a.Count ? a[i] : False, y = i < b.Count ? b[i] : False;
            sum.Add(Xor(Xor(x, y), carry));
            carry = Majority(x, y, carry);
        }
        sum.Add(carry);
        return sum;
    }

    /// <summary>The unsigned number <paramref name="bits"/> (least significant first) is ≥ <paramref name="constant"/> (≥ 0).</summary>
    public int AtLeast(IReadOnlyList<int> bits, long constant)
    {
        ArgumentNullException.ThrowIfNull(bits);
        if (constant <= 0)
            return True;
        if (bits.Count < 63 && constant >> bits.Count != 0)
            return False;
        // From the least significant bit up: x[0..i] ≥ k[0..i] iff x_i > k_i, or x_i = k_i and the lower part is ≥.
        int atLeast = True;
        for (int i = 0; i < bits.Count; i++)
            atLeast = ((constant >> i) & 1) != 0 ? And(bits[i], atLeast) : Or(bits[i], atLeast);
        return atLeast;
    }

    /// <summary>The unsigned number <paramref name="a"/> is ≥ (or, <paramref name="strict"/>, &gt;) the unsigned number <paramref name="b"/>.</summary>
    public int Compare(IReadOnlyList<int> a, IReadOnlyList<int> b, bool strict)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int result = strict ? False : True;
        for (int i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            int x = i < a.Count ? a[i] : False, y = i < b.Count ? b[i] : False;
            // a[0..i] beats b[0..i] iff x ∧ ¬y, or x = y and the lower part already decides.
            result = Or(And(x, Not(y)), And(Not(Xor(x, y)), result));
        }
        return result;
    }

    /// <summary>The literals <paramref name="outputs"/> depend on: true for every variable in their cone (QuikGraph search).</summary>
    public bool[] Cone(IEnumerable<int> outputs)
    {
        int inputs = InputCount;
        return ConeOfInfluence.Compute(MaxVariable + 1,
            variable => variable <= inputs ? [] : [_gates[variable - inputs - 1].Left >> 1, _gates[variable - inputs - 1].Right >> 1],
            outputs.Select(o => o >> 1));
    }
}
