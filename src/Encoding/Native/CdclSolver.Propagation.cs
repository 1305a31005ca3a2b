using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace BnnVerify.Encoding.Native;

/// <summary>A clause watching a literal, with a blocker: another literal of the clause whose truth skips the visit.</summary>
internal struct Watcher
{
    /// <summary>The clause's offset in the arena.</summary>
    public int Clause;

    /// <summary>A literal of the clause other than the watched one.</summary>
    public int Blocker;

    /// <summary>Creates a watcher.</summary>
    public Watcher(int clause, int blocker)
    {
        Clause = clause;
        Blocker = blocker;
    }
}

/// <summary>An occurrence of a literal in the sum of a cardinality constraint, with its weight there.</summary>
internal struct Occurrence
{
    /// <summary>The constraint's index.</summary>
    public int Constraint;

    /// <summary>How many times the literal counts in the sum.</summary>
    public int Weight;

    /// <summary>Creates an occurrence.</summary>
    public Occurrence(int constraint, int weight)
    {
        Constraint = constraint;
        Weight = weight;
    }
}

public sealed partial class CdclSolver
{
    // Propagate's answer when nothing conflicts; a clause conflict is the clause's offset (≥ 0), a cardinality
    // conflict or reason is CardinalityReference(index) (≤ −2). NoReason (−1) marks decisions and level-0 units.
    private const int NoConflict = -1;

    private enum CardinalityEvent
    {
        LiteralTrue,
        LiteralFalse,
        OutputAssigned,
    }

    // Per literal code: the clauses watching it, and the cardinality sums it occurs in.
    private GrowableBuffer<GrowableBuffer<Watcher>> _watches;
    private GrowableBuffer<GrowableBuffer<Occurrence>> _occurrences;

    // Per variable: the cardinality constraints whose output it is.
    private GrowableBuffer<GrowableBuffer<int>> _outputOf;

    // Per cardinality constraint: output ⇔ Σ weight·literal ≥ bound, over literals[start .. start+length).
    private GrowableBuffer<int> _cardinalityOutput;
    private GrowableBuffer<int> _cardinalityStart;
    private GrowableBuffer<int> _cardinalityLength;
    private GrowableBuffer<int> _cardinalityBound;
    private GrowableBuffer<int> _cardinalityTotal;
    private GrowableBuffer<int> _cardinalityMaxWeight;
    // The weight of the sum's true and false literals among those already propagated (trail below the head).
    private GrowableBuffer<int> _cardinalityTrueWeight;
    private GrowableBuffer<int> _cardinalityFalseWeight;
    private GrowableBuffer<int> _cardinalityLiterals;
    private GrowableBuffer<int> _cardinalityWeights;

    private static int CardinalityReference(int constraint) => -constraint - 2;

    private static int CardinalityIndex(int reference) => -reference - 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Assign(int literal, int reason)
    {
        int v = literal >> 1;
        var values = _values.Items;
        Debug.Assert(values[literal] == 0);
        values[literal] = 1;
        values[literal ^ 1] = -1;
        _level.Items[v] = DecisionLevel;
        _reason.Items[v] = reason;
        _trailPosition.Items[v] = _trail.Count;
        _trail.Items[_trail.Count++] = literal;
    }

    /// <summary>
    /// Propagates every literal on the trail that has not been yet; returns <see cref="NoConflict"/> or the
    /// conflicting clause or cardinality constraint. On a conflict the literals after the head stay unpropagated:
    /// they all belong to the current level, which the caller leaves.
    /// </summary>
    private int Propagate()
    {
        while (_propagationHead < _trail.Count)
        {
            int p = _trail.Items[_propagationHead++];
            _propagations++;
            // Counters first and whole, so that "propagated" means exactly "counted" (Backtrack relies on it).
            Count(p, +1);
            int conflict = PropagateClauses(p);
            if (conflict == NoConflict)
                conflict = PropagateCardinality(p);
            if (conflict != NoConflict)
                return conflict;
        }
        return NoConflict;
    }

    // p became true: visit the clauses watching ¬p (MiniSat's propagate, with blockers).
    private int PropagateClauses(int p)
    {
        int falseLiteral = p ^ 1;
        ref var watchers = ref _watches.Items[falseLiteral];
        var items = watchers.Items;
        int count = watchers.Count;
        var values = _values.Items;
        var arena = _arena.Items;
        int i = 0, j = 0;
        int conflict = NoConflict;
        while (i < count)
        {
            var w = items[i];
            if (values[w.Blocker] > 0)
            {
                items[j++] = items[i++];
                continue;
            }
            int c = w.Clause;
            int first = c + ClauseHeader;
            // Make the false literal the second watched one.
            if (arena[first] == falseLiteral)
            {
                arena[first] = arena[first + 1];
                arena[first + 1] = falseLiteral;
            }
            i++;
            int other = arena[first];
            if (other != w.Blocker && values[other] > 0)
            {
                items[j++] = new Watcher(c, other);
                continue;
            }
            int size = arena[c];
            bool moved = false;
            for (int k = 2; k < size; k++)
            {
                int candidate = arena[first + k];
                if (values[candidate] >= 0)
                {
                    arena[first + 1] = candidate;
                    arena[first + k] = falseLiteral;
                    _watches.Items[candidate].Add(new Watcher(c, other));
                    moved = true;
                    break;
                }
            }
            if (moved)
                continue;
            items[j++] = new Watcher(c, other);
            if (values[other] < 0)
            {
                conflict = c;
                while (i < count)
                    items[j++] = items[i++];
                break;
            }
            Assign(other, c);
        }
        watchers.Count = j;
        return conflict;
    }

    // Adds (sign +1) or removes (−1) literal p's truth from the counters of every sum it or its negation occurs in.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Count(int p, int sign)
    {
        var trueWeight = _cardinalityTrueWeight.Items;
        var falseWeight = _cardinalityFalseWeight.Items;
        ref var positive = ref _occurrences.Items[p];
        var items = positive.Items;
        for (int i = 0; i < positive.Count; i++)
            trueWeight[items[i].Constraint] += sign * items[i].Weight;
        ref var negative = ref _occurrences.Items[p ^ 1];
        items = negative.Items;
        for (int i = 0; i < negative.Count; i++)
            falseWeight[items[i].Constraint] += sign * items[i].Weight;
    }

    private int PropagateCardinality(int p)
    {
        ref var positive = ref _occurrences.Items[p];
        for (int i = 0; i < positive.Count; i++)
        {
            int conflict = CheckCardinality(positive.Items[i].Constraint, CardinalityEvent.LiteralTrue);
            if (conflict != NoConflict)
                return conflict;
        }
        ref var negative = ref _occurrences.Items[p ^ 1];
        for (int i = 0; i < negative.Count; i++)
        {
            int conflict = CheckCardinality(negative.Items[i].Constraint, CardinalityEvent.LiteralFalse);
            if (conflict != NoConflict)
                return conflict;
        }
        ref var outputs = ref _outputOf.Items[p >> 1];
        for (int i = 0; i < outputs.Count; i++)
        {
            int conflict = CheckCardinality(outputs.Items[i], CardinalityEvent.OutputAssigned);
            if (conflict != NoConflict)
                return conflict;
        }
        return NoConflict;
    }

    /// <summary>
    /// Applies constraint <paramref name="c"/>'s rules after an event: an unassigned output follows from enough
    /// true (or too many false) literals; a true output forces the literals it cannot do without, a false output
    /// forbids the literals that would reach the bound. Literals are scanned only when the counter that limits
    /// them moved (or the output was just assigned), so a constraint is not rescanned for every literal it forced.
    /// </summary>
    private int CheckCardinality(int c, CardinalityEvent cause)
    {
        var values = _values.Items;
        int output = _cardinalityOutput.Items[c];
        int bound = _cardinalityBound.Items[c];
        int total = _cardinalityTotal.Items[c];
        int trueWeight = _cardinalityTrueWeight.Items[c];
        int falseWeight = _cardinalityFalseWeight.Items[c];
        sbyte outputValue = values[output];
        if (outputValue == 0)
        {
            if (trueWeight >= bound)
                Assign(output, CardinalityReference(c));
            else if (total - falseWeight < bound)
                Assign(output ^ 1, CardinalityReference(c));
            return NoConflict;
        }
        int start = _cardinalityStart.Items[c], end = start + _cardinalityLength.Items[c];
        var literals = _cardinalityLiterals.Items;
        var weights = _cardinalityWeights.Items;
        if (outputValue > 0)
        {
            // Σ ≥ bound must stay reachable: a literal heavier than the slack must be true.
            int slack = total - falseWeight - bound;
            if (slack < 0)
                return CardinalityReference(c);
            if (cause != CardinalityEvent.LiteralTrue && slack < _cardinalityMaxWeight.Items[c])
            {
                for (int i = start; i < end; i++)
                {
                    if (weights[i] > slack && values[literals[i]] == 0)
                        Assign(literals[i], CardinalityReference(c));
                }
            }
        }
        else
        {
            // Σ ≤ bound − 1 must hold: a literal heavier than the room left must be false.
            int room = bound - 1 - trueWeight;
            if (room < 0)
                return CardinalityReference(c);
            if (cause != CardinalityEvent.LiteralFalse && room < _cardinalityMaxWeight.Items[c])
            {
                for (int i = start; i < end; i++)
                {
                    if (weights[i] > room && values[literals[i]] == 0)
                        Assign(literals[i] ^ 1, CardinalityReference(c));
                }
            }
        }
        return NoConflict;
    }

    /// <summary>Undoes every assignment above <paramref name="level"/>, saving phases and restoring counters.</summary>
    private void Backtrack(int level)
    {
        if (DecisionLevel <= level)
            return;
        int stop = _trailLimits.Items[level];
        var values = _values.Items;
        var trail = _trail.Items;
        for (int i = _trail.Count - 1; i >= stop; i--)
        {
            int literal = trail[i];
            int v = literal >> 1;
            if (i < _propagationHead)
                Count(literal, -1);
            values[literal] = 0;
            values[literal ^ 1] = 0;
            _reason.Items[v] = NoReason;
            _savedPhase.Items[v] = (literal & 1) == 0;
            _order.Insert(v);
        }
        _trail.Count = stop;
        if (_propagationHead > stop)
            _propagationHead = stop;
        _trailLimits.Count = level;
    }
}
