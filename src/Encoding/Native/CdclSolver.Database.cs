using System.Diagnostics;

namespace BnnVerify.Encoding.Native;

public sealed partial class CdclSolver
{
    // A clause in the arena: [size][flags: bit 0 learned, bit 1 deleted, bits 2… LBD][activity as float bits][literals…].
    private const int ClauseHeader = 3;
    private const int LearnedFlag = 1;
    private const int DeletedFlag = 2;
    private const int ReductionInterval = 2000;
    private const int ReductionIncrement = 300;
    private const float ClauseRescaleLimit = 1e20f;

    private GrowableBuffer<int> _arena;
    private GrowableBuffer<int> _learned;
    private GrowableBuffer<int> _addScratch;
    private GrowableBuffer<int> _weightScratch;
    private int _wasted;
    private double _clauseIncrement = 1;
    private long _nextReduction = ReductionInterval;
    private int _reductions;

    /// <summary>
    /// Adds the clause of <paramref name="literals"/> (literal codes). Returns false when the constraints are now
    /// known to be unsatisfiable. Duplicates and tautologies are allowed.
    /// </summary>
    public bool AddClause(ReadOnlySpan<int> literals)
    {
        foreach (int l in literals)
            CheckLiteral(l, nameof(literals));
        _reference?.AddClause(literals);
        return AddClauseCore(literals);
    }

    // AddClause without recording the clause as part of the problem: the solver's own clauses go through here.
    private bool AddClauseCore(ReadOnlySpan<int> literals)
    {
        Debug.Assert(DecisionLevel == 0);
        ClauseCount++;
        if (_inconsistent)
            return false;
        _addScratch.Count = 0;
        foreach (int l in literals)
            _addScratch.Add(l);
        var clause = _addScratch.AsSpan();
        clause.Sort();
        var values = _values.Items;
        int kept = 0;
        int previous = -1;
        foreach (int l in clause)
        {
            if (l == previous)
                continue;
            if (l == (previous ^ 1) || values[l] > 0)
                return true; // a tautology, or satisfied at level 0
            previous = l;
            if (values[l] < 0)
                continue; // false at level 0: drop
            clause[kept++] = l;
        }
        if (kept == 0)
        {
            _inconsistent = true;
            LogRefutation(NoConflict);
            return false;
        }
        if (kept == 1)
            return AssertAtLevelZero(clause[0]);
        int c = AllocateClause(clause[..kept], learned: false, lbd: 0);
        Attach(c);
        return true;
    }

    /// <summary>
    /// Adds <c>output ⇔ (at least <paramref name="atLeast"/> of <paramref name="literals"/> are true)</c>; a literal
    /// that occurs several times counts that many times, a literal together with its negation counts the smaller
    /// number of times for sure. Any bound is allowed. Returns false when the constraints are now unsatisfiable.
    /// </summary>
    public bool AddAtLeast(ReadOnlySpan<int> literals, int atLeast, int output)
    {
        var weights = new int[literals.Length];
        weights.AsSpan().Fill(1);
        return AddAtLeast(literals, weights, atLeast, output);
    }

    /// <summary>
    /// Adds <c>output ⇔ (Σ weights[i]·literals[i] ≥ atLeast)</c> with positive weights; literals may repeat (their
    /// weights add up) and occur with their negation. Any bound is allowed. Returns false when the constraints are
    /// now unsatisfiable.
    /// </summary>
    public bool AddAtLeast(ReadOnlySpan<int> literals, ReadOnlySpan<int> weights, long atLeast, int output)
    {
        if (weights.Length != literals.Length)
            throw new ArgumentException($"{literals.Length} literals but {weights.Length} weights.", nameof(weights));
        foreach (int l in literals)
            CheckLiteral(l, nameof(literals));
        foreach (int w in weights)
        {
            if (w <= 0)
                throw new ArgumentOutOfRangeException(nameof(weights), w, "Weights must be positive.");
        }
        CheckLiteral(output, nameof(output));
        _reference?.AddAtLeast(literals, weights, atLeast, output);
        return AddAtLeastCore(literals, weights, atLeast, output, outputIsCopy: false);
    }

    // AddAtLeast without recording the constraint as part of the problem (checked arguments).
    private bool AddAtLeastCore(ReadOnlySpan<int> literals, ReadOnlySpan<int> weights, long atLeast, int output, bool outputIsCopy)
    {
        Debug.Assert(DecisionLevel == 0);
        if (_inconsistent)
            return false;

        // Sort by literal, then merge runs of one code; x and ¬x next to each other cancel: a·x + b·¬x = min(a, b) +
        // |a − b| of the heavier one.
        _addScratch.Count = 0;
        _weightScratch.Count = 0;
        for (int i = 0; i < literals.Length; i++)
        {
            _addScratch.Add(literals[i]);
            _weightScratch.Add(weights[i]);
        }
        var sorted = _addScratch.AsSpan();
        var sortedWeights = _weightScratch.AsSpan();
        sorted.Sort(sortedWeights);
        int count = 0;
        long bound = atLeast;
        bool outputInSum = false;
        for (int i = 0; i < sorted.Length;)
        {
            int l = sorted[i];
            long run = 0;
            while (i < sorted.Length && sorted[i] == l)
                run += sortedWeights[i++];
            if (run > int.MaxValue)
                throw new ArgumentException($"The weights of literal {l} add up to {run}, more than this solver counts.", nameof(weights));
            if ((l >> 1) == (output >> 1))
                outputInSum = true;
            if (count > 0 && sorted[count - 1] == (l ^ 1))
            {
                int a = sortedWeights[count - 1];
                bound -= Math.Min(a, run);
                if (a > run)
                {
                    sortedWeights[count - 1] = (int)(a - run);
                }
                else if (a < run)
                {
                    sorted[count - 1] = l;
                    sortedWeights[count - 1] = (int)(run - a);
                }
                else
                {
                    count--;
                }
                continue;
            }
            sorted[count] = l;
            sortedWeights[count] = (int)run;
            count++;
        }
        if (outputInSum)
        {
            // The output must not count itself (explanations tell output and sum literals apart): a fresh copy.
            var sum = sorted[..count].ToArray();
            var sumWeights = sortedWeights[..count].ToArray();
            int copy = 2 * NewVariable();
            _reference?.AddCopy(copy >> 1, output);
            return AddClauseCore([copy ^ 1, output]) && AddClauseCore([copy, output ^ 1])
                && AddAtLeastCore(sum, sumWeights, bound, copy, outputIsCopy: true);
        }

        var values = _values.Items;
        // Literals fixed at level 0 leave the sum: true ones lower the bound.
        int kept = 0;
        long total = 0;
        int maxWeight = 0;
        for (int i = 0; i < count; i++)
        {
            int l = sorted[i];
            int w = sortedWeights[i];
            if (values[l] > 0)
            {
                bound -= w;
                continue;
            }
            if (values[l] < 0)
                continue;
            sorted[kept] = l;
            sortedWeights[kept] = w;
            kept++;
            total += w;
            maxWeight = Math.Max(maxWeight, w);
        }
        if (bound <= 0)
            return AddDerivedClause([output]);
        if (bound > total)
            return AddDerivedClause([output ^ 1]);
        if (total > int.MaxValue)
            throw new ArgumentException($"The weights of a cardinality constraint add up to {total}, more than this solver counts.", nameof(literals));

        int c = _cardinality.Count;
        _cardinality.Add(new CardinalityConstraint
        {
            Output = output,
            Start = _terms.Count,
            Length = kept,
            Bound = (int)bound,
            Total = (int)total,
            MaxWeight = maxWeight,
            FrozenAt = NotFrozen,
        });
        for (int i = 0; i < kept; i++)
        {
            _terms.Add(new Term(sorted[i], sortedWeights[i]));
            _countedTrue.Add(default);
            _countedFalse.Add(default);
            _occurrences.Items[sorted[i]].Add(new Occurrence(c, sortedWeights[i]));
        }
        _outputOf.Items[output >> 1].Add(c);
        if (_proof is not null)
            _explainInProof.Add(maxWeight > 1 || outputIsCopy);
        // The output may be fixed already; the constraint then propagates at once.
        int conflict = CheckCardinality(c);
        if (conflict == NoConflict)
            conflict = Propagate();
        if (conflict != NoConflict)
        {
            _inconsistent = true;
            LogRefutation(conflict);
            return false;
        }
        return true;
    }

    // A clause the solver derives of its own: into the proof as a lemma, then added.
    private bool AddDerivedClause(ReadOnlySpan<int> clause)
    {
        LogDerived(clause);
        return AddClauseCore(clause);
    }

    private bool AssertAtLevelZero(int literal)
    {
        Assign(literal, NoReason);
        int conflict = Propagate();
        if (conflict != NoConflict)
        {
            _inconsistent = true;
            LogRefutation(conflict);
            return false;
        }
        return true;
    }

    private int AllocateClause(ReadOnlySpan<int> literals, bool learned, int lbd)
    {
        int c = _arena.Count;
        _arena.EnsureCapacity(c + ClauseHeader + literals.Length);
        var arena = _arena.Items;
        arena[c] = literals.Length;
        arena[c + 1] = (learned ? LearnedFlag : 0) | (lbd << 2);
        arena[c + 2] = BitConverter.SingleToInt32Bits(0f);
        literals.CopyTo(arena.AsSpan(c + ClauseHeader));
        _arena.Count = c + ClauseHeader + literals.Length;
        return c;
    }

    private void Attach(int c)
    {
        var arena = _arena.Items;
        int first = arena[c + ClauseHeader], second = arena[c + ClauseHeader + 1];
        _watches.Items[first].Add(new Watcher(c, second));
        _watches.Items[second].Add(new Watcher(c, first));
    }

    // The clause in _learnedClause, after the backjump: asserting literal first.
    private void AddLearned(int lbd)
    {
        var clause = _learnedClause.AsSpan();
        if (_proof is not null)
            LogLearned(clause);
        if (clause.Length == 1)
        {
            Assign(clause[0], NoReason);
            return;
        }
        int c = AllocateClause(clause, learned: true, lbd);
        _learned.Add(c);
        Attach(c);
        BumpClause(c);
        Assign(clause[0], c);
    }

    private void BumpClause(int c)
    {
        var arena = _arena.Items;
        if ((arena[c + 1] & LearnedFlag) == 0)
            return;
        float activity = BitConverter.Int32BitsToSingle(arena[c + 2]) + (float)_clauseIncrement;
        arena[c + 2] = BitConverter.SingleToInt32Bits(activity);
        if (activity > ClauseRescaleLimit)
        {
            foreach (int l in _learned.AsSpan())
                arena[l + 2] = BitConverter.SingleToInt32Bits(BitConverter.Int32BitsToSingle(arena[l + 2]) / ClauseRescaleLimit);
            _clauseIncrement /= ClauseRescaleLimit;
        }
    }

    private int Lbd(int c) => _arena.Items[c + 1] >> 2;

    private float Activity(int c) => BitConverter.Int32BitsToSingle(_arena.Items[c + 2]);

    private bool IsLocked(int c)
    {
        int first = _arena.Items[c + ClauseHeader];
        return _values.Items[first] > 0 && _reason.Items[first >> 1] == c;
    }

    /// <summary>
    /// Deletes half of the learned clauses, worst first (highest LBD, then least active), keeping glue clauses
    /// (LBD ≤ 2) and reasons (Glucose's <c>reduceDB</c>).
    /// </summary>
    private void ReduceLearned()
    {
        var learned = _learned.AsSpan();
        learned.Sort((a, b) =>
        {
            int byLbd = Lbd(b).CompareTo(Lbd(a));
            return byLbd != 0 ? byLbd : Activity(a).CompareTo(Activity(b));
        });
        var arena = _arena.Items;
        int half = learned.Length / 2;
        int kept = 0;
        for (int i = 0; i < learned.Length; i++)
        {
            int c = learned[i];
            if (i < half && Lbd(c) > 2 && !IsLocked(c))
            {
                _proof?.DeleteClause(arena.AsSpan(c + ClauseHeader, arena[c]));
                arena[c + 1] |= DeletedFlag;
                _wasted += ClauseHeader + arena[c];
            }
            else
            {
                learned[kept++] = c;
            }
        }
        _learned.Count = kept;
        if (_wasted * 2 > _arena.Count)
            Compact();
        else
            RemoveDeletedWatchers();
    }

    private void RemoveDeletedWatchers()
    {
        var arena = _arena.Items;
        for (int l = 0; l < _watches.Count; l++)
        {
            ref var watchers = ref _watches.Items[l];
            int j = 0;
            for (int i = 0; i < watchers.Count; i++)
            {
                if ((arena[watchers.Items[i].Clause + 1] & DeletedFlag) == 0)
                    watchers.Items[j++] = watchers.Items[i];
            }
            watchers.Count = j;
        }
    }

    // Moves the live clauses to a fresh arena, then rebuilds the watches (the watched literals are the first two
    // of each clause, so the invariant carries over) and renames reasons and learned references.
    private void Compact()
    {
        var old = _arena.Items;
        int oldCount = _arena.Count;
        var fresh = new GrowableBuffer<int>();
        fresh.EnsureCapacity(oldCount - _wasted + 16);
        for (int c = 0; c < oldCount;)
        {
            int size = old[c];
            int next = c + ClauseHeader + size;
            if ((old[c + 1] & DeletedFlag) == 0)
            {
                int moved = fresh.Count;
                for (int i = c; i < next; i++)
                    fresh.Add(old[i]);
                old[c + 2] = moved; // forwarding address; the activity was copied
            }
            else
            {
                old[c + 2] = -1;
            }
            c = next;
        }
        for (int i = 0; i < _trail.Count; i++)
        {
            int v = _trail.Items[i] >> 1;
            int reason = _reason.Items[v];
            if (reason >= 0)
                _reason.Items[v] = old[reason + 2];
        }
        for (int i = 0; i < _learned.Count; i++)
            _learned.Items[i] = old[_learned.Items[i] + 2];
        _arena = fresh;
        _wasted = 0;
        for (int l = 0; l < _watches.Count; l++)
            _watches.Items[l].Count = 0;
        for (int c = 0; c < _arena.Count; c += ClauseHeader + _arena.Items![c])
            Attach(c);
    }
}
