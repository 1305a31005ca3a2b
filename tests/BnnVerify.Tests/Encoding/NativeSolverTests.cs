using BnnVerify.Encoding.Native;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Encoding;

/// <summary>One step of a random incremental trace: a clause, a reified at-least constraint, or a solve call.</summary>
/// <param name="Kind">0 clause, 1 cardinality, 2 solve.</param>
/// <param name="Literals">The clause, the counted literals (repeats carry weight), or the assumptions.</param>
/// <param name="AtLeast">The bound of a cardinality step.</param>
/// <param name="Output">The output literal of a cardinality step.</param>
/// <param name="Weights">The weights of a weighted cardinality step (null: every literal counts once per occurrence).</param>
public sealed record TraceStep(int Kind, int[] Literals, int AtLeast, int Output, int[]? Weights = null)
{
    /// <summary>The weight of the literal at <paramref name="index"/>.</summary>
    public int Weight(int index) => Weights is null ? 1 : Weights[index];

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        0 => $"clause({string.Join(" ", Literals.Select(Dimacs))})",
        1 => $"{Dimacs(Output)} <=> atleast {AtLeast} of ({string.Join(" ", Literals.Select((l, i) => $"{Weight(i)}*{Dimacs(l)}"))})",
        _ => $"solve[{string.Join(" ", Literals.Select(Dimacs))}]",
    };

    private static int Dimacs(int code) => (code & 1) == 0 ? (code >> 1) + 1 : -((code >> 1) + 1);
}

/// <summary>A random trace over a few variables, for model-based testing of <see cref="CdclSolver"/>.</summary>
public sealed record SolverTrace(int Variables, TraceStep[] Steps)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Variables} variables: {string.Join("; ", Steps.Select(s => s.ToString()))}";
}

/// <summary>
/// The native CDCL solver against brute force: random clauses and reified cardinality constraints (weights by
/// repetition, a literal with its negation, bounds ≤ 0 and above the count, outputs fixed or free, outputs that
/// count themselves), solved under random assumptions, incrementally; plus refutations that need learning.
/// </summary>
public class NativeSolverTests
{
    private static Gen<int> LiteralOver(int variables) =>
        from v in Gen.Choose(0, variables - 1)
        from negative in Gen.Elements(0, 1)
        select 2 * v + negative;

    private static Gen<int[]> LiteralsOver(int variables, int min, int max) =>
        from count in Gen.Choose(min, max)
        from items in Gen.ArrayOf(LiteralOver(variables), count)
        select items;

    private static Gen<TraceStep> StepOver(int variables) =>
        Gen.Frequency(
            (3, from lits in LiteralsOver(variables, 1, 3) select new TraceStep(0, lits, 0, 0)),
            (4, from lits in LiteralsOver(variables, 0, 10)
                from atLeast in Gen.Choose(-2, lits.Length + 2)
                from output in LiteralOver(variables)
                select new TraceStep(1, lits, atLeast, output)),
            (2, from lits in LiteralsOver(variables, 0, 6)
                from weights in Gen.ArrayOf(Gen.Choose(1, 5), lits.Length)
                from atLeast in Gen.Choose(-2, weights.Sum() + 2)
                from output in LiteralOver(variables)
                select new TraceStep(1, lits, atLeast, output, weights)),
            (2, from lits in LiteralsOver(variables, 0, 4) select new TraceStep(2, lits, 0, 0)));

    private static Arbitrary<SolverTrace> Traces { get; } = Arb.From(
        from variables in Gen.Choose(1, 11)
        from count in Gen.Choose(1, 24)
        from steps in Gen.ArrayOf(StepOver(variables), count)
        select new SolverTrace(variables, [.. steps, new TraceStep(2, [], 0, 0)]));

    [Fact]
    public void Random_incremental_traces_agree_with_brute_force()
    {
        int solves = 0, satisfiable = 0;
        Prop.ForAll(Traces, trace =>
        {
            var solver = new CdclSolver();
            for (int v = 0; v < trace.Variables; v++)
                Assert.Equal(v, solver.NewVariable());
            var added = new List<TraceStep>();
            foreach (var step in trace.Steps)
            {
                if (step.Kind == 0)
                {
                    solver.AddClause(step.Literals);
                    added.Add(step);
                    continue;
                }
                if (step.Kind == 1)
                {
                    if (step.Weights is null)
                        solver.AddAtLeast(step.Literals, step.AtLeast, step.Output);
                    else
                        solver.AddAtLeast(step.Literals, step.Weights, step.AtLeast, step.Output);
                    added.Add(step);
                    continue;
                }
                bool expected = BruteForceSatisfiable(trace.Variables, added, step.Literals);
                var status = solver.Solve(step.Literals, long.MaxValue, CancellationToken.None);
                Assert.True(status == (expected ? SolveStatus.Satisfiable : SolveStatus.Unsatisfiable),
                    $"solver said {status}, brute force {(expected ? "satisfiable" : "unsatisfiable")} at {step} of {trace}");
                solves++;
                if (status == SolveStatus.Satisfiable)
                {
                    satisfiable++;
                    var model = new bool[trace.Variables];
                    for (int v = 0; v < model.Length; v++)
                        model[v] = solver.ModelValue(v);
                    Assert.True(Satisfies(model, added, step.Literals), $"the model is not one, at {step} of {trace}");
                }
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
        // The generator must produce both answers often, or the property says little.
        Assert.InRange(satisfiable, solves / 10, solves - solves / 10);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public void Pigeonhole_with_cardinality_constraints_is_refuted(int holes)
    {
        var solver = CardinalityPigeonhole(holes + 1, holes);
        Assert.Equal(SolveStatus.Unsatisfiable, solver.Solve([], long.MaxValue, CancellationToken.None));
        Assert.True(solver.Statistics.Conflicts > 0, "a pigeonhole refutation needs conflicts");

        // Without one pigeon it fits, and the model is a placement.
        var fits = CardinalityPigeonhole(holes, holes);
        Assert.Equal(SolveStatus.Satisfiable, fits.Solve([], long.MaxValue, CancellationToken.None));
        for (int h = 0; h < holes; h++)
            Assert.True(Enumerable.Range(0, holes).Count(p => fits.ModelValue(p * holes + h)) <= 1);
        for (int p = 0; p < holes; p++)
            Assert.Contains(Enumerable.Range(0, holes), h => fits.ModelValue(p * holes + h));
    }

    // Pigeon p in hole h is variable p·holes + h; each pigeon in at least one hole, and "at least 2 in hole h" is false.
    private static CdclSolver CardinalityPigeonhole(int pigeons, int holes)
    {
        var solver = new CdclSolver();
        for (int i = 0; i < pigeons * holes; i++)
            solver.NewVariable();
        int yes = 2 * solver.NewVariable();
        solver.AddClause([yes]);
        for (int p = 0; p < pigeons; p++)
            solver.AddAtLeast([.. Enumerable.Range(0, holes).Select(h => 2 * (p * holes + h))], 1, yes);
        for (int h = 0; h < holes; h++)
            solver.AddAtLeast([.. Enumerable.Range(0, pigeons).Select(p => 2 * (p * holes + h))], 2, yes ^ 1);
        return solver;
    }

    [Fact]
    public void A_search_stops_at_its_deadline_and_on_cancellation_with_unknown()
    {
        // Pigeonhole with 11 holes is far beyond a fraction of a second for any CDCL search.
        var solver = PigeonholeClauses(11);
        long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + System.Diagnostics.Stopwatch.Frequency / 5;
        Assert.Equal(SolveStatus.Unknown, solver.Solve([], deadline, CancellationToken.None));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Equal(SolveStatus.Unknown, solver.Solve([], long.MaxValue, cancelled.Token));
        // The solver is still usable: an assumption that contradicts a unit clause is refuted at once.
        solver.AddClause([0]);
        Assert.Equal(SolveStatus.Unsatisfiable, solver.Solve([1], long.MaxValue, CancellationToken.None));
    }

    [Fact]
    public void Preferred_variables_are_decided_first()
    {
        // y ⇔ at least 3 of x0..x5, nothing else: with x0..x5 preferred, every decision is an input, so the
        // number of decisions is at most the number of inputs.
        var solver = new CdclSolver();
        for (int i = 0; i < 7; i++)
            solver.NewVariable();
        solver.AddAtLeast([0, 2, 4, 6, 8, 10], 3, 12);
        solver.Prefer([0, 1, 2, 3, 4, 5]);
        Assert.Equal(SolveStatus.Satisfiable, solver.Solve([], long.MaxValue, CancellationToken.None));
        Assert.InRange(solver.Statistics.Decisions, 1, 6);
        bool y = solver.ModelValue(6);
        int count = Enumerable.Range(0, 6).Count(solver.ModelValue);
        Assert.Equal(count >= 3, y);
    }

    [Fact]
    public void The_luby_sequence_starts_as_in_minisat()
    {
        long[] expected = [1, 1, 2, 1, 1, 2, 4, 1, 1, 2, 1, 1, 2, 4, 8, 1];
        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(CdclSolver.Luby).ToArray());
    }

    private static CdclSolver PigeonholeClauses(int holes)
    {
        int pigeons = holes + 1;
        var solver = new CdclSolver();
        for (int i = 0; i < pigeons * holes; i++)
            solver.NewVariable();
        for (int p = 0; p < pigeons; p++)
            solver.AddClause([.. Enumerable.Range(0, holes).Select(h => 2 * (p * holes + h))]);
        for (int h = 0; h < holes; h++)
            for (int p = 0; p < pigeons; p++)
                for (int q = p + 1; q < pigeons; q++)
                    solver.AddClause([2 * (p * holes + h) + 1, 2 * (q * holes + h) + 1]);
        return solver;
    }

    private static bool BruteForceSatisfiable(int variables, List<TraceStep> constraints, int[] assumptions)
    {
        var model = new bool[variables];
        for (long bits = 0; bits < 1L << variables; bits++)
        {
            for (int v = 0; v < variables; v++)
                model[v] = ((bits >> v) & 1) != 0;
            if (Satisfies(model, constraints, assumptions))
                return true;
        }
        return false;
    }

    private static bool True(bool[] model, int literal) => model[literal >> 1] == ((literal & 1) == 0);

    private static bool Satisfies(bool[] model, List<TraceStep> constraints, int[] assumptions)
    {
        foreach (int a in assumptions)
            if (!True(model, a))
                return false;
        foreach (var c in constraints)
        {
            if (c.Kind == 0 && !c.Literals.Any(l => True(model, l)))
                return false;
            if (c.Kind == 1 && True(model, c.Output) != (c.Literals.Select((l, i) => True(model, l) ? c.Weight(i) : 0).Sum() >= c.AtLeast))
                return false;
        }
        return true;
    }

    [Fact]
    public void A_conflict_above_as_many_levels_as_variables_is_analysed()
    {
        // Found by the random traces: repeated assumptions open a level each, so the conflict's level can exceed the
        // variable count, and the LBD of its learned clause indexed past the level stamps.
        var solver = new CdclSolver();
        for (int v = 0; v < 3; v++)
            solver.NewVariable();
        int notX1 = 1, x2 = 2, notX2 = 3, x3 = 4, notX3 = 5;
        solver.AddClause([0, notX2, x3]);
        solver.AddClause([0, notX2, notX3]);
        solver.AddClause([0, x2, x3]);
        solver.AddClause([0, x2, notX3]);
        Assert.Equal(SolveStatus.Unsatisfiable, solver.Solve([notX1, notX1, notX1, notX1, notX1], long.MaxValue, CancellationToken.None));
        Assert.Equal(SolveStatus.Satisfiable, solver.Solve([], long.MaxValue, CancellationToken.None));
    }
}
