using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Backends;

/// <summary>
/// The constraints exactly as a caller gave them to a backend, kept so that every model a solver returns
/// can be checked against them (a solver is never trusted).
/// </summary>
public sealed class ConstraintLog
{
    private readonly CnfFormula _clauses = new();
    private readonly List<ReifiedAtLeastConstraint> _cardinality = [];

    /// <summary>How many variables exist.</summary>
    public int VariableCount => _clauses.VariableCount;

    /// <summary>How many clauses were added.</summary>
    public int ClauseCount => _clauses.ClauseCount;

    /// <summary>The literal codes (<see cref="Lit.Code"/>) of clause <paramref name="index"/>, 0 ≤ index &lt; <see cref="ClauseCount"/>.</summary>
    public ReadOnlySpan<int> ClauseCodes(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ClauseCount);
        return _clauses.ClauseCodes(index);
    }

    /// <summary>The reified cardinality constraints, in the order they were added.</summary>
    public IReadOnlyList<ReifiedAtLeastConstraint> Cardinality => _cardinality;

    /// <summary>Records a new variable and returns its index.</summary>
    public int NewVariable() => _clauses.NewVariable();

    /// <summary>Records a clause; throws when it names a variable that does not exist.</summary>
    public void AddClause(ReadOnlySpan<Lit> literals) => _clauses.AddClause(literals);

    /// <summary>Records a reified cardinality constraint; throws when it names a variable that does not exist.</summary>
    public void AddReifiedAtLeast(ReadOnlySpan<Lit> literals, int atLeast, Lit output)
    {
        CheckVariables(literals, nameof(literals));
        CheckVariables([output], nameof(output));
        _cardinality.Add(new ReifiedAtLeastConstraint(literals.ToArray(), atLeast, output));
    }

    /// <summary>Throws when a literal names a variable that does not exist.</summary>
    public void CheckVariables(ReadOnlySpan<Lit> literals, string parameter)
    {
        foreach (var lit in literals)
        {
            if (lit.Variable >= VariableCount)
                throw new ArgumentOutOfRangeException(parameter, $"Literal {lit} names variable {lit.Variable}, but only {VariableCount} variables exist.");
        }
    }

    /// <summary>Whether <paramref name="model"/> satisfies every constraint and assumption.</summary>
    public bool Satisfies(ReadOnlySpan<bool> model, ReadOnlySpan<Lit> assumptions) => FindViolation(model, assumptions) is null;

    /// <summary>
    /// Describes the first constraint or assumption that <paramref name="model"/> (indexed by variable)
    /// violates, or returns null when it satisfies them all.
    /// </summary>
    public string? FindViolation(ReadOnlySpan<bool> model, ReadOnlySpan<Lit> assumptions)
    {
        if (model.Length < VariableCount)
            return $"the model has {model.Length} values for {VariableCount} variables";
        foreach (var a in assumptions)
        {
            if (!a.IsTrueUnder(model))
                return $"the model falsifies assumption {a.ToDimacs()}";
        }
        int clause = _clauses.FirstFalsifiedClause(model);
        if (clause >= 0)
            return $"the model falsifies clause {clause} ({_clauses.DescribeClause(clause)})";
        for (int i = 0; i < _cardinality.Count; i++)
        {
            var c = _cardinality[i];
            if (!c.HoldsUnder(model))
                return $"the model violates cardinality constraint {i}: {c.CountTrue(model)} of {c.Literals.Length} literals true, threshold {c.AtLeast}, output {(c.Output.IsTrueUnder(model) ? "true" : "false")}";
        }
        return null;
    }
}
