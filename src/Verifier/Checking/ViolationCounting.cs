namespace BnnVerify.Verifier.Checking;

/// <summary>
/// How far enumeration goes once a contract is known to be violated. The verdict is settled by the first
/// counterexample; what the rest of the enumeration adds is the count, which is worth a few seconds but not the
/// minutes a large scope takes (docs/ci.md, "How many violations").
/// </summary>
public enum ViolationCounting
{
    /// <summary>
    /// The default: count exactly while it is cheap, that is, until <see cref="ExhaustiveOptions.CountingBudget"/> has
    /// passed since the check started; past it, stop at the next batch once a violation is known and report "at least N".
    /// A contract with no violation yet is always enumerated to the end, since only that proves it.
    /// </summary>
    WithinBudget,

    /// <summary><c>--count</c>: enumerate every input in scope, however long it takes, for the exact violation count.</summary>
    Exact,

    /// <summary><c>--fail-fast</c>: stop at the first counterexample.</summary>
    FirstCounterexample,
}
