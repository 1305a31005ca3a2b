using BnnVerify.Encoding.Native;
using BnnVerify.Encoding.Proofs;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Proofs;

/// <summary>One constraint of a random problem: a clause, or output ⇔ Σ weights·literals ≥ atLeast.</summary>
public sealed record ProofStep(bool IsClause, int[] Literals, int[] Weights, int AtLeast, int Output)
{
    /// <inheritdoc/>
    public override string ToString() => IsClause
        ? $"({string.Join(" ", Literals.Select(Dimacs))})"
        : $"{Dimacs(Output)} <=> {string.Join(" + ", Literals.Select((l, i) => $"{Weights[i]}*{Dimacs(l)}"))} >= {AtLeast}";

    internal static int Dimacs(int code) => (code & 1) == 0 ? (code >> 1) + 1 : -((code >> 1) + 1);
}

/// <summary>A random problem, with assumption lists solved before the final solve without assumptions.</summary>
public sealed record ProofProblem(int Variables, ProofStep[] Steps, int[][] EarlierAssumptions)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Variables} variables: {string.Join("; ", Steps.Select(s => s.ToString()))}";
}

/// <summary>
/// The native solver's proofs: on random problems with clauses and reified cardinality constraints (weights by
/// repeated literals and by weight, bounds ≤ 0 and above the count, outputs in their own sums), every UNSAT answer's
/// proof checks against the totalizer reference; mutated proofs are rejected exactly where a naive checker says.
/// </summary>
public class NativeProofTests
{
    private static Gen<int> LiteralOver(int variables) =>
        from v in Gen.Choose(0, variables - 1)
        from negative in Gen.Elements(0, 1)
        select 2 * v + negative;

    private static Gen<ProofStep> StepOver(int variables) =>
        Gen.Frequency(
            (3, from count in Gen.Choose(1, 3)
                from lits in Gen.ArrayOf(LiteralOver(variables), count)
                select new ProofStep(true, lits, [], 0, 0)),
            // Unit weights; a literal repeated counts twice.
            (4, from count in Gen.Choose(0, 8)
                from lits in Gen.ArrayOf(LiteralOver(variables), count)
                from atLeast in Gen.Choose(-1, count + 2)
                from output in LiteralOver(variables)
                select new ProofStep(false, lits, [.. lits.Select(_ => 1)], atLeast, output)),
            (2, from count in Gen.Choose(0, 5)
                from lits in Gen.ArrayOf(LiteralOver(variables), count)
                from weights in Gen.ArrayOf(Gen.Choose(1, 4), count)
                from atLeast in Gen.Choose(-1, weights.Sum() + 2)
                from output in LiteralOver(variables)
                select new ProofStep(false, lits, weights, atLeast, output)));

    internal static Arbitrary<ProofProblem> Problems { get; } = Arb.From(
        from variables in Gen.Choose(2, 10)
        from count in Gen.Choose(2, 22)
        from steps in Gen.ArrayOf(StepOver(variables), count)
        from solves in Gen.Choose(0, 2)
        from assumptions in Gen.ArrayOf(from n in Gen.Choose(1, 3) from a in Gen.ArrayOf(LiteralOver(variables), n) select a, solves)
        select new ProofProblem(variables, steps, assumptions));

    /// <summary>Loads the problem into a proof-logging solver and runs the earlier solves; returns the final status.</summary>
    internal static (CdclSolver Solver, SolveStatus Status) Solve(ProofProblem problem)
    {
        var solver = new CdclSolver();
        solver.StartProof();
        for (int v = 0; v < problem.Variables; v++)
            solver.NewVariable();
        foreach (var step in problem.Steps)
        {
            if (step.IsClause)
                solver.AddClause(step.Literals);
            else
                solver.AddAtLeast(step.Literals, step.Weights, step.AtLeast, step.Output);
        }
        foreach (var assumptions in problem.EarlierAssumptions)
            solver.Solve(assumptions, long.MaxValue, CancellationToken.None);
        return (solver, solver.Solve([], long.MaxValue, CancellationToken.None));
    }

    [Fact]
    public void Every_unsat_answer_comes_with_a_proof_that_checks()
    {
        int refuted = 0, withLemmas = 0, satisfiable = 0;
        Prop.ForAll(Problems, problem =>
        {
            var (solver, status) = Solve(problem);
            if (status == SolveStatus.Satisfiable)
            {
                satisfiable++;
                Assert.False(solver.ProofIsComplete, $"a satisfiable problem with a refutation in its proof: {problem}");
                return;
            }
            Assert.Equal(SolveStatus.Unsatisfiable, status);
            refuted++;
            Assert.True(solver.ProofIsComplete, $"UNSAT without the empty clause in the proof: {problem}");
            var proof = new UnsatProof(solver.Reference!.Build(solver.VariableCount), solver.Proof!);
            var result = proof.Check(ProofCheckBudget.Unlimited, CancellationToken.None);
            Assert.True(result.Outcome == ProofCheckOutcome.Verified, $"{result.Message} — for {problem}");
            if (result.LemmasChecked > 1)
                withLemmas++;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
        // Both answers must be common, and many refutations must need lemmas beyond the empty clause.
        Assert.InRange(refuted, 200, 1800);
        Assert.True(satisfiable >= 200, $"only {satisfiable} satisfiable problems");
        Assert.True(withLemmas >= 50, $"only {withLemmas} refutations needed lemmas");
    }

    [Fact]
    public void Refutations_that_need_search_have_proofs_that_check()
    {
        // Pigeonhole 6 into 5, once with clauses and once with cardinality constraints (both directions reified).
        foreach (bool cardinality in new[] { false, true })
        {
            var solver = new CdclSolver();
            solver.StartProof();
            int holes = 5, pigeons = 6;
            for (int i = 0; i < pigeons * holes; i++)
                solver.NewVariable();
            int yes = 2 * solver.NewVariable();
            solver.AddClause([yes]);
            for (int p = 0; p < pigeons; p++)
                solver.AddClause([.. Enumerable.Range(0, holes).Select(h => 2 * (p * holes + h))]);
            for (int h = 0; h < holes; h++)
            {
                var inHole = Enumerable.Range(0, pigeons).Select(p => 2 * (p * holes + h)).ToArray();
                if (cardinality)
                {
                    solver.AddAtLeast(inHole, 2, yes ^ 1);
                    continue;
                }
                for (int p = 0; p < pigeons; p++)
                    for (int q = p + 1; q < pigeons; q++)
                        solver.AddClause([inHole[p] ^ 1, inHole[q] ^ 1]);
            }
            Assert.Equal(SolveStatus.Unsatisfiable, solver.Solve([], long.MaxValue, CancellationToken.None));
            var result = RupChecker.Check(solver.Reference!.Build(solver.VariableCount), solver.Proof!, ProofCheckBudget.Unlimited, CancellationToken.None);
            Assert.True(result.Outcome == ProofCheckOutcome.Verified, result.Message);
            Assert.True(result.LemmasChecked > 20, $"only {result.LemmasChecked} lemmas");
        }
    }

    [Fact]
    public void A_dropped_lemma_or_a_removed_literal_is_rejected_where_a_naive_checker_rejects_it()
    {
        // Random problems: the checker and the naive oracle agree on every mutation (many of these references are
        // refuted by unit propagation at once, which makes every lemma RUP, so the counts below come from pigeonhole).
        Prop.ForAll(Problems, problem =>
        {
            var (solver, status) = Solve(problem);
            if (status == SolveStatus.Unsatisfiable)
                CompareMutations(solver, problem.ToString());
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));

        // Pigeonhole 5 into 4 by clauses: nothing propagates at the top, so the lemmas carry the proof.
        var pigeonhole = new CdclSolver();
        pigeonhole.StartProof();
        int holes = 4, pigeons = 5;
        for (int i = 0; i < pigeons * holes; i++)
            pigeonhole.NewVariable();
        for (int p = 0; p < pigeons; p++)
            pigeonhole.AddClause([.. Enumerable.Range(0, holes).Select(h => 2 * (p * holes + h))]);
        for (int h = 0; h < holes; h++)
            for (int p = 0; p < pigeons; p++)
                for (int q = p + 1; q < pigeons; q++)
                    pigeonhole.AddClause([2 * (p * holes + h) + 1, 2 * (q * holes + h) + 1]);
        Assert.Equal(SolveStatus.Unsatisfiable, pigeonhole.Solve([], long.MaxValue, CancellationToken.None));
        var (mutations, rejected, rejectedAtTheMutation) = CompareMutations(pigeonhole, "pigeonhole 5 into 4");
        Assert.True(rejected >= mutations / 4, $"{rejected} of {mutations} mutated proofs rejected");
        Assert.True(rejectedAtTheMutation >= 5, $"only {rejectedAtTheMutation} weakened lemmas rejected at their own index");
    }

    /// <summary>
    /// Drops each lemma of the solver's proof in turn, and removes the first literal of each in turn; the checker's
    /// verdict and failing lemma must be the naive oracle's. Deletions are left out: the oracle keeps every clause.
    /// </summary>
    private static (int Mutations, int Rejected, int RejectedAtTheMutation) CompareMutations(CdclSolver solver, string problem)
    {
        int mutations = 0, rejected = 0, rejectedAtTheMutation = 0;
        var reference = solver.Reference!.Build(solver.VariableCount);
        var formula = Enumerable.Range(0, reference.ClauseCount).Select(c => reference.ClauseCodes(c).ToArray()).ToList();
        var lemmas = solver.Proof!.Steps().Where(s => !s.Deleted).Select(s => s.Literals.ToArray()).ToList();
        int variables = Math.Max(reference.VariableCount, lemmas.SelectMany(l => l).DefaultIfEmpty(0).Max() / 2 + 1);
        for (int i = 0; i < lemmas.Count; i++)
        {
            var dropped = lemmas.Where((_, j) => j != i).ToList();
            var weakened = lemmas[i].Length == 0 ? null : lemmas.Select((l, j) => j == i ? l[1..] : l).ToList();
            foreach (var mutated in new[] { dropped, weakened })
            {
                if (mutated is null)
                    continue;
                mutations++;
                int? expected = NaiveUnitPropagation.FirstFailure(formula, variables, mutated);
                var proof = new DratProof();
                foreach (var lemma in mutated)
                    proof.AddLemma(lemma);
                var result = RupChecker.Check(reference, proof, ProofCheckBudget.Unlimited, CancellationToken.None);
                Assert.True(expected == result.FailedLemma, $"naive: {expected}, checker: {result.FailedLemma} ({result.Message}) — lemma {i + 1} mutated, {problem}");
                Assert.Equal(expected is null ? ProofCheckOutcome.Verified : ProofCheckOutcome.Rejected, result.Outcome);
                if (expected is null)
                    continue;
                rejected++;
                if (ReferenceEquals(mutated, weakened) && expected == i + 1)
                    rejectedAtTheMutation++;
            }
        }
        return (mutations, rejected, rejectedAtTheMutation);
    }
}
