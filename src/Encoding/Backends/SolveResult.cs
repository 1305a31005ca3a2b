namespace BnnVerify.Encoding.Backends;

/// <summary>What a solver said: a model, a refutation, or nothing it can stand behind.</summary>
public abstract record SolveResult
{
    private SolveResult()
    {
    }

    /// <summary>The constraints and assumptions have a model; <see cref="Model"/> is indexed by variable.</summary>
    public sealed record Satisfiable(bool[] Model) : SolveResult;

    /// <summary>No assignment satisfies the constraints under the assumptions.</summary>
    public sealed record Unsatisfiable : SolveResult;

    /// <summary>The solver gave no answer: timeout, cancellation, resource limit, crash or unreadable output.</summary>
    public sealed record Unknown(string Reason) : SolveResult;
}
