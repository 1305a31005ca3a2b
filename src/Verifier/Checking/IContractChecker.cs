using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Checking;

/// <summary>A strategy that decides contracts: exhaustive enumeration, or a solver backend.</summary>
public interface IContractChecker
{
    /// <summary>Decides <paramref name="contract"/>; cancellation gives an <see cref="Verdict.Unknown"/> result, never an exception.</summary>
    ContractResult Check(ElaboratedContract contract, ICheckProgress? progress, CancellationToken cancellation);
}
