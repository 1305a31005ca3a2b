using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Cnf;

/// <summary>Where an encoding puts what it produces: fresh auxiliary variables and clauses.</summary>
public interface IClauseSink
{
    /// <summary>Creates a fresh variable and returns its index.</summary>
    int NewVariable();

    /// <summary>Adds the clause (disjunction) of <paramref name="literals"/>.</summary>
    void AddClause(ReadOnlySpan<Lit> literals);
}
