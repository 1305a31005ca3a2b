using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Encoding;

public class ReifiedCardinalityTests
{
    private static readonly CardinalityEncoding[] AllEncodings = Enum.GetValues<CardinalityEncoding>();

    /// <summary>Literal lists over variables 0..vars-1; a negative number i means the negation of variable -i-1.</summary>
    private static readonly int[][] SpecialLiteralSets =
    [
        [0, 0, 1],                 // repeated literal
        [0, -1, 1, 2],             // x0 and ¬x0 cancel
        [0, -1, 0, -2, 1, 1],      // both: cancellation with leftovers, repetition
        [0, 0, 0, -2, 2, -3],      // triple repeat plus a cancelling pair
        [-1, -2, -3, -4, -5],      // all negative
        [0, 0, 0, 0],              // one variable only
        [0, -1, 1, -2],            // everything cancels
    ];

    public static TheoryData<CardinalityEncoding, int> EncodingsAndSizes()
    {
        var data = new TheoryData<CardinalityEncoding, int>();
        // 9 and 12 inputs make the sorting network merge blocks of 4 and more, where a miswired comparator shows;
        // up to 7, every merge has one comparator pair and 2·i = 2/i.
        foreach (var encoding in AllEncodings)
            foreach (int n in new[] { 0, 1, 2, 3, 4, 5, 6, 7, 9, 12 })
                data.Add(encoding, n);
        return data;
    }

    public static TheoryData<CardinalityEncoding, int> EncodingsAndSpecialSets()
    {
        var data = new TheoryData<CardinalityEncoding, int>();
        foreach (var encoding in AllEncodings)
            for (int s = 0; s < SpecialLiteralSets.Length; s++)
                data.Add(encoding, s);
        return data;
    }

    [Theory]
    [MemberData(nameof(EncodingsAndSizes))]
    public void Distinct_positive_literals_agree_with_counting_for_every_threshold(CardinalityEncoding encoding, int n)
    {
        var literals = new Lit[n];
        for (int i = 0; i < n; i++)
            literals[i] = Lit.Positive(i);
        for (int k = -1; k <= n + 1; k++)
            AssertExact(encoding, n, literals, k, outputVariable: null);
    }

    [Theory]
    [MemberData(nameof(EncodingsAndSpecialSets))]
    public void Repeated_and_complementary_literals_agree_with_counting(CardinalityEncoding encoding, int set)
    {
        var literals = ToLits(SpecialLiteralSets[set], out int variables);
        for (int k = -1; k <= literals.Length + 1; k++)
            AssertExact(encoding, variables, literals, k, outputVariable: null);
    }

    [Theory]
    [MemberData(nameof(EncodingsAndSpecialSets))]
    public void The_output_may_be_one_of_the_inputs(CardinalityEncoding encoding, int set)
    {
        var literals = ToLits(SpecialLiteralSets[set], out int variables);
        for (int k = -1; k <= literals.Length + 1; k++)
        {
            AssertExact(encoding, variables, literals, k, outputVariable: 0);
            AssertExact(encoding, variables, literals, k, outputVariable: variables - 1);
        }
    }

    [Fact]
    public void Random_small_constraints_agree_with_counting()
    {
        var gen =
            from variables in Gen.Choose(1, 6)
            from length in Gen.Choose(0, 10)
            from raw in Gen.ArrayOf(Gen.Choose(-variables, variables - 1), length)
            from k in Gen.Choose(-2, length + 2)
            from encoding in Gen.Elements(AllEncodings)
            from outputIsInput in Gen.Elements(false, true)
            select (variables, raw, k, encoding, outputIsInput);
        Prop.ForAll(Arb.From(gen), c =>
        {
            var literals = ToLits(c.raw, out _);
            AssertExact(c.encoding, c.variables, literals, c.k, c.outputIsInput ? 0 : null);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Encodings_are_lean_for_n100_k50()
    {
        // Guards the sizes documented in docs/encodings.md; a regression that doubles an encoding fails here.
        var sizes = new Dictionary<CardinalityEncoding, (int Vars, int Clauses)>();
        foreach (var encoding in AllEncodings)
        {
            var formula = new CnfFormula();
            formula.EnsureVariables(101);
            var literals = new Lit[100];
            for (int i = 0; i < 100; i++)
                literals[i] = Lit.Positive(i);
            ReifiedCardinality.Encode(formula, literals, 50, Lit.Positive(100), encoding);
            sizes[encoding] = (formula.VariableCount - 101, formula.ClauseCount);
        }
        // Sinz's counter with both-sided pruning: k(n−k+1) registers, one of them the output.
        Assert.Equal((50 * 51 - 1, 50 * 50 + (3 * 50 - 1) * 51), sizes[CardinalityEncoding.SequentialCounter]);
        Assert.InRange(sizes[CardinalityEncoding.Totalizer].Vars, 1, 700);
        Assert.InRange(sizes[CardinalityEncoding.SortingNetwork].Clauses, 1, sizes[CardinalityEncoding.SequentialCounter].Clauses);
    }

    [Fact]
    public void Smallest_makes_no_more_clauses_than_any_concrete_encoding()
    {
        var concrete = AllEncodings.Where(e => e != CardinalityEncoding.Smallest).ToArray();
        foreach (int n in new[] { 3, 8, 17, 64, 100, 254 })
        {
            for (int k = 2; k <= (n + 1) / 2; k += Math.Max(1, n / 10))
            {
                var clauses = AllEncodings.ToDictionary(e => e, e => Size(e, n, k).Clauses);
                Assert.Equal(concrete.Min(e => clauses[e]), clauses[CardinalityEncoding.Smallest]);
            }
        }
        // docs/encodings.md: the totalizer for small thresholds, the cardinality network for a neuron-like k = n/2.
        Assert.Equal(Size(CardinalityEncoding.Totalizer, 16, 3), Size(CardinalityEncoding.Smallest, 16, 3));
        Assert.Equal(Size(CardinalityEncoding.SortingNetwork, 254, 127), Size(CardinalityEncoding.Smallest, 254, 127));
    }

    private static (int Vars, int Clauses) Size(CardinalityEncoding encoding, int n, int k)
    {
        var formula = new CnfFormula();
        formula.EnsureVariables(n + 1);
        var literals = new Lit[n];
        for (int i = 0; i < n; i++)
            literals[i] = Lit.Positive(i);
        ReifiedCardinality.Encode(formula, literals, k, Lit.Positive(n), encoding);
        return (formula.VariableCount - n - 1, formula.ClauseCount);
    }

    [Fact]
    public void A_literal_and_its_negation_cancel_out_and_lower_the_threshold_by_one_pair_each()
    {
        // Counting alone cannot see this (the encodings count x and ¬x right either way), only the literals left.
        Lit x = Lit.Positive(0), y = Lit.Positive(1), z = Lit.Positive(2);
        int atLeast = 3;
        Assert.Equal([y, x], ReifiedCardinality.CancelComplementaryPairs([x, !x, y, x], ref atLeast));
        Assert.Equal(2, atLeast);
        atLeast = 4;
        Assert.Equal([y], ReifiedCardinality.CancelComplementaryPairs([!x, x, x, y, !x], ref atLeast));
        Assert.Equal(2, atLeast);
        atLeast = 2;
        Assert.Equal([z, y], ReifiedCardinality.CancelComplementaryPairs([!y, z, y, x, !x, y], ref atLeast));
        Assert.Equal(0, atLeast);
        atLeast = 2;
        Assert.Equal([x, y, x, !z], ReifiedCardinality.CancelComplementaryPairs([x, y, x, !z], ref atLeast));
        Assert.Equal(2, atLeast);
    }

    [Fact]
    public void An_unknown_encoding_is_rejected()
    {
        var formula = new CnfFormula();
        formula.EnsureVariables(3);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ReifiedCardinality.Encode(formula, [Lit.Positive(0), Lit.Positive(1)], 1, Lit.Positive(2), (CardinalityEncoding)99));
    }

    private static Lit[] ToLits(int[] raw, out int variables)
    {
        variables = 1;
        var result = new Lit[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            result[i] = raw[i] >= 0 ? Lit.Positive(raw[i]) : Lit.Negative(-raw[i] - 1);
            variables = Math.Max(variables, result[i].Variable + 1);
        }
        return result;
    }

    /// <summary>
    /// For every assignment of the problem variables (inputs and output), the encoded formula must be
    /// satisfiable exactly when output == (count ≥ k). When <paramref name="outputVariable"/> is null the
    /// output is a fresh variable after the inputs.
    /// </summary>
    private static void AssertExact(CardinalityEncoding encoding, int variables, Lit[] literals, int k, int? outputVariable)
    {
        var formula = new CnfFormula();
        int problemVariables = outputVariable is null ? variables + 1 : variables;
        formula.EnsureVariables(problemVariables);
        var output = Lit.Positive(outputVariable ?? variables);
        ReifiedCardinality.Encode(formula, literals, k, output, encoding);

        var assumptions = new Lit[problemVariables];
        var assignment = new bool[problemVariables];
        for (long bits = 0; bits < 1L << problemVariables; bits++)
        {
            for (int v = 0; v < problemVariables; v++)
            {
                assignment[v] = ((bits >> v) & 1) != 0;
                assumptions[v] = Lit.Of(v, assignment[v]);
            }
            int count = 0;
            foreach (var lit in literals)
                if (lit.IsTrueUnder(assignment))
                    count++;
            bool expected = output.IsTrueUnder(assignment) == (count >= k);
            bool actual = TinyDpll.IsSatisfiable(formula, assumptions);
            Assert.True(expected == actual,
                $"{encoding}, literals [{string.Join(", ", literals)}], k={k}, output {output}, assignment {Convert.ToString(bits, 2)}: " +
                $"count {count}, expected {(expected ? "SAT" : "UNSAT")}, got {(actual ? "SAT" : "UNSAT")}");
        }
    }
}
