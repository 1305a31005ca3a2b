using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace BnnVerify.Encoding.Native;

public sealed partial class CdclSolver
{
    private GrowableBuffer<int> _learnedClause;
    private GrowableBuffer<int> _minimizeStack;
    private GrowableBuffer<int> _toClear;
    private GrowableBuffer<long> _levelStamp;
    private long _levelStampCounter;

    // Explanations of cardinality implications, built on demand and kept while their variable stays assigned (the
    // literals before it on the trail stay too): per variable the arena generation that holds it (0: none) and
    // where it lies. The arena is emptied, and a new generation begun, when it grows past ExplanationArenaLimit.
    // The limit is small (256 KB, an L2 cache's share) because an explanation is cheap to build again from the
    // counted literals. At 4 M entries the arena only grew on sub-second tic-tac-toe solves, to megabytes, each
    // doubling a fresh large-object array to allocate and fault in (docs/benchmarks.md).
    private GrowableBuffer<int> _explanationArena;
    private GrowableBuffer<int> _explanationStamp;
    private GrowableBuffer<int> _explanationStart;
    private GrowableBuffer<int> _explanationLength;
    private const int ExplanationArenaLimit = 1 << 16;
    private int _explanationGeneration = 1;
    private long _explanations;

    /// <summary>
    /// 1-UIP conflict analysis (MiniSat's <c>analyze</c>) with recursive minimisation: leaves the learned clause in
    /// <see cref="_learnedClause"/>, asserting literal first and a literal of the backjump level second, and
    /// returns the backjump level and the clause's LBD.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Analyze(int conflict, out int lbd)
    {
        if (_explanationArena.Count > ExplanationArenaLimit)
        {
            _explanationGeneration++;
            _explanationArena.Count = 0;
        }
        _learnedClause.Count = 0;
        _learnedClause.Add(-1);
        var seen = _seen.Items;
        var level = _level.Items;
        var trail = _trail.Items;
        int pathCount = 0;
        int p = -1;
        int index = _trail.Count - 1;
        int[] reasonArray = ConflictLiterals(conflict, out int reasonStart, out int reasonLength);
        while (true)
        {
            for (int j = p < 0 ? 0 : 1; j < reasonLength; j++)
            {
                int q = reasonArray[reasonStart + j];
                int v = q >> 1;
                if (seen[v] == 0 && level[v] > 0)
                {
                    _order.Bump(v);
                    seen[v] = 1;
                    if (level[v] >= DecisionLevel)
                        pathCount++;
                    else
                        _learnedClause.Add(q);
                }
            }
            while (seen[trail[index] >> 1] == 0)
                index--;
            p = trail[index--];
            seen[p >> 1] = 0;
            if (--pathCount == 0)
                break;
            if (_reason.Items[p >> 1] >= 0)
                BumpClause(_reason.Items[p >> 1]);
            reasonArray = ReasonLiterals(p >> 1, out reasonStart, out reasonLength);
            Debug.Assert(reasonArray[reasonStart] == p);
        }
        _learnedClause.Items[0] = p ^ 1;

        Minimize();

        var learned = _learnedClause.Items;
        int size = _learnedClause.Count;
        for (int i = 0; i < size; i++)
            seen[learned[i] >> 1] = 0;

        int backjump = 0;
        if (size > 1)
        {
            int best = 1;
            for (int i = 2; i < size; i++)
            {
                if (level[learned[i] >> 1] > level[learned[best] >> 1])
                    best = i;
            }
            (learned[1], learned[best]) = (learned[best], learned[1]);
            backjump = level[learned[1] >> 1];
        }
        lbd = LiteralBlockDistance(learned.AsSpan(0, size));
        return backjump;
    }

    // MiniSat's deep minimisation: drop a literal whose reason's literals are all in the clause or themselves redundant.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Minimize()
    {
        var learned = _learnedClause.Items;
        int size = _learnedClause.Count;
        uint levels = 0;
        for (int i = 1; i < size; i++)
            levels |= AbstractLevel(learned[i] >> 1);
        _toClear.Count = 0;
        int kept = 1;
        for (int i = 1; i < size; i++)
        {
            int literal = learned[i];
            if (_reason.Items[literal >> 1] == NoReason || !IsRedundant(literal, levels))
                learned[kept++] = literal;
            else
                _toClear.Add(literal);
        }
        _learnedClause.Count = kept;
        var seen = _seen.Items;
        // The literals found redundant, and those dropped (marked in Analyze), are no longer seen.
        for (int i = 0; i < _toClear.Count; i++)
            seen[_toClear.Items[i] >> 1] = 0;
    }

    private uint AbstractLevel(int variable) => 1u << (_level.Items[variable] & 31);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool IsRedundant(int literal, uint levels)
    {
        var seen = _seen.Items;
        _minimizeStack.Count = 0;
        _minimizeStack.Add(literal);
        int top = _toClear.Count;
        while (_minimizeStack.Count > 0)
        {
            int q = _minimizeStack.Items[--_minimizeStack.Count];
            int[] reason = ReasonLiterals(q >> 1, out int start, out int length);
            for (int j = 1; j < length; j++)
            {
                int l = reason[start + j];
                int v = l >> 1;
                if (seen[v] != 0 || _level.Items[v] == 0)
                    continue;
                if (_reason.Items[v] != NoReason && (AbstractLevel(v) & levels) != 0)
                {
                    seen[v] = 1;
                    _minimizeStack.Add(l);
                    _toClear.Add(l);
                }
                else
                {
                    for (int k = top; k < _toClear.Count; k++)
                        seen[_toClear.Items[k] >> 1] = 0;
                    _toClear.Count = top;
                    return false;
                }
            }
        }
        return true;
    }

    private int LiteralBlockDistance(ReadOnlySpan<int> clause)
    {
        _levelStampCounter++;
        // Levels can outnumber the variables: an assumption already true still opens a level of its own.
        int levels = Math.Max(VariableCount, DecisionLevel) + 1;
        while (_levelStamp.Count < levels)
            _levelStamp.Add(0);
        var stamps = _levelStamp.Items;
        int distinct = 0;
        foreach (int literal in clause)
        {
            int l = _level.Items[literal >> 1];
            if (stamps[l] != _levelStampCounter)
            {
                stamps[l] = _levelStampCounter;
                distinct++;
            }
        }
        return distinct;
    }

    /// <summary>
    /// The reason clause of an implied <paramref name="variable"/>, its implied literal first, as a range of an
    /// array: a stored clause, or the explanation of a cardinality implication (built when first asked for).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int[] ReasonLiterals(int variable, out int start, out int length)
    {
        int reason = _reason.Items[variable];
        Debug.Assert(reason != NoReason);
        if (reason >= 0)
        {
            start = reason + ClauseHeader;
            length = _arena.Items[reason];
            return _arena.Items;
        }
        if (_explanationStamp.Items[variable] != _explanationGeneration)
        {
            int literal = _values.Items[2 * variable] > 0 ? 2 * variable : 2 * variable + 1;
            _explanationStart.Items[variable] = _explanationArena.Count;
            Explain(CardinalityIndex(reason), literal, _trailPosition.Items[variable]);
            _explanationLength.Items[variable] = _explanationArena.Count - _explanationStart.Items[variable];
            _explanationStamp.Items[variable] = _explanationGeneration;
        }
        start = _explanationStart.Items[variable];
        length = _explanationLength.Items[variable];
        if (_proof is not null)
            NoteExplanation(CardinalityIndex(reason), _explanationArena.Items, start, length);
        // Growing the arena later copies it; this array keeps the explanation intact.
        return _explanationArena.Items;
    }

    private int[] ConflictLiterals(int conflict, out int start, out int length)
    {
        if (conflict >= 0)
        {
            BumpClause(conflict);
            start = conflict + ClauseHeader;
            length = _arena.Items[conflict];
            return _arena.Items;
        }
        start = _explanationArena.Count;
        Explain(CardinalityIndex(conflict), -1, int.MaxValue);
        length = _explanationArena.Count - start;
        if (_proof is not null)
            NoteExplanation(CardinalityIndex(conflict), _explanationArena.Items, start, length);
        return _explanationArena.Items;
    }

    /// <summary>
    /// Appends to the explanation arena a clause that justifies <paramref name="implied"/> (true, implied by
    /// constraint <paramref name="c"/>) from literals assigned before trail position <paramref name="before"/>, the
    /// implied literal first; with <paramref name="implied"/> = −1, a clause the current assignment falsifies.
    /// Of the literals that qualify, the earliest on the trail are taken, which keeps the clause's levels low and
    /// leaves fewer literals of the conflict level to resolve.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Explain(int c, int implied, int before)
    {
        _explanations++;
        var values = _values.Items;
        ref var constraint = ref _cardinality.Items[c];
        int output = constraint.Output;
        int bound = constraint.Bound;
        int total = constraint.Total;
        int start = constraint.Start;

        bool takeTrue;         // select true literals (appended negated) or false ones (appended as they are)
        int needed;            // the weight the selection must reach
        if (implied < 0)
        {
            // A conflict: the output is true and too many literals are false, or it is false and too many are true.
            bool outputTrue = values[output] > 0;
            _explanationArena.Add(outputTrue ? output ^ 1 : output);
            takeTrue = !outputTrue;
            needed = outputTrue ? total - bound + 1 : bound;
        }
        else if ((implied >> 1) == (output >> 1))
        {
            _explanationArena.Add(implied);
            takeTrue = implied == output;
            needed = takeTrue ? bound : total - bound + 1;
        }
        else
        {
            int weight = constraint.MaxWeight == 1 ? 1 : TermWeight(constraint, implied >> 1);
            _explanationArena.Add(implied);
            if (values[output] > 0)
            {
                // Forced true by a true output: the false literals leave too little without it.
                _explanationArena.Add(output ^ 1);
                takeTrue = false;
                needed = total - bound - weight + 1;
            }
            else
            {
                // Forced false by a false output: the true literals reach the bound with it.
                _explanationArena.Add(output);
                takeTrue = true;
                needed = bound - weight;
            }
        }
        if (needed <= 0)
            return;

        // The counted literals of the wanted value are in trail order: those counted when the implication (or
        // conflict) was found come first and already reach `needed`, so the earliest qualifying literals are a prefix
        // of the list, and the implied literal, counted later if at all, lies beyond it. They go into the clause
        // latest first: the order only steers the search (bump order, heap ties), and of the two tried this one was
        // faster on the bundled and MNIST exports (docs/benchmarks.md).
        var counted = takeTrue ? _countedTrue.Items : _countedFalse.Items;
        int count = takeTrue ? constraint.TrueCount : constraint.FalseCount;
        int reached = 0;
        int last = start;
        while (last < start + count && reached < needed)
            reached += counted[last++].Weight;
        for (int i = last - 1; i >= start; i--)
        {
            int l = counted[i].Literal;
            Debug.Assert(_trailPosition.Items[l >> 1] < before && (l >> 1) != (implied >> 1), "an explanation literal assigned after what it explains");
            _explanationArena.Add(takeTrue ? l ^ 1 : l);
        }
        Debug.Assert(reached >= needed, "a cardinality implication without enough counted literals to justify it");
    }

    // The weight of variable v's term in a constraint (weighted constraints only: unit ones need no search).
    private int TermWeight(in CardinalityConstraint constraint, int v)
    {
        var terms = _terms.Items;
        int position = constraint.Start;
        while ((terms[position].Literal >> 1) != v)
            position++;
        return terms[position].Weight;
    }
}
