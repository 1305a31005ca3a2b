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
    private GrowableBuffer<int> _explanationArena;
    private GrowableBuffer<int> _explanationStamp;
    private GrowableBuffer<int> _explanationStart;
    private GrowableBuffer<int> _explanationLength;
    private const int ExplanationArenaLimit = 1 << 22;
    private int _explanationGeneration = 1;
    private long _explanations;
    private GrowableBuffer<int> _candidatePosition;
    private GrowableBuffer<int> _candidateIndex;

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
        if (_levelStamp.Count < VariableCount + 1)
        {
            while (_levelStamp.Count < VariableCount + 1)
                _levelStamp.Add(0);
        }
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
        int start = constraint.Start, end = start + constraint.Length;
        var terms = _terms.Items;

        int exclude = -1;      // the implied sum literal's position, left out of the selection
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
            int position = start;
            while ((terms[position].Literal >> 1) != (implied >> 1))
                position++;
            exclude = position;
            int weight = terms[position].Weight;
            _explanationArena.Add(implied);
            if (implied == terms[position].Literal)
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

        _candidatePosition.Count = 0;
        _candidateIndex.Count = 0;
        int available = 0;
        var trailPosition = _trailPosition.Items;
        sbyte wanted = takeTrue ? (sbyte)1 : (sbyte)-1;
        for (int i = start; i < end; i++)
        {
            int l = terms[i].Literal;
            if (values[l] != wanted || i == exclude)
                continue;
            int at = trailPosition[l >> 1];
            if (at >= before)
                continue;
            _candidatePosition.Add(at);
            _candidateIndex.Add(i);
            available += terms[i].Weight;
        }
        Debug.Assert(available >= needed, "a cardinality implication without enough assigned literals to justify it");
        var positions = _candidatePosition.AsSpan();
        var indices = _candidateIndex.AsSpan();
        int take = indices.Length;
        if (available > needed)
        {
            if (constraint.MaxWeight == 1)
            {
                // Unit weights: the `needed` earliest, found in linear time.
                SelectSmallest(positions, indices, needed);
                take = needed;
            }
            else
            {
                positions.Sort(indices);
            }
        }
        int reached = 0;
        for (int i = 0; i < take && reached < needed; i++)
        {
            int l = terms[indices[i]].Literal;
            _explanationArena.Add(takeTrue ? l ^ 1 : l);
            reached += terms[indices[i]].Weight;
        }
    }

    /// <summary>Reorders <paramref name="keys"/> (with <paramref name="items"/>) so that the first <paramref name="count"/> are the smallest (quickselect).</summary>
    private static void SelectSmallest(Span<int> keys, Span<int> items, int count)
    {
        int low = 0, high = keys.Length - 1;
        while (low < high)
        {
            int pivot = keys[(low + high) >>> 1];
            int i = low, j = high;
            while (i <= j)
            {
                while (keys[i] < pivot)
                    i++;
                while (keys[j] > pivot)
                    j--;
                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    (items[i], items[j]) = (items[j], items[i]);
                    i++;
                    j--;
                }
            }
            // [low, j] ≤ pivot ≤ [i, high]: continue on the side that holds position count − 1.
            if (count - 1 <= j)
                high = j;
            else if (count - 1 >= i)
                low = i;
            else
                break;
        }
    }
}
