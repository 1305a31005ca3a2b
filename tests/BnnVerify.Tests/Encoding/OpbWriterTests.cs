using System.Globalization;
using BnnVerify.Encoding.Export;
using BnnVerify.Encoding.Logic;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Encoding;

/// <summary>
/// The OPB writer the clasp backend and <c>export --format opb</c> share: on random problems (repeated and clashing
/// literals, thresholds ≤ 0 and above n, outputs among the counted literals), the written constraints, read back by
/// an independent evaluator here, hold under exactly the assignments that satisfy the problem and its assumptions.
/// </summary>
public class OpbWriterTests
{
    [Fact]
    public void The_written_constraints_have_exactly_the_models_of_the_problem()
    {
        int checkedAssignments = 0;
        Prop.ForAll(RandomProblem.Arbitrary, problem =>
        {
            var opb = new OpbWriter();
            foreach (var clause in problem.Clauses)
                opb.AddClause(clause);
            foreach (var c in problem.Cardinality)
                opb.AddReifiedAtLeast(c.Literals, c.AtLeast, c.Output);
            foreach (var a in problem.FirstAssumptions)
                opb.AddUnit(a);
            var text = new StringWriter();
            opb.Write(text, problem.Variables, ["a comment"]);
            var (variables, constraints) = Read(text.ToString());
            Assert.True(variables >= problem.Variables, $"header declares {variables} variables for {problem.Variables}");
            var model = new bool[problem.Variables];
            for (int bits = 0; bits < 1 << problem.Variables; bits++)
            {
                for (int v = 0; v < model.Length; v++)
                    model[v] = (bits >> v & 1) == 1;
                bool expected = problem.IsModel(model, problem.FirstAssumptions);
                bool actual = constraints.All(c => c.HoldsUnder(model));
                Assert.True(expected == actual, $"assignment {bits}: problem {expected}, OPB {actual}, on {problem}\n{text}");
                checkedAssignments++;
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
        Assert.True(checkedAssignments > 500);
    }

    [Fact]
    public void Repeated_literals_become_one_weight_and_complementary_ones_cancel()
    {
        var opb = new OpbWriter();
        // y=x3 ⇔ (x1 + x1 + x2 + ¬x2 ≥ 3), i.e. 2·x1 + 1 ≥ 3.
        opb.AddReifiedAtLeast([Lit.Positive(0), Lit.Positive(0), Lit.Positive(1), Lit.Negative(1)], 3, Lit.Positive(2));
        opb.AddClause([Lit.Positive(0), Lit.Negative(0)]);
        var text = new StringWriter();
        opb.Write(text, 3, []);
        // The tautology x1 ∨ ¬x1 is dropped; x2 cancels out of both halves of the equivalence.
        Assert.Equal("* #variable= 3 #constraint= 2\n+2 x1 -3 x3 >= -1 ;\n-2 x1 +2 x3 >= -1 ;\n", text.ToString());
    }

    [Fact]
    public void An_empty_clause_is_written_as_a_contradiction_even_without_variables()
    {
        var opb = new OpbWriter();
        opb.AddClause([]);
        var text = new StringWriter();
        opb.Write(text, 0, []);
        Assert.True(opb.IsUnsatisfiable);
        Assert.Equal("* #variable= 1 #constraint= 2\n+1 x1 >= 1 ;\n-1 x1 >= 0 ;\n", text.ToString());
    }

    private sealed record Linear((long Coefficient, int Variable)[] Terms, long AtLeast)
    {
        public bool HoldsUnder(bool[] model) => Terms.Sum(t => model[t.Variable] ? t.Coefficient : 0) >= AtLeast;
    }

    /// <summary>Reads the header and the constraints <c>+c xN … &gt;= k ;</c>, failing on anything else.</summary>
    private static (int Variables, List<Linear> Constraints) Read(string opb)
    {
        var lines = opb.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(' ');
        Assert.Equal("*", header[0]);
        Assert.Equal("#variable=", header[1]);
        Assert.Equal("#constraint=", header[3]);
        int variables = int.Parse(header[2], CultureInfo.InvariantCulture);
        var constraints = new List<Linear>();
        foreach (var line in lines.Skip(1).Where(l => !l.StartsWith('*')))
        {
            var tokens = line.Split(' ');
            Assert.True(tokens.Length >= 5 && tokens[^3] == ">=" && tokens[^1] == ";" && tokens.Length % 2 == 1, $"malformed constraint '{line}'");
            var terms = new List<(long, int)>();
            for (int i = 0; i + 3 < tokens.Length; i += 2)
            {
                Assert.StartsWith("x", tokens[i + 1], StringComparison.Ordinal);
                int variable = int.Parse(tokens[i + 1][1..], CultureInfo.InvariantCulture) - 1;
                Assert.InRange(variable, 0, variables - 1);
                Assert.DoesNotContain(terms, t => t.Item2 == variable);
                terms.Add((long.Parse(tokens[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), variable));
            }
            constraints.Add(new Linear([.. terms], long.Parse(tokens[^2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)));
        }
        Assert.Equal(int.Parse(header[4], CultureInfo.InvariantCulture), constraints.Count);
        return (variables, constraints);
    }
}
