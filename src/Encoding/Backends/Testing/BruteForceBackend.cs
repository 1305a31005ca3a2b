using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Backends.Testing;

/// <summary>
/// The fake backend: keeps the constraints as given and decides them by trying every assignment. It is the
/// reference that differential tests compare the real backends against, and an exhaustive cross-check for
/// tiny problems; it refuses more than <see cref="MaxVariables"/> variables.
/// </summary>
public sealed class BruteForceBackend : ISatBackend
{
    /// <summary>The most variables this backend accepts (2^20 assignments).</summary>
    public const int MaxVariables = 20;

    private readonly ConstraintLog _log = new();

    /// <inheritdoc/>
    public string Name => "bruteforce";

    /// <summary>How many times <see cref="Solve"/> ran.</summary>
    public int SolveCalls { get; private set; }

    /// <inheritdoc/>
    public int VariableCount => _log.VariableCount;

    /// <inheritdoc/>
    public FormulaSize Size => new(_log.VariableCount, _log.ClauseCount, _log.Cardinality.Count);

    /// <inheritdoc/>
    public int NewVariable()
    {
        if (_log.VariableCount >= MaxVariables)
            throw new NotSupportedException($"the brute-force backend enumerates assignments and accepts at most {MaxVariables} variables; this problem needs more");
        return _log.NewVariable();
    }

    /// <inheritdoc/>
    public void AddClause(ReadOnlySpan<Lit> literals) => _log.AddClause(literals);

    /// <inheritdoc/>
    public void AddReifiedAtLeast(ReadOnlySpan<Lit> literals, int atLeast, Lit output) => _log.AddReifiedAtLeast(literals, atLeast, output);

    /// <inheritdoc/>
    public SolveResult Solve(ReadOnlySpan<Lit> assumptions, TimeSpan? timeout, CancellationToken cancellation)
    {
        _log.CheckVariables(assumptions, nameof(assumptions));
        SolveCalls++;
        int n = _log.VariableCount;
        var assignment = new bool[n];
        for (long bits = 0; bits < 1L << n; bits++)
        {
            if ((bits & 0xFFF) == 0 && cancellation.IsCancellationRequested)
                return new SolveResult.Unknown("bruteforce: cancelled");
            for (int v = 0; v < n; v++)
                assignment[v] = ((bits >> v) & 1) != 0;
            if (_log.Satisfies(assignment, assumptions))
                return new SolveResult.Satisfiable((bool[])assignment.Clone());
        }
        return new SolveResult.Unsatisfiable();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // Nothing to release.
    }
}
