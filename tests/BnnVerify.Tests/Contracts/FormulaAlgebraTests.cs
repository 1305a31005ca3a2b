using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Tests.Contracts;

/// <summary>
/// The formula algebra the elaborator builds on, where the contract tests did not reach it (surviving and uncovered
/// mutants of Formulas.cs and Formula.cs, docs/quality.md): folding drops zero coefficients, a conjunction or disjunction of
/// two formulas is what it says, and a bit-output model's outputs reach the formulas that read them.
/// </summary>
public sealed class FormulaAlgebraTests
{
    [Fact]
    public void Folding_drops_a_zero_coefficient_and_moves_constant_indicators_into_the_constant()
    {
        var sum = new LinearSum([new LinearTerm(0, Formulas.Input(0), -1), new LinearTerm(3, Formulas.True, -1), new LinearTerm(2, Formulas.False, -1)], 5);
        var folded = Formulas.Fold(sum);
        Assert.True(folded.IsConstant);
        Assert.Equal(8, folded.Constant);

        var kept = Formulas.Fold(new LinearSum([new LinearTerm(0, Formulas.Input(0), -1), new LinearTerm(-1, Formulas.Input(1), -1)], 0));
        var term = Assert.Single(kept.Terms);
        Assert.Equal(-1, term.Coefficient);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Two_formulas_joined_by_and_or_or_evaluate_by_the_truth_tables(bool x0, bool x1)
    {
        var assignment = new Assignment(2, 1);
        PackedBits.Set(assignment.InputBits, 0, x0);
        PackedBits.Set(assignment.InputBits, 1, x1);
        Assert.Equal(x0 && x1, Formulas.And(Formulas.Input(0), Formulas.Input(1)).Evaluate(assignment));
        Assert.Equal(x0 || x1, Formulas.Or(Formulas.Input(0), Formulas.Input(1)).Evaluate(assignment));
        Assert.Same(Formulas.False, Formulas.And(Formulas.Input(0), Formulas.False));
        Assert.IsType<InputFormula>(Formulas.And(Formulas.True, Formulas.Input(1)));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void A_bit_output_models_outputs_reach_the_formulas_that_read_them(bool x0, bool x1)
    {
        var network = PackedNetwork.Compile(ModelReader.ReadFile("models/xor.json").Model!);
        var workspace = network.CreateWorkspace();
        var input = new ulong[1];
        PackedBits.Set(input, 0, x0);
        PackedBits.Set(input, 1, x1);
        network.Evaluate(input, workspace);
        var assignment = new Assignment(2, 1);
        assignment.SetOutput(workspace);
        Assert.Equal(x0 ^ x1, Formulas.OutputBit(0).Evaluate(assignment));
    }
}
