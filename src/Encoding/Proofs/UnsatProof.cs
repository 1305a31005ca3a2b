using BnnVerify.Encoding.Cnf;

namespace BnnVerify.Encoding.Proofs;

/// <summary>A refutation to check: the reference CNF of the problem and a DRAT proof that derives the empty clause from it.</summary>
/// <param name="Reference">The problem's clauses and the totalizers of its cardinality constraints (<see cref="ReferenceFormula"/>).</param>
/// <param name="Proof">The solver's proof, in the reference's variable numbering.</param>
public sealed record UnsatProof(CnfFormula Reference, DratProof Proof)
{
    /// <summary>Checks the proof with <see cref="RupChecker"/>.</summary>
    public ProofCheckResult Check(ProofCheckBudget budget, CancellationToken cancellation) =>
        RupChecker.Check(Reference, Proof, budget, cancellation);
}

/// <summary>A backend that can hand over the proof of its last UNSAT answer (the native solver with proof logging on).</summary>
public interface IUnsatProofSource
{
    /// <summary>
    /// The proof of the last <c>Solve</c> answer when it was UNSAT without assumptions, or null with the reason in
    /// <paramref name="whyNot"/> (no proof logged, the answer was not UNSAT, it was under assumptions, or the problem
    /// is too large for a reference formula).
    /// </summary>
    UnsatProof? ProofOfLastAnswer(out string? whyNot);
}
