using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Logic;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Encoding;

/// <summary>One reified cardinality constraint of a random problem.</summary>
internal sealed record RandomCardinality(Lit[] Literals, int AtLeast, Lit Output);

/// <summary>A small random problem: clauses, reified cardinality constraints, and two sets of assumptions.</summary>
internal sealed record RandomProblem(int Variables, Lit[][] Clauses, RandomCardinality[] Cardinality, Lit[] FirstAssumptions, Lit[] SecondAssumptions)
{
    /// <summary>Problems over 1..8 variables; literals repeat and clash freely, outputs may be inputs.</summary>
    public static Arbitrary<RandomProblem> Arbitrary { get; } = Arb.From(Generator());

    /// <summary>Loads the constraints into <paramref name="backend"/>.</summary>
    public void AddTo(ISatBackend backend)
    {
        for (int v = 0; v < Variables; v++)
            Assert.Equal(v, backend.NewVariable());
        foreach (var clause in Clauses)
            backend.AddClause(clause);
        foreach (var c in Cardinality)
            backend.AddReifiedAtLeast(c.Literals, c.AtLeast, c.Output);
    }

    /// <summary>Whether <paramref name="model"/> satisfies every constraint and <paramref name="assumptions"/>, checked independently of the backends.</summary>
    public bool IsModel(bool[] model, Lit[] assumptions)
    {
        if (model.Length != Variables)
            return false;
        foreach (var a in assumptions)
            if (!a.IsTrueUnder(model))
                return false;
        foreach (var clause in Clauses)
        {
            bool any = false;
            foreach (var lit in clause)
                any |= lit.IsTrueUnder(model);
            if (!any)
                return false;
        }
        foreach (var c in Cardinality)
        {
            int count = 0;
            foreach (var lit in c.Literals)
                count += lit.IsTrueUnder(model) ? 1 : 0;
            if (c.Output.IsTrueUnder(model) != (count >= c.AtLeast))
                return false;
        }
        return true;
    }

    public override string ToString() =>
        $"vars {Variables}; clauses [{string.Join(" ", Clauses.Select(c => "(" + string.Join(" ", c.Select(l => l.ToDimacs())) + ")"))}]; " +
        $"card [{string.Join(" ", Cardinality.Select(c => $"{c.Output.ToDimacs()}<=>({string.Join(" ", c.Literals.Select(l => l.ToDimacs()))})>={c.AtLeast}"))}]; " +
        $"assume1 [{string.Join(" ", FirstAssumptions.Select(l => l.ToDimacs()))}] assume2 [{string.Join(" ", SecondAssumptions.Select(l => l.ToDimacs()))}]";

    private static Gen<Lit> LitOver(int variables) =>
        from v in Gen.Choose(0, variables - 1)
        from positive in Gen.Elements(true, false)
        select Lit.Of(v, positive);

    private static Gen<T[]> ArrayOf<T>(Gen<T> item, int min, int max) =>
        from count in Gen.Choose(min, max)
        from items in Gen.ArrayOf(item, count)
        select items;

    private static Gen<RandomProblem> Generator() =>
        from variables in Gen.Choose(1, 8)
        from clauses in ArrayOf(ArrayOf(LitOver(variables), 1, 3), 0, 5)
        from cardinality in ArrayOf(
            from literals in ArrayOf(LitOver(variables), 0, 8)
            from atLeast in Gen.Choose(-1, literals.Length + 1)
            from output in LitOver(variables)
            select new RandomCardinality(literals, atLeast, output), 0, 4)
        from first in ArrayOf(LitOver(variables), 0, 3)
        from second in ArrayOf(LitOver(variables), 0, 3)
        select new RandomProblem(variables, clauses, cardinality, first, second);
}
