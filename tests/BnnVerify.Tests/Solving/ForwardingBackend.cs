using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Tests.Solving;

/// <summary>
/// A backend that passes everything to <paramref name="inner"/>: tests derive from it to watch the solve calls a checker
/// makes (how many searches, which models) without changing what the solver answers.
/// </summary>
internal abstract class ForwardingBackend(ISatBackend inner) : ISatBackend
{
    public string Name => inner.Name;

    public int VariableCount => inner.VariableCount;

    public FormulaSize Size => inner.Size;

    public int NewVariable() => inner.NewVariable();

    public void AddClause(ReadOnlySpan<Lit> literals) => inner.AddClause(literals);

    public void AddReifiedAtLeast(ReadOnlySpan<Lit> literals, int atLeast, Lit output) => inner.AddReifiedAtLeast(literals, atLeast, output);

    public virtual SolveResult Solve(ReadOnlySpan<Lit> assumptions, TimeSpan? timeout, CancellationToken cancellation) =>
        inner.Solve(assumptions, timeout, cancellation);

    public void Dispose() => inner.Dispose();
}
