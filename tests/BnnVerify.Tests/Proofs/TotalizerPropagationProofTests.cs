using BnnVerify.Encoding.Proofs;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Proofs;

/// <summary>
/// What the proofs rely on in the reference formula's totalizers, against brute force: with unit weights, unit
/// propagation derives every literal that a partial assignment of the inputs and the output implies (what the native
/// propagator derives, since it propagates a single constraint completely); with weights (repeated literals) it still
/// finds every inconsistency, which is what makes each explanation clause a RUP lemma.
/// </summary>
public class TotalizerPropagationProofTests
{
    /// <summary>A constraint y ⇔ Σ literals ≥ k over variables 0..n−1 (y is variable n), and a partial assignment (literal codes).</summary>
    public sealed record Case(int Inputs, int[] Literals, int AtLeast, int[] Assigned)
    {
        /// <inheritdoc/>
        public override string ToString() =>
            $"y <=> {string.Join(" + ", Literals.Select(ProofStep.Dimacs))} >= {AtLeast}, given {string.Join(" ", Assigned.Select(ProofStep.Dimacs))}";
    }

    private static Gen<int[]> Assignment(int variables) =>
        from values in Gen.ArrayOf(Gen.Choose(0, 2), variables)
        select values.Select((v, i) => v == 0 ? -1 : 2 * i + (v - 1)).Where(l => l >= 0).ToArray();

    // Distinct variables with random signs, sometimes with one complementary pair (which cancels to a constant 1).
    private static Arbitrary<Case> UnitWeightCases { get; } = Arb.From(
        from inputs in Gen.Choose(1, 7)
        from signs in Gen.ArrayOf(Gen.Elements(0, 1), inputs)
        from pair in Gen.Elements(false, false, true)
        let literals = signs.Select((s, i) => 2 * i + s).Concat(pair ? [signs[0] ^ 1] : []).ToArray()
        from atLeast in Gen.Choose(-1, literals.Length + 1)
        from assigned in Assignment(inputs + 1)
        select new Case(inputs, literals, atLeast, assigned));

    // Any literals over the inputs, repeated at will: weights.
    private static Arbitrary<Case> RepeatedCases { get; } = Arb.From(
        from inputs in Gen.Choose(1, 5)
        from count in Gen.Choose(0, 9)
        from literals in Gen.ArrayOf(from v in Gen.Choose(0, inputs - 1) from s in Gen.Elements(0, 1) select 2 * v + s, count)
        from atLeast in Gen.Choose(-1, count + 1)
        from assigned in Assignment(inputs + 1)
        select new Case(inputs, literals, atLeast, assigned));

    private static (List<int[]> Clauses, int Variables) Totalizer(Case c)
    {
        var reference = new ReferenceFormula();
        reference.AddAtLeast(c.Literals, [.. c.Literals.Select(_ => 1)], c.AtLeast, 2 * c.Inputs);
        var cnf = reference.Build(c.Inputs + 1);
        return ([.. Enumerable.Range(0, cnf.ClauseCount).Select(i => cnf.ClauseCodes(i).ToArray())], cnf.VariableCount);
    }

    // The complete assignments of inputs and y that extend the partial one and satisfy the constraint.
    private static List<bool[]> Models(Case c)
    {
        var models = new List<bool[]>();
        int variables = c.Inputs + 1;
        for (int bits = 0; bits < 1 << variables; bits++)
        {
            var x = Enumerable.Range(0, variables).Select(v => (bits >> v & 1) != 0).ToArray();
            bool True(int l) => x[l >> 1] != ((l & 1) != 0);
            if (!c.Assigned.All(True))
                continue;
            if (x[c.Inputs] == (c.Literals.Count(True) >= c.AtLeast))
                models.Add(x);
        }
        return models;
    }

    [Fact]
    public void With_unit_weights_unit_propagation_derives_every_implied_literal()
    {
        int derivations = 0;
        Prop.ForAll(UnitWeightCases, c =>
        {
            var (clauses, variables) = Totalizer(c);
            var models = Models(c);
            var values = NaiveUnitPropagation.Propagate(clauses, variables, c.Assigned);
            if (models.Count == 0)
            {
                Assert.True(values is null, $"no conflict although inconsistent: {c}");
                return;
            }
            Assert.True(values is not null, $"a conflict although consistent: {c}");
            for (int v = 0; v <= c.Inputs; v++)
            {
                bool alwaysTrue = models.All(m => m[v]), alwaysFalse = models.All(m => !m[v]);
                if (alwaysTrue)
                    Assert.True(values![2 * v] > 0, $"variable {v + 1} is implied true but not derived: {c}");
                if (alwaysFalse)
                    Assert.True(values![2 * v + 1] > 0, $"variable {v + 1} is implied false but not derived: {c}");
                if ((alwaysTrue || alwaysFalse) && !c.Assigned.Contains(2 * v) && !c.Assigned.Contains(2 * v + 1))
                    derivations++;
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
        Assert.True(derivations > 1000, $"only {derivations} derivations were needed");
    }

    [Fact]
    public void With_repeated_literals_unit_propagation_finds_every_inconsistency()
    {
        int inconsistent = 0;
        Prop.ForAll(RepeatedCases, c =>
        {
            var (clauses, variables) = Totalizer(c);
            bool consistent = Models(c).Count > 0;
            bool conflict = NaiveUnitPropagation.Propagate(clauses, variables, c.Assigned) is null;
            Assert.True(conflict == !consistent, $"{(conflict ? "a conflict although consistent" : "no conflict although inconsistent")}: {c}");
            if (!consistent)
                inconsistent++;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
        Assert.True(inconsistent > 300, $"only {inconsistent} inconsistent cases");
    }

    [Fact]
    public void With_weights_unit_propagation_is_not_complete_which_is_why_explanations_are_lemmas()
    {
        // y ⇔ (Σ of x, x, a, b, c ≥ k), in every order of the five leaves, under every assignment of y and of one of
        // a, b, c: somewhere a literal is implied (x when both its leaves are needed) that unit propagation misses,
        // because the totalizer counts the two leaves of x apart; its explanation is still a RUP lemma.
        int[] leaves = [0, 0, 2, 4, 6];
        int missed = 0;
        foreach (var order in Permutations(leaves).Select(o => string.Join(",", o)).Distinct().Select(o => o.Split(',').Select(int.Parse).ToArray()))
        {
            for (int k = 2; k <= 4; k++)
            {
                foreach (int y in new[] { 8, 9 })
                {
                    foreach (int other in new[] { 2, 3, 4, 5, 6, 7 })
                    {
                        var c = new Case(4, order, k, [y, other]);
                        var (clauses, variables) = Totalizer(c);
                        var models = Models(c);
                        var values = NaiveUnitPropagation.Propagate(clauses, variables, c.Assigned);
                        if (models.Count == 0 || values is null)
                            continue;
                        for (int v = 0; v < 4; v++)
                        {
                            foreach (int literal in new[] { 2 * v, 2 * v + 1 })
                            {
                                bool implied = models.All(m => m[v] == ((literal & 1) == 0));
                                if (!implied || values[literal] > 0)
                                    continue;
                                missed++;
                                Assert.True(NaiveUnitPropagation.IsRup(clauses, variables, [literal, y ^ 1, other ^ 1]), $"explanation of {literal} not RUP: {c}");
                            }
                        }
                    }
                }
            }
        }
        Assert.True(missed > 0, "unit propagation on the weighted totalizer derived every implied literal; the proof logging of weighted explanations could go");
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }
        for (int i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest))
                yield return [items[i], .. tail];
        }
    }
}
