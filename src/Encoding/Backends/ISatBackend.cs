using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Backends;

/// <summary>
/// A solver behind the one small interface every checking strategy uses: add clauses, add reified
/// cardinality constraints, solve under assumptions with a time limit and a cancellation token.
/// </summary>
/// <remarks>
/// Solver-specific types (Z3 handles, CryptoMiniSat pointers, process handles) never leave the
/// implementing class. A backend is used by one thread at a time.
/// </remarks>
public interface ISatBackend : IDisposable
{
    /// <summary>A short stable name, e.g. <c>z3-pb</c>, <c>cadical/totalizer</c>; reports say which backend decided.</summary>
    string Name { get; }

    /// <summary>How many variables exist so far (variables are 0 .. VariableCount-1).</summary>
    int VariableCount { get; }

    /// <summary>Creates a fresh variable and returns its index.</summary>
    int NewVariable();

    /// <summary>Adds the clause (disjunction) of <paramref name="literals"/>; an empty clause makes the problem unsatisfiable.</summary>
    void AddClause(ReadOnlySpan<Lit> literals);

    /// <summary>
    /// Adds <c>output ⇔ (at least <paramref name="atLeast"/> of <paramref name="literals"/> are true)</c>.
    /// A literal may occur several times and then counts that many times (this is how weights are carried).
    /// Any <paramref name="atLeast"/> is allowed: at most 0 makes output true, above the count makes it false.
    /// </summary>
    void AddReifiedAtLeast(ReadOnlySpan<Lit> literals, int atLeast, Lit output);

    /// <summary>Decides the constraints added so far together with the unit <paramref name="assumptions"/>.</summary>
    SolveResult Solve(ReadOnlySpan<Lit> assumptions, TimeSpan? timeout, CancellationToken cancellation);

    /// <summary>The size of the formula as this backend holds it (after its own encoding).</summary>
    FormulaSize Size { get; }
}

/// <summary>The size of a formula as a backend holds it.</summary>
/// <param name="Variables">Variables, including those an encoding introduced.</param>
/// <param name="Clauses">Clauses, including those an encoding introduced.</param>
/// <param name="CardinalityConstraints">Constraints kept natively (not turned into clauses).</param>
public readonly record struct FormulaSize(long Variables, long Clauses, long CardinalityConstraints);
