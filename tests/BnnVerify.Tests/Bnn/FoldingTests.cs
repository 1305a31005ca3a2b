using BnnVerify.Bnn.Model;
using BnnVerify.Bnn.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Bnn;

/// <summary>Folding batch norm into integer thresholds is exact: it agrees with the definition at every reachable sum.</summary>
public class FoldingTests
{
    [Fact]
    public void Folded_threshold_agrees_with_the_literal_definition_at_every_integer_pre_activation()
    {
        Prop.ForAll(Arb.From(ModelGenerators.NeuronDefinitions()), d =>
        {
            var folded = ThresholdFolding.Fold(d.Reach, d.Bias, d.BatchNorm, d.SignAtZero);
            for (int s = -d.Reach; s <= d.Reach; s++)
            {
                if (folded.Fires(s) != ThresholdFolding.Fires(s, d.Bias, d.BatchNorm, d.SignAtZero))
                    return false;
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    [Fact]
    public void The_exact_definition_agrees_with_a_high_precision_decimal_evaluation()
    {
        // Independent check of the exact sign test: evaluate γ(s+b−μ)/√r + β with decimal square roots
        // (28 digits) wherever the value is not within 1e-20 of zero.
        Prop.ForAll(Arb.From(ModelGenerators.NeuronDefinitions()), d =>
        {
            if (d.BatchNorm is not { } bn)
                return true;
            for (int s = -d.Reach; s <= d.Reach; s++)
            {
                decimal r = (decimal)(bn.Variance + bn.Epsilon).ToDouble();
                decimal value = (decimal)bn.Gamma.ToDouble() * (s + (decimal)d.Bias.ToDouble() - (decimal)bn.Mean.ToDouble()) / DecimalSqrt(r)
                    + (decimal)bn.Beta.ToDouble();
                if (Math.Abs(value) < 1e-20m)
                    continue;
                if ((value > 0) != ThresholdFolding.Fires(s, d.Bias, bn, d.SignAtZero))
                    return false;
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Theory]
    [InlineData(1, SignAtZero.Positive, ThresholdDirection.AtLeast, 3)]  // γ>0, value exactly 0 at s=3: fires at 3
    [InlineData(1, SignAtZero.Negative, ThresholdDirection.AtLeast, 4)]  // sign(0)=−1: 3 does not fire, 4 does
    [InlineData(-1, SignAtZero.Positive, ThresholdDirection.AtMost, 3)]  // γ<0 flips the direction
    [InlineData(-1, SignAtZero.Negative, ThresholdDirection.AtMost, 2)]
    public void A_pre_activation_exactly_on_the_threshold_follows_sign_at_zero(int gamma, SignAtZero signAtZero, ThresholdDirection direction, int bound)
    {
        // y = γ(s − 3)/√1 + 0 is exactly 0 at s = 3.
        var bn = new NeuronBatchNorm(gamma, Rational.Zero, 3, 1, Rational.Zero);
        var folded = ThresholdFolding.Fold(10, Rational.Zero, bn, signAtZero);
        Assert.Equal(new NeuronThreshold(direction, bound), folded);
    }

    [Theory]
    [InlineData(1, SignAtZero.Positive, true)]
    [InlineData(-1, SignAtZero.Positive, false)]
    [InlineData(0, SignAtZero.Positive, true)]   // β = 0 and sign(0) = +1
    [InlineData(0, SignAtZero.Negative, false)]  // β = 0 and sign(0) = −1
    public void Zero_gamma_gives_a_constant_neuron_with_the_sign_of_beta(int beta, SignAtZero signAtZero, bool constant)
    {
        var bn = new NeuronBatchNorm(Rational.Zero, beta, 5, 2, Rational.Create(1, 1000));
        var folded = ThresholdFolding.Fold(7, Rational.Zero, bn, signAtZero);
        for (int s = -7; s <= 7; s++)
            Assert.Equal(constant, folded.Fires(s));
    }

    [Fact]
    public void Folding_does_not_round_where_a_float_computation_would()
    {
        // μ = 2.9999999999999999999 is 3.0 as a double, so a float computation of s − μ at s = 3 gives 0,
        // and with sign(0) = −1 would not fire. Exactly, 3 − μ > 0, so the neuron fires from s = 3 on.
        Assert.True(Rational.TryParseDecimal("2.9999999999999999999", out var mean));
        Assert.Equal(0.0, 3 - mean.ToDouble());
        var bn = new NeuronBatchNorm(1, Rational.Zero, mean, 1, Rational.Zero);
        var folded = ThresholdFolding.Fold(10, Rational.Zero, bn, SignAtZero.Negative);
        Assert.Equal(NeuronThreshold.AtLeast(3), folded);
    }

    private static decimal DecimalSqrt(decimal value)
    {
        if (value == 0)
            return 0;
        decimal x = (decimal)Math.Sqrt((double)value);
        for (int i = 0; i < 6; i++)
            x = (x + value / x) / 2;
        return x;
    }
}
