using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Proofs;

/// <summary>
/// The problem a proof of the native solver is checked against, recorded as the caller stated it: the clauses, and
/// every reified constraint <c>y ⇔ Σ wᵢ·ℓᵢ ≥ k</c> as a totalizer CNF (both directions) over the literals repeated
/// wᵢ times, on fresh auxiliary variables numbered after the solver's.
/// </summary>
/// <remarks>
/// <para>Nothing here depends on what the solver derived: the constraints are the arguments of its public calls,
/// and <see cref="ReifiedCardinality"/> (its own normalisation: complementary pairs cancel, bounds at or below 0
/// and above the count become units) turns them into clauses. The one thing the solver contributes is the number
/// of a fresh variable it made to copy an output that occurs in its own sum (<see cref="AddCopy"/>): the copy's
/// definition <c>c ⇔ y</c> is added here, which keeps the formula equisatisfiable with the problem.</para>
/// <para>The totalizer propagates completely for unit weights, so a proof over unit-weight constraints needs no
/// more than the solver's learned clauses; with weights (repeated literals) it does not — ¬x does not follow by
/// unit propagation from y ⇔ 2x + a + b + c ≥ 3, y and ¬a — and the solver adds its explanation clauses of such
/// constraints to the proof as lemmas (docs/proofs.md).</para>
/// </remarks>
public sealed class ReferenceFormula
{
    /// <summary>How many literal occurrences one constraint may expand to (weights repeat literals); beyond, no reference is built.</summary>
    public const long MaxExpandedLiterals = 1 << 22;

    private readonly List<int[]> _clauses = [];
    private readonly List<(int[] Literals, int AtLeast, int Output)> _constraints = [];
    private readonly List<(int Copy, int Original)> _copies = [];

    /// <summary>Why no reference can be built (a constraint too large to expand), or null.</summary>
    public string? Unsupported { get; private set; }

    /// <summary>Records the clause of <paramref name="literals"/> (literal codes).</summary>
    public void AddClause(ReadOnlySpan<int> literals) => _clauses.Add(literals.ToArray());

    /// <summary>Records <c>output ⇔ Σ weights[i]·literals[i] ≥ atLeast</c> (literal codes, positive weights).</summary>
    public void AddAtLeast(ReadOnlySpan<int> literals, ReadOnlySpan<int> weights, long atLeast, int output)
    {
        long expanded = 0;
        foreach (int w in weights)
            expanded += w;
        if (expanded > MaxExpandedLiterals)
        {
            Unsupported ??= $"a cardinality constraint whose weights add up to {expanded}, more than the {MaxExpandedLiterals} literals a totalizer reference is built for";
            return;
        }
        var repeated = new int[expanded];
        int at = 0;
        for (int i = 0; i < literals.Length; i++)
        {
            for (int r = 0; r < weights[i]; r++)
                repeated[at++] = literals[i];
        }
        // A bound beyond the count means the same as the count + 1, and one at or below 0 the same as 0.
        int bound = (int)Math.Clamp(atLeast, 0, expanded + 1);
        _constraints.Add((repeated, bound, output));
    }

    /// <summary>Records that the solver's fresh variable <paramref name="copy"/> stands for the literal <paramref name="original"/>.</summary>
    public void AddCopy(int copy, int original) => _copies.Add((copy, original));

    /// <summary>
    /// The formula over <paramref name="solverVariables"/> variables (the solver's, so that its lemmas read the same)
    /// followed by the totalizers' auxiliary variables.
    /// </summary>
    public CnfFormula Build(int solverVariables)
    {
        if (Unsupported is not null)
            throw new InvalidOperationException("No reference formula: " + Unsupported);
        var formula = new CnfFormula();
        formula.EnsureVariables(solverVariables);
        foreach (var clause in _clauses)
            formula.AddClause(ToLits(clause));
        foreach (var (copy, original) in _copies)
        {
            formula.AddClause([Lit.Negative(copy), Lit.FromCode(original)]);
            formula.AddClause([Lit.Positive(copy), Lit.FromCode(original ^ 1)]);
        }
        foreach (var (literals, atLeast, output) in _constraints)
            ReifiedCardinality.Encode(formula, ToLits(literals), atLeast, Lit.FromCode(output), CardinalityEncoding.Totalizer);
        return formula;
    }

    private static Lit[] ToLits(int[] codes)
    {
        var lits = new Lit[codes.Length];
        for (int i = 0; i < codes.Length; i++)
            lits[i] = Lit.FromCode(codes[i]);
        return lits;
    }
}
