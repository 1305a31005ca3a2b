using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;
using BnnVerify.Encoding.Proofs;

namespace BnnVerify.Tests.Proofs;

/// <summary>The RUP checker on hand-made formulas and proofs, where the right answer is known by reading them.</summary>
public class RupCheckerProofTests
{
    // Variables a = 0, b = 1, c = 2; literal codes 2v (positive) and 2v + 1 (negative).
    private const int A = 0, NotA = 1, B = 2, NotB = 3, C = 4;

    private static CnfFormula Formula(params int[][] clauses)
    {
        var formula = new CnfFormula();
        formula.EnsureVariables(3);
        foreach (var clause in clauses)
            formula.AddClause([.. clause.Select(Lit.FromCode)]);
        return formula;
    }

    // (a ∨ b)(a ∨ ¬b)(¬a ∨ b)(¬a ∨ ¬b): unsatisfiable, but no clause is a unit, so the empty clause is not RUP at once.
    private static CnfFormula AllFour() => Formula([A, B], [A, NotB], [NotA, B], [NotA, NotB]);

    private static DratProof Proof(params (bool Delete, int[] Literals)[] steps)
    {
        var proof = new DratProof();
        foreach (var (delete, literals) in steps)
        {
            if (delete)
                proof.DeleteClause(literals);
            else
                proof.AddLemma(literals);
        }
        return proof;
    }

    private static ProofCheckResult Check(CnfFormula formula, DratProof proof, long maxLemmas = long.MaxValue) =>
        RupChecker.Check(formula, proof, new ProofCheckBudget(null, maxLemmas), CancellationToken.None);

    [Fact]
    public void A_rup_proof_is_verified()
    {
        var result = Check(AllFour(), Proof((false, [A]), (false, [])));
        Assert.Equal(ProofCheckOutcome.Verified, result.Outcome);
        Assert.Equal(2, result.LemmasChecked);
    }

    [Fact]
    public void The_empty_clause_too_early_is_rejected_at_its_index()
    {
        var result = Check(AllFour(), Proof((false, [])));
        Assert.Equal(ProofCheckOutcome.Rejected, result.Outcome);
        Assert.Equal(1, result.FailedLemma);
    }

    [Fact]
    public void A_lemma_that_does_not_follow_is_rejected_at_its_index()
    {
        // (a ∨ b) does not give a by unit propagation; c does not occur at all.
        var result = Check(Formula([A, B]), Proof((false, [A, B, C]), (false, [A]), (false, [])));
        Assert.Equal(ProofCheckOutcome.Rejected, result.Outcome);
        Assert.Equal(2, result.FailedLemma);
        Assert.Contains("lemma 2 of 3 (1 0)", result.Message);
    }

    [Fact]
    public void A_deleted_clause_no_longer_counts()
    {
        // Without (a ∨ b), assuming ¬a gives only ¬b: no conflict.
        var kept = Check(AllFour(), Proof((false, [A]), (false, [])));
        var deleted = Check(AllFour(), Proof((true, [B, A]), (false, [A]), (false, [])));
        Assert.Equal(ProofCheckOutcome.Verified, kept.Outcome);
        Assert.Equal(ProofCheckOutcome.Rejected, deleted.Outcome);
        Assert.Equal(1, deleted.FailedLemma);
    }

    [Fact]
    public void A_deletion_of_a_clause_that_is_not_there_is_counted_and_ignored()
    {
        var result = Check(AllFour(), Proof((true, [C]), (false, [A]), (false, [])));
        Assert.Equal(ProofCheckOutcome.Verified, result.Outcome);
        Assert.Equal(1, result.IgnoredDeletions);
    }

    [Fact]
    public void A_proof_without_the_empty_clause_is_rejected()
    {
        var result = Check(AllFour(), Proof((false, [A])));
        Assert.Equal(ProofCheckOutcome.Rejected, result.Outcome);
        Assert.Equal(2, result.FailedLemma);
        Assert.Contains("without deriving the empty clause", result.Message);
    }

    [Fact]
    public void The_lemma_budget_stops_the_check()
    {
        var result = Check(AllFour(), Proof((false, [A]), (false, [])), maxLemmas: 1);
        Assert.Equal(ProofCheckOutcome.Stopped, result.Outcome);
        Assert.Equal(1, result.LemmasChecked);
    }

    [Fact]
    public void A_formula_with_the_empty_clause_needs_only_the_empty_lemma()
    {
        var result = Check(Formula([A], [NotA]), Proof((false, [])));
        Assert.Equal(ProofCheckOutcome.Verified, result.Outcome);
    }

    [Fact]
    public void The_text_format_is_drat_trims()
    {
        var writer = new StringWriter();
        Proof((false, [A, NotB]), (true, [C]), (false, [])).WriteText(writer);
        Assert.Equal("1 -2 0\nd 3 0\n0\n", writer.ToString());
    }
}
