using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;

namespace BnnVerify.Tests.Contracts;

/// <summary>
/// Documented meanings that the random differential test does not reach because its models name inputs
/// x0..x12: two-dimensional families, names with separators, ambiguous families, the lexical scope of
/// predicates, tuple constants, and grids read by row and column.
/// </summary>
public sealed class SemanticsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bnnverify-semantics-" + Guid.NewGuid().ToString("N"));

    public SemanticsTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A bit-output model with the given input names; output o_i copies input i.</summary>
    private static BnnModel Model(params string[] inputs)
    {
        int n = inputs.Length;
        var weights = new int[n * n];
        for (int i = 0; i < n; i++)
            weights[(i * n) + i] = 1;
        var layer = DenseLayer.Sign(n, WeightPrecision.Binary, [.. weights], [.. Enumerable.Repeat(new NeuronThreshold(ThresholdDirection.AtLeast, 1), n)]);
        return new BnnModel("names", [.. inputs], [layer], new BitsOutput([.. Enumerable.Range(0, n).Select(i => $"o_{i}")]));
    }

    private SpecLoadResult Load(BnnModel model, string text)
    {
        string path = Path.Combine(_folder, "spec.contract");
        File.WriteAllText(path, text);
        return SpecLoader.Load(path, model);
    }

    private ElaboratedContract Single(BnnModel model, string text)
    {
        var result = Load(model, text);
        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
        return Assert.Single(result.Spec!.Contracts);
    }

    private static int InputOf(Formula formula) => Assert.IsType<InputFormula>(formula).Index;

    [Theory]
    [InlineData("px_1_2")]
    [InlineData("px1_2")]
    public void A_two_dimensional_family_member_is_read_by_row_and_column(string name)
    {
        string separator = name.StartsWith("px_", StringComparison.Ordinal) ? "_" : "";
        var inputs = Enumerable.Range(0, 2).SelectMany(r => Enumerable.Range(0, 3).Select(c => $"px{separator}{r}_{c}")).ToArray();
        var model = Model(inputs);
        var contract = Single(model, "contract c { ensures px[1][2] }");
        Assert.Equal(Array.IndexOf(inputs, name), InputOf(contract.Ensures[0].Formula));
        // Each row is a slice of the family: px[1][0..2] is px?1_0, px?1_1, px?1_2.
        contract = Single(model, "contract c { ensures count(px[1][0..2]) == 3 }");
        var sum = Assert.IsType<ComparisonFormula>(contract.Ensures[0].Formula).Sum;
        Assert.Equal([3, 4, 5], sum.Terms.Select(t => InputOf(t.Indicator!)));
    }

    [Fact]
    public void Part_of_a_two_dimensional_family_needs_another_index()
    {
        var model = Model("px_0_0", "px_0_1", "px_1_0", "px_1_1");
        var error = Assert.Single(Load(model, "contract c { ensures px[1] }").Diagnostics);
        Assert.Equal(ContractDiagnosticIds.TypeError, error.Id);
        Assert.Contains("part of the family 'px' (it needs another index)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_family_member_may_be_written_with_an_underscore()
    {
        var model = Model("legs_2", "legs_4", "milk");
        var contract = Single(model, "contract c { ensures legs[4] && !milk }");
        var and = Assert.IsType<JunctionFormula>(contract.Ensures[0].Formula);
        Assert.Equal(1, InputOf(and.Operands[0]));
    }

    [Fact]
    public void A_member_that_exists_in_both_spellings_is_ambiguous()
    {
        var model = Model("a4", "a_4");
        var error = Assert.Single(Load(model, "contract c {\n  ensures a[4]\n}").Diagnostics);
        Assert.Equal(ContractDiagnosticIds.UnknownName, error.Id);
        Assert.Equal((2, 12), (error.Location.Line, error.Location.Column));
        Assert.Contains("a[4] is ambiguous: both 'a4' and 'a_4' exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_predicate_sees_its_parameters_and_global_names_but_not_the_callers_variables()
    {
        var model = Model("a0", "a1", "a2");
        const string text = "pred uses_i = a[i]\ncontract c {\n  ensures forall i in 0..2: uses_i\n}";
        var error = Assert.Single(Load(model, text).Diagnostics.Where(d => d.IsError));
        Assert.Equal(ContractDiagnosticIds.UnknownName, error.Id);
        Assert.Equal((1, 17), (error.Location.Line, error.Location.Column));
        Assert.Contains("unknown name 'i'", error.Message, StringComparison.Ordinal);
        // Passed as an argument, the value is visible.
        Single(model, "pred at(i) = a[i]\ncontract c {\n  ensures forall i in 0..2: at(i)\n}");
    }

    [Fact]
    public void Constants_hold_tuples_ranges_lists_and_expressions()
    {
        var model = Model("a0", "a1", "a2", "a3");
        var contract = Single(model, """
            const PAIR = (1, 3)
            const R = 0..2
            const L = [2, 0]
            const BOTH = a[PAIR[0]] && a[PAIR[1]]
            contract c {
              requires BOTH
              ensures forall i in R: i in L ==> a[i]
            }
            """);
        // BOTH is a1 && a3; the ensures is a2 && a0 (i in L is constant: true for 0 and 2).
        Assert.Equal([1, 3], Assert.IsType<JunctionFormula>(contract.Requires[0].Formula).Operands.Select(InputOf));
        Assert.Equal([0, 2], Assert.IsType<JunctionFormula>(contract.Ensures[0].Formula).Operands.Select(InputOf).Order());
    }

    [Fact]
    public void A_grid_reads_a_two_dimensional_family_by_row_and_column()
    {
        var inputs = Enumerable.Range(0, 2).SelectMany(r => Enumerable.Range(0, 3).Select(c => $"px_{r}_{c}")).Reverse().ToArray();
        var result = Load(Model(inputs), "render grid(2, 3) { px: \"#\" }\ncontract c { ensures px[0][0] }");
        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
        var layer = Assert.Single(result.Spec!.Render!.Layers);
        Assert.Equal(Enumerable.Range(0, 6).Select(cell => Array.IndexOf(inputs, $"px_{cell / 3}_{cell % 3}")), layer.InputByCell);
    }

    [Fact]
    public void The_winning_class_follows_the_tie_rule_of_the_model()
    {
        // Both classes score 0 on every input: lowest-index makes c0 win, highest-index c1.
        foreach (var (tieBreak, winner) in new[] { (TieBreak.LowestIndex, 0), (TieBreak.HighestIndex, 1) })
        {
            var layer = DenseLayer.Scores(1, WeightPrecision.Binary, [0, 0], [0, 0]);
            var model = new BnnModel("tie", ["x"], [layer], new ArgmaxOutput(["c0", "c1"], tieBreak));
            var contract = Single(model, $"contract c {{ ensures class == c{winner} && score(c0) == score(c1) }}");
            var checker = new BnnVerify.Verifier.Checking.ExhaustiveChecker(BnnVerify.Bnn.Engine.PackedNetwork.Compile(model),
                new BnnVerify.Verifier.Checking.ExhaustiveOptions(10, 1));
            Assert.Equal(BnnVerify.Verifier.Checking.Verdict.Holds, checker.Check(contract, null, CancellationToken.None).Verdict);
        }
    }
}
