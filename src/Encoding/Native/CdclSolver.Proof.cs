using BnnVerify.Encoding.Proofs;

namespace BnnVerify.Encoding.Native;

public sealed partial class CdclSolver
{
    // Proof logging (StartProof); all null or empty when off, and nothing here runs in the propagation loop: the
    // hooks sit in AddClause, AddAtLeast, the level-0 conflicts of Search, conflict analysis and ReduceLearned.
    private DratProof? _proof;
    private ReferenceFormula? _reference;

    // Per cardinality constraint: whether its explanations go into the proof as lemmas, because the reference's
    // totalizer does not reproduce its propagation by unit propagation (weights above 1, or a copied output).
    private GrowableBuffer<bool> _explainInProof;

    // Explanations noted during the current analysis (flat: length, literals…), and those written to the proof
    // since the last learned clause, deleted from it once that clause is in.
    private GrowableBuffer<int> _pendingExplanations;
    private GrowableBuffer<int> _writtenExplanations;

    // Level-0 trail positions below this one are justified in the proof (or need not be).
    private int _levelZeroJustified;
    private bool _refutationLogged;

    /// <summary>
    /// Starts logging a DRAT proof of every refutation (<see cref="Proof"/>) relative to <see cref="Reference"/>, the
    /// constraints as added from now on. Call before adding any constraint. An UNSAT answer without assumptions then
    /// ends the proof with the empty clause; one under assumptions leaves it without (nothing is certified then).
    /// </summary>
    public void StartProof()
    {
        if (ClauseCount > 0 || CardinalityCount > 0 || _trail.Count > 0 || _inconsistent)
            throw new InvalidOperationException("A proof must be started before any constraint is added.");
        _proof = new DratProof();
        _reference = new ReferenceFormula();
    }

    /// <summary>The proof logged since <see cref="StartProof"/>, or null when none is being logged.</summary>
    public DratProof? Proof => _proof;

    /// <summary>The constraints the proof refers to, recorded as they were added, or null when no proof is logged.</summary>
    public ReferenceFormula? Reference => _reference;

    /// <summary>Whether the proof ends with the empty clause: the constraints, without assumptions, are refuted.</summary>
    public bool ProofIsComplete => _proof is { DerivesEmptyClause: true };

    // Called wherever an explanation clause of constraint c is used (conflict analysis, minimisation, level-0 justification).
    private void NoteExplanation(int c, int[] items, int start, int length)
    {
        if (!_explainInProof.Items[c])
            return;
        _pendingExplanations.Add(length);
        for (int i = 0; i < length; i++)
            _pendingExplanations.Add(items[start + i]);
    }

    private void WritePendingExplanations()
    {
        var pending = _pendingExplanations.AsSpan();
        for (int i = 0; i < pending.Length;)
        {
            int length = pending[i];
            _proof!.AddLemma(pending.Slice(i + 1, length));
            i += length + 1;
        }
        foreach (int item in pending)
            _writtenExplanations.Add(item);
        _pendingExplanations.Count = 0;
    }

    private void DeleteWrittenExplanations()
    {
        var written = _writtenExplanations.AsSpan();
        for (int i = 0; i < written.Length;)
        {
            int length = written[i];
            _proof!.DeleteClause(written.Slice(i + 1, length));
            i += length + 1;
        }
        _writtenExplanations.Count = 0;
    }

    /// <summary>
    /// Puts every level-0 literal implied by a constraint whose propagation the reference does not reproduce into the
    /// proof, with its explanation first: a learned clause leaves level-0 literals out, so the checker must know them.
    /// </summary>
    private void JustifyLevelZero()
    {
        int end = DecisionLevel == 0 ? _trail.Count : _trailLimits.Items[0];
        Span<int> unit = stackalloc int[1];
        for (; _levelZeroJustified < end; _levelZeroJustified++)
        {
            int literal = _trail.Items[_levelZeroJustified];
            int reason = _reason.Items[literal >> 1];
            if (reason >= NoReason || !_explainInProof.Items[CardinalityIndex(reason)])
                continue;
            ReasonLiterals(literal >> 1, out _, out _);
            WritePendingExplanations();
            unit[0] = literal;
            _proof!.AddLemma(unit);
        }
    }

    // The learned clause, after the explanations it was resolved from and the level-0 facts it leaves out.
    private void LogLearned(ReadOnlySpan<int> clause)
    {
        JustifyLevelZero();
        WritePendingExplanations();
        _proof!.AddLemma(clause);
        DeleteWrittenExplanations();
    }

    // A clause the solver adds of its own (a unit a constraint implies when added): a lemma, not part of the problem.
    private void LogDerived(ReadOnlySpan<int> clause)
    {
        if (_proof is null)
            return;
        JustifyLevelZero();
        _proof.AddLemma(clause);
    }

    /// <summary>
    /// Ends the proof at a conflict at level 0 (<paramref name="conflict"/>: a clause, a cardinality constraint, or
    /// <see cref="NoConflict"/> when a clause being added was false already): the level-0 facts, the conflict's
    /// explanation, and the empty clause.
    /// </summary>
    private void LogRefutation(int conflict)
    {
        if (_proof is null || _refutationLogged)
            return;
        JustifyLevelZero();
        _pendingExplanations.Count = 0;
        if (conflict < NoConflict)
        {
            var items = ConflictLiterals(conflict, out int start, out int length);
            _pendingExplanations.Count = 0; // ConflictLiterals may have noted it; it goes in once, whatever the constraint
            _pendingExplanations.Add(length);
            for (int i = 0; i < length; i++)
                _pendingExplanations.Add(items[start + i]);
        }
        WritePendingExplanations();
        _proof.AddLemma([]);
        _refutationLogged = true;
    }
}
