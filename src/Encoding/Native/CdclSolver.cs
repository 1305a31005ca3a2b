using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace BnnVerify.Encoding.Native;

/// <summary>What <see cref="CdclSolver.Solve"/> found.</summary>
public enum SolveStatus
{
    /// <summary>A model exists; <see cref="CdclSolver.ModelValue"/> reads it.</summary>
    Satisfiable,

    /// <summary>No model exists under the assumptions.</summary>
    Unsatisfiable,

    /// <summary>The search stopped (time limit or cancellation) before deciding.</summary>
    Unknown,
}

/// <summary>Counters of one solver's work, summed over all its <see cref="CdclSolver.Solve"/> calls.</summary>
/// <param name="Decisions">Branching decisions.</param>
/// <param name="Propagations">Literals propagated (taken off the trail queue).</param>
/// <param name="Conflicts">Conflicts analysed.</param>
/// <param name="Restarts">Restarts.</param>
/// <param name="LearnedClauses">Learned clauses currently kept.</param>
/// <param name="CardinalityExplanations">Explanation clauses generated lazily from cardinality constraints.</param>
public readonly record struct SolverStatistics(long Decisions, long Propagations, long Conflicts, long Restarts, int LearnedClauses, long CardinalityExplanations);

/// <summary>
/// A CDCL SAT solver whose constraints are clauses and reified pseudo-Boolean at-least constraints
/// <c>y ⇔ (Σ wᵢ·ℓᵢ ≥ k)</c>, the second kind propagated natively instead of being turned into clauses: the
/// MiniSatCS approach of EEV (Jia &amp; Rinard, NeurIPS 2020), with MiniCard's lazy explanations (Liffiton &amp;
/// Maglalang 2012) extended to both directions of the equivalence.
/// </summary>
/// <remarks>
/// <para>The search is MiniSat's (Eén &amp; Sörensson 2003): two watched literals per clause, 1-UIP learning with
/// recursive clause minimisation, EVSIDS with phase saving, Luby restarts, and learned-clause reduction by LBD as
/// in Glucose (Audemard &amp; Simon 2009). A cardinality constraint keeps two counters, the weight of its true and
/// of its false literals among those already propagated; it implies its output, or the literals of its sum, when
/// a counter reaches a bound. The clause that justifies such an implication is built only when conflict analysis
/// asks for it, from the literals assigned before the implied one, earliest first.</para>
/// <para>Literals are ints as in MiniSat: <c>2·variable + sign</c>, negation <c>^ 1</c>. Variables can be
/// preferred for branching: a BNN's inputs, whose values determine everything else.</para>
/// <para>One thread at a time. <see cref="Solve"/> can be called again after adding constraints; learned clauses,
/// activities and phases are kept.</para>
/// </remarks>
public sealed partial class CdclSolver
{
    private const int NoReason = -1;
    private const double VariableDecay = 0.95;
    private const double ClauseDecay = 0.999;
    private const int RestartUnit = 100;

    // Per literal code: +1 true, -1 false, 0 unassigned.
    private GrowableBuffer<sbyte> _values;

    // Per variable.
    private GrowableBuffer<int> _level;
    private GrowableBuffer<int> _trailPosition;
    private GrowableBuffer<int> _reason;
    private GrowableBuffer<bool> _savedPhase;
    private GrowableBuffer<byte> _seen;
    private readonly VariableOrder _order = new();

    private GrowableBuffer<int> _trail;
    private GrowableBuffer<int> _trailLimits;
    private int _propagationHead;

    private bool _inconsistent;
    private long _decisions, _propagations, _conflicts, _restarts;

    /// <summary>
    /// The value a variable created from now on is first decided with (later, phase saving decides). MiniSat's
    /// default is false. On satisfiable violation problems the initial phase can decide between milliseconds and
    /// minutes (docs/benchmarks.md), which is why the portfolio runs both.
    /// </summary>
    public bool InitialPhase { get; set; }

    /// <summary>How many variables exist (0 … VariableCount−1).</summary>
    public int VariableCount => _level.Count;

    /// <summary>How many clauses were added (not counting learned ones or those satisfied at level 0).</summary>
    public int ClauseCount { get; private set; }

    /// <summary>How many cardinality constraints are kept natively.</summary>
    public int CardinalityCount => _cardinality.Count;

    /// <summary>False once the constraints are known to be unsatisfiable whatever the assumptions.</summary>
    public bool IsConsistent => !_inconsistent;

    /// <summary>The work done so far.</summary>
    public SolverStatistics Statistics =>
        new(_decisions, _propagations, _conflicts, _restarts, _learned.Count, _explanations);

    private int DecisionLevel => _trailLimits.Count;

    /// <summary>Creates a fresh variable and returns its index.</summary>
    public int NewVariable()
    {
        int v = _level.Count;
        _values.Add(0);
        _values.Add(0);
        _level.Add(0);
        _trailPosition.Add(0);
        _reason.Add(NoReason);
        _savedPhase.Add(InitialPhase);
        _seen.Add(0);
        _order.AddVariable();
        _order.Insert(v);
        _watches.Add(default);
        _watches.Add(default);
        _occurrences.Add(default);
        _occurrences.Add(default);
        _outputOf.Add(default);
        _explanationStamp.Add(0);
        _explanationStart.Add(0);
        _explanationLength.Add(0);
        _trail.EnsureCapacity(v + 1);
        return v;
    }

    /// <summary>
    /// Makes <paramref name="variable"/> a preferred decision: every unassigned preferred variable is branched on
    /// before any other (a BNN's inputs, for example).
    /// </summary>
    public void SetPreferred(int variable, bool preferred)
    {
        CheckVariable(variable, nameof(variable));
        _order.SetPreferred(variable, preferred);
        _order.Rebuild();
    }

    /// <summary>Makes every variable of <paramref name="variables"/> preferred (see <see cref="SetPreferred"/>), rebuilding the order once.</summary>
    public void Prefer(ReadOnlySpan<int> variables)
    {
        foreach (int v in variables)
            CheckVariable(v, nameof(variables));
        foreach (int v in variables)
            _order.SetPreferred(v, true);
        _order.Rebuild();
    }

    /// <summary>The value of <paramref name="variable"/> in the model of the last satisfiable <see cref="Solve"/>.</summary>
    public bool ModelValue(int variable) => _model.Items[variable];

    /// <summary>
    /// Decides the constraints together with the literal <paramref name="assumptions"/>, until the wall-clock
    /// <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp; <see cref="long.MaxValue"/> for none) or
    /// until <paramref name="cancellation"/> fires. Both are checked in the search loop.
    /// </summary>
    public SolveStatus Solve(ReadOnlySpan<int> assumptions, long deadline, CancellationToken cancellation)
    {
        foreach (int a in assumptions)
            CheckLiteral(a, nameof(assumptions));
        if (_inconsistent)
            return SolveStatus.Unsatisfiable;
        // A caller that cancelled may have loaded part of its problem: no search at all, so no answer about that part.
        if (cancellation.IsCancellationRequested || Stopwatch.GetTimestamp() > deadline)
            return SolveStatus.Unknown;
        var status = Search(assumptions, deadline, cancellation);
        if (status == SolveStatus.Satisfiable)
        {
            _model.Count = 0;
            for (int v = 0; v < VariableCount; v++)
                _model.Add(_values.Items[2 * v] > 0);
        }
        Backtrack(0);
        return status;
    }

    private GrowableBuffer<bool> _model;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SolveStatus Search(ReadOnlySpan<int> assumptions, long deadline, CancellationToken cancellation)
    {
        int initial = Propagate();
        if (initial != NoConflict)
        {
            _inconsistent = true;
            LogRefutation(initial);
            return SolveStatus.Unsatisfiable;
        }
        int restartIndex = 0;
        long conflictsUntilRestart = RestartUnit * Luby(restartIndex);
        long steps = 0;
        while (true)
        {
            // Cancellation every step: it is one volatile read, and a portfolio's winner waits for the losers to
            // notice it (256 steps took a loser up to 13 ms, longer than some whole solves). The clock costs more:
            // every 256 steps.
            if (cancellation.IsCancellationRequested || ((++steps & 255) == 0 && Stopwatch.GetTimestamp() > deadline))
                return SolveStatus.Unknown;

            int conflict = Propagate();
            if (conflict != NoConflict)
            {
                _conflicts++;
                if (DecisionLevel == 0)
                {
                    _inconsistent = true;
                    LogRefutation(conflict);
                    return SolveStatus.Unsatisfiable;
                }
                int backjump = Analyze(conflict, out int lbd);
                Backtrack(backjump);
                AddLearned(lbd);
                _order.Decay(VariableDecay);
                _clauseIncrement /= ClauseDecay;
                conflictsUntilRestart--;
                if (_conflicts >= _nextReduction)
                {
                    ReduceLearned();
                    _nextReduction = _conflicts + ReductionInterval + ReductionIncrement * ++_reductions;
                }
                continue;
            }

            if (conflictsUntilRestart <= 0)
            {
                _restarts++;
                conflictsUntilRestart = RestartUnit * Luby(++restartIndex);
                Backtrack(0);
                continue;
            }

            // Assumptions first, one level each (MiniSat's scheme), then the best unassigned variable.
            int next = -1;
            while (DecisionLevel < assumptions.Length)
            {
                int a = assumptions[DecisionLevel];
                sbyte value = _values.Items[a];
                if (value > 0)
                {
                    _trailLimits.Add(_trail.Count);
                }
                else if (value < 0)
                {
                    return SolveStatus.Unsatisfiable;
                }
                else
                {
                    next = a;
                    break;
                }
            }
            if (next < 0)
            {
                next = PickBranchLiteral();
                if (next < 0)
                    return SolveStatus.Satisfiable;
                _decisions++;
            }
            _trailLimits.Add(_trail.Count);
            Assign(next, NoReason);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int PickBranchLiteral()
    {
        var values = _values.Items;
        while (!_order.IsEmpty)
        {
            int v = _order.RemoveBest();
            if (values[2 * v] == 0)
                return 2 * v + (_savedPhase.Items[v] ? 0 : 1);
        }
        return -1;
    }

    /// <summary>The Luby sequence 1 1 2 1 1 2 4 1 1 2 1 1 2 4 8 … at <paramref name="index"/> (MiniSat's <c>luby</c>).</summary>
    internal static long Luby(int index)
    {
        long size = 1;
        int sequence = 0;
        while (size < index + 1)
        {
            sequence++;
            size = 2 * size + 1;
        }
        long x = index;
        while (size - 1 != x)
        {
            size = (size - 1) >> 1;
            sequence--;
            x %= size;
        }
        return 1L << sequence;
    }

    private void CheckVariable(int variable, string parameter)
    {
        if ((uint)variable >= (uint)VariableCount)
            throw new ArgumentOutOfRangeException(parameter, $"Variable {variable} does not exist; only {VariableCount} variables do.");
    }

    private void CheckLiteral(int literal, string parameter)
    {
        if (literal < 0 || (literal >> 1) >= VariableCount)
            throw new ArgumentOutOfRangeException(parameter, $"Literal {literal} names variable {literal >> 1}, but only {VariableCount} variables exist.");
    }
}
