using System.Collections.Immutable;
using BnnVerify.Bnn.Engine;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Checking;

/// <summary>The verdict on one contract. Only <see cref="Holds"/> and <see cref="Vacuous"/> mean "proved".</summary>
public enum Verdict
{
    /// <summary>Every input that satisfies the preconditions satisfies the postconditions.</summary>
    Holds,

    /// <summary>Some input satisfies the preconditions and falsifies a postcondition; see the counterexamples.</summary>
    Violated,

    /// <summary>No input satisfies the preconditions, so the contract holds without saying anything.</summary>
    Vacuous,

    /// <summary>No verdict: bound exceeded, timeout, interruption, solver failure. Never reported as success.</summary>
    Unknown,
}

/// <summary>An input on which the contract fails, the network's output on it, and the clauses it falsifies.</summary>
/// <param name="Inputs">The input values (true = +1), in model order.</param>
/// <param name="Output">The reference engine's output on them.</param>
/// <param name="FailedClauses">The ensures clauses that are false (at least one).</param>
public sealed record Counterexample(ImmutableArray<bool> Inputs, NetworkOutput Output, ImmutableArray<ContractClause> FailedClauses);

/// <summary>The result of checking one contract.</summary>
/// <param name="Contract">The contract checked.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Backend">Which strategy or solver decided (e.g. <c>exhaustive</c>, <c>z3-intsum</c>).</param>
/// <param name="Counterexamples">Up to the requested number of counterexamples, the smallest in <see cref="CanonicalOrder"/> (except where docs/report-format.md says otherwise).</param>
/// <param name="Elapsed">Wall-clock time spent on this contract.</param>
public sealed record ContractResult(ElaboratedContract Contract, Verdict Verdict, string Backend, ImmutableArray<Counterexample> Counterexamples, TimeSpan Elapsed)
{
    /// <summary>How many inputs satisfy the preconditions, when known (exhaustive checking), else null.</summary>
    public long? InputsInScope { get; init; }

    /// <summary>How many of those were checked (less than <see cref="InputsInScope"/> only when interrupted).</summary>
    public long InputsChecked { get; init; }

    /// <summary>How many checked inputs violate the contract, when counted exactly, else null.</summary>
    public long? Violations { get; init; }

    /// <summary>With the ball search, the candidates it evaluated one by one (the rest were settled by bounds); else null.</summary>
    public long? CandidatesEvaluated { get; init; }

    /// <summary>
    /// The verdict came from auto's race of exhaustive checking and a solver, so which side decided, and with it the
    /// counts known, varies from run to run; the text report then shows only what either side would have reported.
    /// </summary>
    public bool DecidedByRace { get; init; }

    /// <summary>
    /// The counterexamples are the smallest in <see cref="CanonicalOrder"/>, the same whichever backend found them; false
    /// when a solver's time for making them so ran out (docs/report-format.md), so they may differ from run to run.
    /// </summary>
    public bool CounterexamplesCanonical { get; init; } = true;

    /// <summary>Why the verdict is unknown, or null.</summary>
    public string? Reason { get; init; }

    /// <summary>With <c>--certify</c>, whether the verdict's proof was checked (docs/proofs.md); null without.</summary>
    public Certification? Certification { get; init; }
}
