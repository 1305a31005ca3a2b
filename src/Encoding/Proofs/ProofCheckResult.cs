namespace BnnVerify.Encoding.Proofs;

/// <summary>What <see cref="RupChecker"/> concluded.</summary>
public enum ProofCheckOutcome
{
    /// <summary>Every lemma is a unit-propagation consequence of the clauses before it, and the empty clause is among them.</summary>
    Verified,

    /// <summary>A lemma is not (see <see cref="ProofCheckResult.FailedLemma"/>), or the proof never derives the empty clause.</summary>
    Rejected,

    /// <summary>The time or lemma budget ran out, or the check was cancelled, before the proof was checked to its end.</summary>
    Stopped,
}

/// <summary>How far a proof check may go: a wall-clock limit and a number of lemmas.</summary>
/// <param name="TimeLimit">Wall time for the check; null for none.</param>
/// <param name="MaxLemmas">How many lemmas to check at most.</param>
public sealed record ProofCheckBudget(TimeSpan? TimeLimit, long MaxLemmas = long.MaxValue)
{
    /// <summary>No limit.</summary>
    public static ProofCheckBudget Unlimited { get; } = new(TimeLimit: null);
}

/// <summary>The outcome of checking a proof, with how much was checked and how long it took.</summary>
/// <param name="Outcome">Verified, rejected or stopped.</param>
/// <param name="LemmasChecked">How many lemmas were found to be RUP consequences.</param>
/// <param name="LemmaCount">How many lemmas the proof holds.</param>
/// <param name="Elapsed">Wall time of the check, loading the formula included.</param>
/// <param name="FailedLemma">The 1-based number (among the additions) of the first lemma that is not RUP, or null.</param>
/// <param name="Message">What went wrong, in a sentence, or null when verified.</param>
public sealed record ProofCheckResult(ProofCheckOutcome Outcome, int LemmasChecked, int LemmaCount, TimeSpan Elapsed, int? FailedLemma, string? Message)
{
    /// <summary>Deletions of clauses that were not present, which DRAT checkers ignore (drat-trim warns about them).</summary>
    public int IgnoredDeletions { get; init; }
}
