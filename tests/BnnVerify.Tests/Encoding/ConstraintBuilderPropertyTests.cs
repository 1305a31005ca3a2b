using BnnVerify.Encoding.Circuit;
using BnnVerify.Encoding.Logic;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Encoding;

/// <summary>
/// <see cref="ConstraintBuilder"/> folds constants and shares equal gates while it builds. Random formulas over
/// at most 8 inputs (and/or/xor/iff/not, cardinality and weighted sums with constants, repeated and complementary
/// operands) are built, and the circuit is evaluated gate by gate on every input assignment: each gate's clauses
/// must define its output uniquely, and the formula's bit must have the formula's value. Building a formula again
/// must return the same bit without adding anything.
/// </summary>
public class ConstraintBuilderPropertyTests
{
    /// <summary>A formula, evaluated directly (the reference) or built into a circuit.</summary>
    private abstract record Formula
    {
        public abstract bool Eval(bool[] inputs);

        public abstract Bit Build(ConstraintBuilder builder);
    }

    private sealed record InputLeaf(int Index) : Formula
    {
        public override bool Eval(bool[] inputs) => inputs[Index];

        public override Bit Build(ConstraintBuilder builder) => builder.Input(Index);

        public override string ToString() => "x" + Index;
    }

    private sealed record Constant(bool Value) : Formula
    {
        public override bool Eval(bool[] inputs) => Value;

        public override Bit Build(ConstraintBuilder builder) => Bit.Constant(Value);

        public override string ToString() => Value ? "true" : "false";
    }

    private sealed record Not(Formula Operand) : Formula
    {
        public override bool Eval(bool[] inputs) => !Operand.Eval(inputs);

        public override Bit Build(ConstraintBuilder builder) => !Operand.Build(builder);

        public override string ToString() => $"!{Operand}";
    }

    private sealed record Junction(bool Conjunction, Formula[] Operands) : Formula
    {
        public override bool Eval(bool[] inputs) => Conjunction ? Operands.All(o => o.Eval(inputs)) : Operands.Any(o => o.Eval(inputs));

        public override Bit Build(ConstraintBuilder builder)
        {
            var bits = Operands.Select(o => o.Build(builder)).ToList();
            return Conjunction ? builder.And(bits) : builder.Or(bits);
        }

        public override string ToString() => $"{(Conjunction ? "and" : "or")}({string.Join(", ", Operands.Select(o => o.ToString()))})";
    }

    private sealed record Parity(bool Equivalence, Formula Left, Formula Right) : Formula
    {
        public override bool Eval(bool[] inputs) => (Left.Eval(inputs) == Right.Eval(inputs)) == Equivalence;

        public override Bit Build(ConstraintBuilder builder) =>
            Equivalence ? builder.Iff(Left.Build(builder), Right.Build(builder)) : builder.Xor(Left.Build(builder), Right.Build(builder));

        public override string ToString() => $"{(Equivalence ? "iff" : "xor")}({Left}, {Right})";
    }

    private sealed record AtLeast(Formula[] Items, long Bound) : Formula
    {
        public override bool Eval(bool[] inputs) => Items.Count(i => i.Eval(inputs)) >= Bound;

        public override Bit Build(ConstraintBuilder builder) => builder.AtLeast(Items.Select(i => i.Build(builder)).ToList(), Bound);

        public override string ToString() => $"atleast{Bound}({string.Join(", ", Items.Select(i => i.ToString()))})";
    }

    private sealed record Weighted((long Coefficient, Formula Term)[] Terms, long Bound) : Formula
    {
        public override bool Eval(bool[] inputs) => Terms.Sum(t => t.Term.Eval(inputs) ? t.Coefficient : 0) >= Bound;

        public override Bit Build(ConstraintBuilder builder) => builder.Weighted(Terms.Select(t => (t.Coefficient, t.Term.Build(builder))).ToList(), Bound);

        public override string ToString() => $"sum({string.Join(" + ", Terms.Select(t => $"{t.Coefficient}*{t.Term}"))}) >= {Bound}";
    }

    private sealed record Case(int InputCount, Formula Formula)
    {
        public override string ToString() => $"{InputCount} inputs: {Formula}";
    }

    private static Gen<Formula> Formulas(int inputCount, int size)
    {
        var constant = Gen.Elements(true, false).Select(v => (Formula)new Constant(v));
        var leaf = inputCount == 0
            ? constant
            : Gen.Frequency(
                (6, Gen.Choose(0, inputCount - 1).Select(i => (Formula)new InputLeaf(i))),
                (2, Gen.Choose(0, inputCount - 1).Select(i => (Formula)new Not(new InputLeaf(i)))),
                (1, constant));
        if (size <= 0)
            return leaf;
        var smaller = Formulas(inputCount, size / 2);
        var operands = Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(smaller, n));
        return Gen.Frequency(
            (3, leaf),
            (1, smaller.Select(f => (Formula)new Not(f))),
            (2, from conjunction in Gen.Elements(true, false) from list in operands select (Formula)new Junction(conjunction, list)),
            (2, from equivalence in Gen.Elements(true, false) from left in smaller from right in smaller select (Formula)new Parity(equivalence, left, right)),
            (2, from items in Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(smaller, n))
                from bound in Gen.Choose(-1, items.Length + 1)
                select (Formula)new AtLeast(items, bound)),
            (2, from terms in Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(from c in Gen.Choose(-3, 3) from term in smaller select ((long)c, term), n))
                from bound in Gen.Choose(-6, 8)
                select (Formula)new Weighted(terms, bound)));
    }

    private static Gen<Case> Cases(int maxInputs) =>
        from inputCount in Gen.Choose(0, maxInputs)
        from size in Gen.Choose(0, 24)
        from formula in Formulas(inputCount, size)
        select new Case(inputCount, formula);

    [Fact]
    public void A_built_circuit_computes_its_formula_on_every_input()
    {
        Prop.ForAll(Arb.From(Cases(8)), c =>
        {
            var builder = new ConstraintBuilder(c.InputCount);
            var bit = c.Formula.Build(builder);
            var circuit = new CircuitEvaluator(builder);
            var inputs = new bool[c.InputCount];
            for (int m = 0; m < 1 << c.InputCount; m++)
            {
                for (int i = 0; i < inputs.Length; i++)
                    inputs[i] = ((m >> i) & 1) == 1;
                bool expected = c.Formula.Eval(inputs);
                Assert.True(expected == circuit.Value(bit, inputs), $"{c}: the circuit gives {!expected} on inputs {SolvingKey(inputs)}");
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(400));
    }

    [Fact]
    public void A_formula_without_inputs_folds_to_its_constant_without_any_gate()
    {
        Prop.ForAll(Arb.From(Cases(0)), c =>
        {
            var builder = new ConstraintBuilder(0);
            var bit = c.Formula.Build(builder);
            Assert.True(bit.IsConstant, $"{c}: built {bit}");
            Assert.Equal(c.Formula.Eval([]), bit.Value);
            Assert.Equal(0, builder.VariableCount);
            Assert.Empty(builder.Clauses);
            Assert.Empty(builder.CardinalityGates);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Building_a_formula_again_returns_the_same_bit_and_adds_nothing()
    {
        Prop.ForAll(Arb.From(Cases(8)), c =>
        {
            var builder = new ConstraintBuilder(c.InputCount);
            var first = c.Formula.Build(builder);
            var (variables, clauses, gates) = (builder.VariableCount, builder.Clauses.Count, builder.CardinalityGates.Count);
            var second = c.Formula.Build(builder);
            Assert.True(first == second, $"{c}: built {first}, then {second}");
            Assert.Equal((variables, clauses, gates), (builder.VariableCount, builder.Clauses.Count, builder.CardinalityGates.Count));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Equivalent_forms_of_one_gate_share_it()
    {
        var pairs =
            from inputCount in Gen.Choose(2, 8)
            from a in Formulas(inputCount, 6)
            from b in Formulas(inputCount, 6)
            from c in Formulas(inputCount, 6)
            select (InputCount: inputCount, A: a, B: b, C: c);
        Prop.ForAll(Arb.From(pairs), p =>
        {
            var builder = new ConstraintBuilder(p.InputCount);
            Bit a = p.A.Build(builder), b = p.B.Build(builder), c = p.C.Build(builder);
            string where = $"a = {p.A}, b = {p.B}, c = {p.C}";
            // De Morgan: an "or" is built as the negated "and" of the negations.
            Assert.True(builder.Or(a, b) == !builder.And(!a, !b), where);
            Assert.True(builder.And([a, b, c]) == builder.And([c, a, b]), where);
            Assert.True(builder.Xor(a, b) == builder.Xor(!b, !a), where);
            Assert.True(builder.Iff(a, b) == !builder.Xor(b, a), where);
            Assert.True(builder.AtLeast([a, b, c, a], 2) == builder.AtLeast([c, a, a, b], 2), where);
            Assert.True(builder.Weighted([(2, a), (-2, b), (4, c)], 2) == builder.Weighted([(1, a), (-1, b), (2, c)], 1), where);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static string SolvingKey(bool[] inputs) => string.Concat(inputs.Select(b => b ? '1' : '0'));

    /// <summary>
    /// Evaluates a builder's circuit on inputs: gate outputs in the order they were made, a cardinality gate by
    /// counting, any other gate by the one value of its output that satisfies the clauses it was defined by (the
    /// clauses whose highest variable it is). Fails when a gate's clauses allow no value or both.
    /// </summary>
    private sealed class CircuitEvaluator
    {
        private readonly ConstraintBuilder _builder;
        private readonly Dictionary<int, CardinalityGate> _cardinality;
        private readonly List<int[]>[] _definingClauses;

        public CircuitEvaluator(ConstraintBuilder builder)
        {
            _builder = builder;
            _cardinality = builder.CardinalityGates.ToDictionary(g => g.Output.Variable);
            _definingClauses = [.. Enumerable.Range(0, builder.VariableCount).Select(_ => new List<int[]>())];
            foreach (var clause in builder.Clauses)
                _definingClauses[clause.Max(code => code >> 1)].Add(clause);
            // A clause over inputs alone would constrain the inputs instead of defining a gate.
            for (int v = 0; v < builder.InputCount; v++)
                Assert.Empty(_definingClauses[v]);
        }

        public bool Value(Bit bit, bool[] inputs)
        {
            if (bit.IsConstant)
                return bit.Value;
            var assignment = new bool[_builder.VariableCount];
            inputs.CopyTo(assignment, 0);
            for (int v = inputs.Length; v < assignment.Length; v++)
            {
                if (_cardinality.TryGetValue(v, out var gate))
                {
                    int count = 0;
                    foreach (var literal in gate.Literals)
                        count += literal.IsTrueUnder(assignment) ? 1 : 0;
                    Assert.True(gate.Output.IsNegative == false, $"gate x{v}: a cardinality output is a positive literal");
                    Assert.True(_definingClauses[v].Count == 0, $"gate x{v}: a cardinality gate has no clauses of its own");
                    assignment[v] = count >= gate.AtLeast;
                    continue;
                }
                assignment[v] = false;
                bool falseFits = Satisfied(_definingClauses[v], assignment);
                assignment[v] = true;
                bool trueFits = Satisfied(_definingClauses[v], assignment);
                Assert.True(falseFits != trueFits, $"gate x{v}: its clauses allow {(falseFits ? "both values" : "no value")}");
                assignment[v] = trueFits;
            }
            return bit.Literal.IsTrueUnder(assignment);
        }

        private static bool Satisfied(List<int[]> clauses, bool[] assignment)
        {
            foreach (var clause in clauses)
            {
                if (!clause.Any(code => Lit.FromCode(code).IsTrueUnder(assignment)))
                    return false;
            }
            return true;
        }
    }
}
