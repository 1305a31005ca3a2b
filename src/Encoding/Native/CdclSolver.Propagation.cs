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

/// <summary>One term of a cardinality sum: a literal and how many times it counts.</summary>
internal struct Term
{
    /// <summary>The literal's code.</summary>
    public int Literal;

    /// <summary>Its weight (at least 1).</summary>
    public int Weight;

    /// <summary>Creates a term.</summary>
    public Term(int literal, int weight)
    {
        Literal = literal;
        Weight = weight;
    }
}

/// <summary>
/// A reified cardinality constraint <c>Output ⇔ Σ weight·literal ≥ Bound</c> over the terms
/// <c>[Start, Start + Length)</c>, with the weight of its true and false literals among those already propagated.
/// </summary>
internal struct CardinalityConstraint
{
    /// <summary>The output literal.</summary>
    public int Output;

    /// <summary>The first term's index.</summary>
    public int Start;

    /// <summary>How many terms.</summary>
    public int Length;

    /// <summary>The bound k, with 1 ≤ k ≤ Total.</summary>
    public int Bound;

    /// <summary>The sum of all weights.</summary>
    public int Total;

    /// <summary>The largest weight.</summary>
    public int MaxWeight;

    /// <summary>The weight of the propagated true literals.</summary>
    public int TrueWeight;

    /// <summary>The weight of the propagated false literals.</summary>
    public int FalseWeight;

    /// <summary>How many true (false) literals are counted: the first ones of its region of the counted-true (-false) terms.</summary>
    public int TrueCount, FalseCount;

    /// <summary>
    /// The trail position of the literal whose propagation settled the constraint (its output implied by, or agreeing
    /// with, the literals counted so far), or <see cref="int.MaxValue"/>: literals propagated after it are not counted.
    /// </summary>
    public int FrozenAt;
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

    // Per literal code: the clauses watching it, and the cardinality sums it occurs in.
    private GrowableBuffer<GrowableBuffer<Watcher>> _watches;
    private GrowableBuffer<GrowableBuffer<Occurrence>> _occurrences;

    // Per variable: the cardinality constraints whose output it is.
    private GrowableBuffer<GrowableBuffer<int>> _outputOf;

    // The frozen constraints, in the order they froze (so by FrozenAt): Backtrack thaws the ones it passes.
    private GrowableBuffer<int> _frozen;

    private const int NotFrozen = int.MaxValue;

    // Per cardinality constraint: its state in one struct (one cache line per visit), its terms in _terms.
    private GrowableBuffer<CardinalityConstraint> _cardinality;
    private GrowableBuffer<Term> _terms;

    // Per constraint, in the same region as its terms: the true (false) term literals in the order they were counted,
    // which is trail order (Backtrack uncounts in reverse). An explanation wants the earliest ones: it reads them here
    // instead of scanning and sorting the constraint's terms.
    private GrowableBuffer<Term> _countedTrue;
    private GrowableBuffer<Term> _countedFalse;

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Propagate()
    {
        while (_propagationHead < _trail.Count)
        {
            int position = _propagationHead++;
            int p = _trail.Items[position];
            _propagations++;
            int conflict = PropagateCardinality(p, position);
            if (conflict == NoConflict)
                conflict = PropagateClauses(p);
            if (conflict != NoConflict)
                return conflict;
        }
        return NoConflict;
    }

    // p became true: visit the clauses watching ¬p (MiniSat's propagate, with blockers).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    // Takes literal p's truth (propagated at trail position `position`) back out of the counters of every sum it or
    // its negation occurs in that counted it: those not frozen before it (Backtrack).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Uncount(int p, int position)
    {
        var constraints = _cardinality.Items;
        ref var positive = ref _occurrences.Items[p];
        var items = positive.Items;
        for (int i = 0; i < positive.Count; i++)
        {
            ref var constraint = ref constraints[items[i].Constraint];
            if (constraint.FrozenAt >= position)
            {
                constraint.TrueWeight -= items[i].Weight;
                constraint.TrueCount--;
            }
        }
        ref var negative = ref _occurrences.Items[p ^ 1];
        items = negative.Items;
        for (int i = 0; i < negative.Count; i++)
        {
            ref var constraint = ref constraints[items[i].Constraint];
            if (constraint.FrozenAt >= position)
            {
                constraint.FalseWeight -= items[i].Weight;
                constraint.FalseCount--;
            }
        }
    }

    // Constraint c is settled for good at this level: its output agrees with what the counted literals prove alone, so
    // no later literal can imply anything through it or make it conflict (MiniSatCS skips such constraints too).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Freeze(ref CardinalityConstraint constraint, int c, int position)
    {
        constraint.FrozenAt = position;
        _frozen.Add(c);
    }

    /// <summary>
    /// Counts literal p (now true, at trail position <paramref name="position"/>) in every sum it or its negation
    /// occurs in, and applies the rules a counter move can trigger, in one pass over each constraint: a true literal
    /// can only imply an unassigned output or forbid literals of a false output; a false literal only the converse.
    /// A constraint that the counted literals settle (its output implied, or already agreeing) is frozen: later
    /// literals skip it until Backtrack passes the freeze. Every counter of an unfrozen constraint is moved even after
    /// a conflict, so that "propagated" means exactly "counted" (Backtrack undoes both together).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int PropagateCardinality(int p, int position)
    {
        var constraints = _cardinality.Items;
        var values = _values.Items;
        var countedTrue = _countedTrue.Items;
        var countedFalse = _countedFalse.Items;
        int conflict = NoConflict;
        ref var positive = ref _occurrences.Items[p];
        var items = positive.Items;
        for (int i = 0; i < positive.Count; i++)
        {
            int c = items[i].Constraint;
            ref var constraint = ref constraints[c];
            if (constraint.FrozenAt < position)
                continue;
            constraint.TrueWeight += items[i].Weight;
            countedTrue[constraint.Start + constraint.TrueCount++] = new Term(p, items[i].Weight);
            if (conflict != NoConflict)
                continue;
            sbyte outputValue = values[constraint.Output];
            if (outputValue == 0)
            {
                if (constraint.TrueWeight >= constraint.Bound)
                {
                    Assign(constraint.Output, CardinalityReference(c));
                    Freeze(ref constraint, c, position);
                }
            }
            else if (outputValue > 0)
            {
                if (constraint.TrueWeight >= constraint.Bound)
                    Freeze(ref constraint, c, position);
            }
            else
            {
                int room = constraint.Bound - 1 - constraint.TrueWeight;
                if (room < 0)
                    conflict = CardinalityReference(c);
                else if (room < constraint.MaxWeight)
                    Forbid(c, room);
            }
        }
        ref var negative = ref _occurrences.Items[p ^ 1];
        items = negative.Items;
        for (int i = 0; i < negative.Count; i++)
        {
            int c = items[i].Constraint;
            ref var constraint = ref constraints[c];
            if (constraint.FrozenAt < position)
                continue;
            constraint.FalseWeight += items[i].Weight;
            countedFalse[constraint.Start + constraint.FalseCount++] = new Term(p ^ 1, items[i].Weight);
            if (conflict != NoConflict)
                continue;
            sbyte outputValue = values[constraint.Output];
            if (outputValue == 0)
            {
                if (constraint.Total - constraint.FalseWeight < constraint.Bound)
                {
                    Assign(constraint.Output ^ 1, CardinalityReference(c));
                    Freeze(ref constraint, c, position);
                }
            }
            else if (outputValue < 0)
            {
                if (constraint.Total - constraint.FalseWeight < constraint.Bound)
                    Freeze(ref constraint, c, position);
            }
            else
            {
                int slack = constraint.Total - constraint.FalseWeight - constraint.Bound;
                if (slack < 0)
                    conflict = CardinalityReference(c);
                else if (slack < constraint.MaxWeight)
                    Require(c, slack);
            }
        }
        if (conflict != NoConflict)
            return conflict;
        ref var outputs = ref _outputOf.Items[p >> 1];
        for (int i = 0; i < outputs.Count; i++)
        {
            conflict = CheckCardinality(outputs.Items[i]);
            if (conflict != NoConflict)
                return conflict;
        }
        return NoConflict;
    }

    // A true output: every unassigned literal heavier than the slack must be true.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Require(int c, int slack)
    {
        ref var constraint = ref _cardinality.Items[c];
        var terms = _terms.Items;
        var values = _values.Items;
        for (int i = constraint.Start, end = constraint.Start + constraint.Length; i < end; i++)
        {
            if (terms[i].Weight > slack && values[terms[i].Literal] == 0)
                Assign(terms[i].Literal, CardinalityReference(c));
        }
    }

    // A false output: every unassigned literal heavier than the room left must be false.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forbid(int c, int room)
    {
        ref var constraint = ref _cardinality.Items[c];
        var terms = _terms.Items;
        var values = _values.Items;
        for (int i = constraint.Start, end = constraint.Start + constraint.Length; i < end; i++)
        {
            if (terms[i].Weight > room && values[terms[i].Literal] == 0)
                Assign(terms[i].Literal ^ 1, CardinalityReference(c));
        }
    }

    /// <summary>
    /// Applies all of constraint <paramref name="c"/>'s rules (its output was just assigned, or it was just added):
    /// an unassigned output follows from enough true (or too many false) literals; a true output forces the
    /// literals it cannot do without, a false output forbids the literals that would reach the bound.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int CheckCardinality(int c)
    {
        ref var constraint = ref _cardinality.Items[c];
        sbyte outputValue = _values.Items[constraint.Output];
        if (outputValue == 0)
        {
            if (constraint.TrueWeight >= constraint.Bound)
                Assign(constraint.Output, CardinalityReference(c));
            else if (constraint.Total - constraint.FalseWeight < constraint.Bound)
                Assign(constraint.Output ^ 1, CardinalityReference(c));
            return NoConflict;
        }
        if (outputValue > 0)
        {
            int slack = constraint.Total - constraint.FalseWeight - constraint.Bound;
            if (slack < 0)
                return CardinalityReference(c);
            if (slack < constraint.MaxWeight)
                Require(c, slack);
        }
        else
        {
            int room = constraint.Bound - 1 - constraint.TrueWeight;
            if (room < 0)
                return CardinalityReference(c);
            if (room < constraint.MaxWeight)
                Forbid(c, room);
        }
        return NoConflict;
    }

    /// <summary>Undoes every assignment above <paramref name="level"/>, saving phases and restoring counters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                Uncount(literal, i);
            values[literal] = 0;
            values[literal ^ 1] = 0;
            _reason.Items[v] = NoReason;
            _explanationStamp.Items[v] = 0;
            _savedPhase.Items[v] = (literal & 1) == 0;
            _order.Insert(v);
        }
        var constraints = _cardinality.Items;
        while (_frozen.Count > 0 && constraints[_frozen.Items[_frozen.Count - 1]].FrozenAt >= stop)
            constraints[_frozen.Items[--_frozen.Count]].FrozenAt = NotFrozen;
        _trail.Count = stop;
        if (_propagationHead > stop)
            _propagationHead = stop;
        _trailLimits.Count = level;
    }
}
