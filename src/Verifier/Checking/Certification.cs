namespace BnnVerify.Verifier.Checking;

/// <summary>What <c>--certify</c> made of a contract's verdict.</summary>
public enum CertificationStatus
{
    /// <summary>The native solver's UNSAT answer came with a DRAT proof that the independent checker verified.</summary>
    Certified,

    /// <summary>The proof was rejected or could not be checked: the verdict is unknown (BNN0411, BNN0412).</summary>
    Failed,

    /// <summary>Nothing to certify: the contract is violated (its counterexample is replayed instead), unknown, or was decided before any solver ran.</summary>
    NotApplicable,
}

/// <summary>The outcome of certifying one contract's verdict.</summary>
/// <param name="Status">Certified, failed or not applicable.</param>
/// <param name="LemmasChecked">How many lemmas of the proof were checked.</param>
/// <param name="CheckTime">How long building the reference formula and checking took.</param>
/// <param name="Note">Why certification failed or does not apply, or null when certified.</param>
public sealed record Certification(CertificationStatus Status, int LemmasChecked, TimeSpan CheckTime, string? Note)
{
    /// <summary>When certification failed, the id of the diagnostic that says so (<see cref="CertificationDiagnosticIds"/>).</summary>
    public string? DiagnosticId { get; init; }

    /// <summary>The status as the JSON report writes it.</summary>
    public string StatusName => Status switch
    {
        CertificationStatus.Certified => "certified",
        CertificationStatus.Failed => "failed",
        _ => "not-applicable",
    };

    /// <summary>Not applicable, for <paramref name="why"/>.</summary>
    public static Certification NotApplicable(string why) => new(CertificationStatus.NotApplicable, 0, TimeSpan.Zero, why);
}

/// <summary>How <c>--certify</c> runs: where it keeps the proofs, if anywhere.</summary>
/// <param name="ProofFolder">With <c>--proof DIR</c>: the folder that receives CONTRACT.cnf and CONTRACT.drat; else null.</param>
public sealed record CertificationOptions(string? ProofFolder);

/// <summary>The diagnostics of <c>--certify</c> and <c>--proof</c> (BNN0410–BNN0419).</summary>
public static class CertificationDiagnosticIds
{
    /// <summary>--certify or --proof with a backend other than the native solver (exit 2).</summary>
    public const string BackendNotNative = "BNN0410";

    /// <summary>The checker rejected a lemma of the proof, or the proof lacks the empty clause: verdict unknown (exit 3).</summary>
    public const string ProofRejected = "BNN0411";

    /// <summary>The proof was not checked to its end (time limit, interruption) or there was none: verdict unknown (exit 3).</summary>
    public const string ProofNotChecked = "BNN0412";

    /// <summary>The --proof folder cannot be made or written (exit 2 before the check; verdict unknown when it fails later).</summary>
    public const string ProofFolder = "BNN0413";
}
