using System.Collections.Immutable;
using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Circuit;

/// <summary>A reified cardinality constraint of the intermediate form: Output ⇔ (at least AtLeast of Literals are true).</summary>
/// <param name="Literals">The counted literals; a literal may repeat and then counts that many times.</param>
/// <param name="AtLeast">The bound, with 2 ≤ AtLeast &lt; |Literals| (smaller or larger bounds fold away).</param>
/// <param name="Output">The literal defined by the constraint.</param>
public sealed record CardinalityGate(ImmutableArray<Lit> Literals, int AtLeast, Lit Output);

/// <summary>
/// The intermediate form between a network-plus-contract and a solver: clauses (from and/or/xor gates)
/// and reified cardinality constraints y ⇔ (Σ ℓᵢ ≥ k), built with constant propagation and structural
/// hashing, so that inputs fixed by a precondition fold whole neurons away and equal sub-circuits are
/// built once. Variables 0 … inputCount−1 are the model's inputs.
/// </summary>
public sealed class ConstraintBuilder
{
    /// <summary>Weighted sums are expanded into repeated literals; beyond this many the encoding refuses.</summary>
    public const long MaxExpandedTerms = 2_000_000;

    private readonly List<int[]> _clauses = [];
    private readonly List<CardinalityGate> _cardinality = [];
    private readonly List<Lit> _assertions = [];
    private readonly Dictionary<string, Bit> _structure = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _names = [];

    /// <summary>Creates a builder whose first <paramref name="inputCount"/> variables are inputs.</summary>
    public ConstraintBuilder(int inputCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputCount);
        InputCount = inputCount;
        VariableCount = inputCount;
    }

    /// <summary>How many variables are inputs (0 … InputCount−1).</summary>
    public int InputCount { get; }

    /// <summary>All variables, inputs and gate outputs.</summary>
    public int VariableCount { get; private set; }

    /// <summary>Clauses from gates and assertions, as literal codes.</summary>
    public IReadOnlyList<int[]> Clauses => _clauses;

    /// <summary>The reified cardinality constraints.</summary>
    public IReadOnlyList<CardinalityGate> CardinalityGates => _cardinality;

    /// <summary>Literals asserted true (also present as unit clauses).</summary>
    public IReadOnlyList<Lit> Assertions => _assertions;

    /// <summary>True once the constant false was asserted: the problem has no solution whatever follows.</summary>
    public bool IsTriviallyUnsatisfiable { get; private set; }

    /// <summary>Names given to variables (inputs, neurons), for exports and debugging.</summary>
    public IReadOnlyDictionary<int, string> Names => _names;

    /// <summary>Input <paramref name="index"/>.</summary>
    public Bit Input(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, InputCount);
        return Bit.Of(Lit.Positive(index));
    }

    /// <summary>
    /// Gives <paramref name="bit"/>'s variable a name, when it is not a constant and has none yet; a bit that
    /// is the negation of its variable names the variable <c>!name</c>.
    /// </summary>
    public void Name(Bit bit, string name)
    {
        if (!bit.IsConstant)
            _names.TryAdd(bit.Literal.Variable, bit.Literal.IsNegative ? "!" + name : name);
    }

    /// <summary>a ∧ b ∧ ….</summary>
    public Bit And(IEnumerable<Bit> operands) => Junction(operands, conjunction: true);

    /// <summary>a ∨ b ∨ ….</summary>
    public Bit Or(IEnumerable<Bit> operands) => Junction(operands, conjunction: false);

    /// <summary>a ∧ b.</summary>
    public Bit And(Bit a, Bit b) => Junction([a, b], conjunction: true);

    /// <summary>a ∨ b.</summary>
    public Bit Or(Bit a, Bit b) => Junction([a, b], conjunction: false);

    /// <summary>a ⊕ b.</summary>
    public Bit Xor(Bit a, Bit b)
    {
        if (a.IsConstant)
            return a.Value ? !b : b;
        if (b.IsConstant)
            return b.Value ? !a : a;
        if (a == b)
            return Bit.False;
        if (a == !b)
            return Bit.True;
        // Normalise polarity: a ⊕ b = ¬a ⊕ ¬b, and pushing negations out shares more gates.
        bool flip = false;
        Lit x = a.Literal, y = b.Literal;
        if (x.IsNegative)
        {
            x = !x;
            flip = !flip;
        }
        if (y.IsNegative)
        {
            y = !y;
            flip = !flip;
        }
        if (y < x)
            (x, y) = (y, x);
        string key = $"x{x.Code},{y.Code}";
        if (!_structure.TryGetValue(key, out var gate))
        {
            var z = Bit.Of(Lit.Positive(VariableCount++));
            Lit o = z.Literal;
            AddClauseInternal([!o, x, y]);
            AddClauseInternal([!o, !x, !y]);
            AddClauseInternal([o, !x, y]);
            AddClauseInternal([o, x, !y]);
            _structure[key] = gate = z;
        }
        return flip ? !gate : gate;
    }

    /// <summary>a ⇔ b.</summary>
    public Bit Iff(Bit a, Bit b) => !Xor(a, b);

    /// <summary>Σ items ≥ <paramref name="atLeast"/> (items may repeat and then count that many times).</summary>
    public Bit AtLeast(IEnumerable<Bit> items, long atLeast)
    {
        ArgumentNullException.ThrowIfNull(items);
        var literals = new List<Lit>();
        foreach (var item in items)
        {
            if (item.IsConstant)
            {
                if (item.Value)
                    atLeast--;
                continue;
            }
            literals.Add(item.Literal);
        }
        // A literal and its negation together always count exactly one.
        literals.Sort();
        var kept = new List<Lit>(literals.Count);
        var counts = new Dictionary<int, int>();
        foreach (var literal in literals)
            counts[literal.Code] = counts.GetValueOrDefault(literal.Code) + 1;
        foreach (var (code, count) in counts.OrderBy(p => p.Key))
        {
            int complementCode = code ^ 1;
            int complements = counts.GetValueOrDefault(complementCode);
            int cancelled = Math.Min(count, complements);
            if (code < complementCode)
                atLeast -= cancelled;
            for (int i = 0; i < count - cancelled; i++)
                kept.Add(Lit.FromCode(code));
        }
        if (atLeast <= 0)
            return Bit.True;
        if (atLeast > kept.Count)
            return Bit.False;
        var distinct = kept.Distinct().ToList();
        if (atLeast == 1)
            return Or(distinct.Select(Bit.Of));
        if (atLeast == kept.Count)
            return And(distinct.Select(Bit.Of));
        string key = "c" + atLeast + ":" + string.Join(",", kept.Select(l => l.Code));
        if (_structure.TryGetValue(key, out var existing))
            return existing;
        var output = Lit.Positive(VariableCount++);
        _cardinality.Add(new CardinalityGate([.. kept], (int)atLeast, output));
        var bit = Bit.Of(output);
        _structure[key] = bit;
        return bit;
    }

    /// <summary>
    /// Σ cᵢ·bᵢ ≥ <paramref name="atLeast"/> for integer coefficients of any sign: negative coefficients become
    /// negated literals, common factors are divided out, and the sum is expanded into a counted multiset.
    /// </summary>
    public Bit Weighted(IEnumerable<(long Coefficient, Bit Bit)> terms, long atLeast)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var coefficients = new Dictionary<int, long>();
        foreach (var (coefficient, bit) in terms)
        {
            if (coefficient == 0)
                continue;
            if (bit.IsConstant)
            {
                if (bit.Value)
                    atLeast = checked(atLeast - coefficient);
                continue;
            }
            var literal = bit.Literal;
            // c·ℓ with c < 0 is c + |c|·¬ℓ.
            if (coefficient < 0)
            {
                atLeast = checked(atLeast - coefficient);
                literal = !literal;
            }
            coefficients[literal.Code] = checked(coefficients.GetValueOrDefault(literal.Code) + Math.Abs(coefficient));
        }
        // a·ℓ + b·¬ℓ = b + (a − b)·ℓ: keep one polarity per variable.
        foreach (int code in coefficients.Keys.Where(c => (c & 1) == 0).ToList())
        {
            if (coefficients.TryGetValue(code ^ 1, out long negative))
            {
                long positive = coefficients[code];
                long common = Math.Min(positive, negative);
                atLeast = checked(atLeast - common);
                coefficients[code] = positive - common;
                coefficients[code ^ 1] = negative - common;
            }
        }
        var positiveTerms = coefficients.Where(p => p.Value > 0).OrderBy(p => p.Key).ToList();
        long gcd = 0;
        foreach (var term in positiveTerms)
            gcd = Gcd(gcd, term.Value);
        if (gcd > 1)
        {
            // Σ g·aᵢ·ℓᵢ ≥ k ⇔ Σ aᵢ·ℓᵢ ≥ ⌈k/g⌉.
            atLeast = CeilingDivide(atLeast, gcd);
            positiveTerms = [.. positiveTerms.Select(p => new KeyValuePair<int, long>(p.Key, p.Value / gcd))];
        }
        long total = positiveTerms.Sum(p => p.Value);
        if (atLeast <= 0)
            return Bit.True;
        if (atLeast > total)
            return Bit.False;
        if (total > MaxExpandedTerms)
            throw new NotSupportedException($"a weighted sum of total weight {total} is too large to encode as a cardinality constraint");
        var items = new List<Bit>((int)total);
        foreach (var (code, weight) in positiveTerms)
        {
            for (long i = 0; i < weight; i++)
                items.Add(Bit.Of(Lit.FromCode(code)));
        }
        return AtLeast(items, atLeast);
    }

    /// <summary>Requires <paramref name="bit"/> to be true.</summary>
    public void Assert(Bit bit)
    {
        if (bit.IsConstant)
        {
            if (!bit.Value)
                IsTriviallyUnsatisfiable = true;
            return;
        }
        _assertions.Add(bit.Literal);
        AddClauseInternal([bit.Literal]);
    }

    /// <summary>Adds a clause directly (used for blocking clauses between solver calls).</summary>
    public void AddClause(IEnumerable<Bit> literals)
    {
        var clause = new List<Lit>();
        foreach (var bit in literals)
        {
            if (bit.IsConstant)
            {
                if (bit.Value)
                    return;
                continue;
            }
            clause.Add(bit.Literal);
        }
        if (clause.Count == 0)
            IsTriviallyUnsatisfiable = true;
        else
            AddClauseInternal([.. clause]);
    }

    /// <summary>
    /// Hands everything built so far to <paramref name="backend"/>, whose variables must be exactly this builder's so far.
    /// Stops early when <paramref name="cancellation"/> fires (a wide network's encoding can take long); the backend then
    /// holds part of the problem and must not be asked for a verdict — every backend answers Unknown to a cancelled token.
    /// </summary>
    public void LoadInto(ISatBackend backend, int fromClause = 0, int fromCardinality = 0, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        while (backend.VariableCount < VariableCount)
            backend.NewVariable();
        for (int c = fromClause; c < _clauses.Count; c++)
        {
            if ((c & 1023) == 0 && cancellation.IsCancellationRequested)
                return;
            var codes = _clauses[c];
            var clause = new Lit[codes.Length];
            for (int i = 0; i < codes.Length; i++)
                clause[i] = Lit.FromCode(codes[i]);
            backend.AddClause(clause);
        }
        for (int g = fromCardinality; g < _cardinality.Count; g++)
        {
            // A gate can become hundreds of thousands of clauses (a totalizer over a wide neuron): check before each.
            if (cancellation.IsCancellationRequested)
                return;
            var gate = _cardinality[g];
            backend.AddReifiedAtLeast(gate.Literals.AsSpan(), gate.AtLeast, gate.Output);
        }
    }

    private Bit Junction(IEnumerable<Bit> operands, bool conjunction)
    {
        var literals = new SortedSet<int>();
        foreach (var operand in operands)
        {
            if (operand.IsConstant)
            {
                // true is neutral in "and" and decisive in "or"; false the other way round.
                if (operand.Value != conjunction)
                    return operand;
                continue;
            }
            literals.Add(operand.Literal.Code);
        }
        foreach (int code in literals)
        {
            if (literals.Contains(code ^ 1))
                return Bit.Constant(!conjunction);
        }
        if (literals.Count == 0)
            return Bit.Constant(conjunction);
        if (literals.Count == 1)
            return Bit.Of(Lit.FromCode(literals.Min));
        // An "or" is the negated "and" of the negations; sharing one gate kind finds more equal gates.
        if (!conjunction)
            return !Junction(literals.Select(code => Bit.Of(Lit.FromCode(code ^ 1))), conjunction: true);
        string key = "a" + string.Join(",", literals);
        if (_structure.TryGetValue(key, out var existing))
            return existing;
        var output = Lit.Positive(VariableCount++);
        var all = new Lit[literals.Count + 1];
        int k = 0;
        foreach (int code in literals)
        {
            var literal = Lit.FromCode(code);
            AddClauseInternal([!output, literal]);
            all[k++] = !literal;
        }
        all[k] = output;
        AddClauseInternal(all);
        var bit = Bit.Of(output);
        _structure[key] = bit;
        return bit;
    }

    private void AddClauseInternal(Lit[] clause) => _clauses.Add([.. clause.Select(l => l.Code)]);

    private static long Gcd(long a, long b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return a;
    }

    private static long CeilingDivide(long value, long divisor) => value >= 0 ? (value + divisor - 1) / divisor : -(-value / divisor);
}
