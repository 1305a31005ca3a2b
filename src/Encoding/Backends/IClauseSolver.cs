using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Backends;

/// <summary>A pure clause solver that a <see cref="CnfBackend"/> hands its CNF to (an external DIMACS solver, for example).</summary>
/// <remarks>
/// The result is what the solver claimed, unchecked: <see cref="CnfBackend"/> validates every model against
/// the clauses before it reports it.
/// </remarks>
public interface IClauseSolver
{
    /// <summary>A short stable name, e.g. <c>cadical</c>.</summary>
    string Name { get; }

    /// <summary>Decides <paramref name="formula"/> together with the unit <paramref name="assumptions"/>; a model is indexed by variable.</summary>
    SolveResult Solve(CnfFormula formula, ReadOnlySpan<Lit> assumptions, TimeSpan? timeout, CancellationToken cancellation);
}
