using System.Diagnostics;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Checking;

/// <summary>
/// <c>--backend auto</c>: exhaustive checking when the inputs satisfying the preconditions are within the
/// exhaustive bound (it counts violations exactly and needs no solver), otherwise the solver backend that
/// the benchmarks in docs/benchmarks.md measured fastest.
/// </summary>
public sealed class AutoChecker : IContractChecker
{
    private readonly ExhaustiveChecker _exhaustive;
    private readonly IContractChecker _solver;

    /// <summary>Creates the strategy from its two halves.</summary>
    public AutoChecker(ExhaustiveChecker exhaustive, IContractChecker solver)
    {
        _exhaustive = exhaustive;
        _solver = solver;
    }

    /// <inheritdoc/>
    public ContractResult Check(ElaboratedContract contract, ICheckProgress? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        if (_exhaustive.CountInScope(contract, cancellation) is not null)
            return _exhaustive.Check(contract, progress, cancellation);
        var result = _solver.Check(contract, progress, cancellation);
        return result with { Elapsed = clock.Elapsed };
    }
}
