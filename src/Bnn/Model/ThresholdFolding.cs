using System.Diagnostics;
using BnnVerify.Bnn.Numerics;

namespace BnnVerify.Bnn.Model;

/// <summary>
/// Folds a neuron's bias and batch norm into an integer threshold on its pre-activation, exactly.
/// </summary>
/// <remarks>
/// The literal definition is: the neuron is true iff v(s) = γ·(s + b − μ)/√(σ² + ε) + β is ≥ 0
/// (sign(0) = +1) or &gt; 0 (sign(0) = −1), where s = Σ wᵢxᵢ is an integer. Multiplying by √(σ²+ε) &gt; 0
/// keeps the sign, so v(s) has the sign of A + β·√r with A = γ·(s + b − μ) rational and r = σ² + ε;
/// that sign is decided exactly by comparing A² with β²·r when A and β disagree. Because v is
/// monotone in s (increasing for γ &gt; 0, decreasing for γ &lt; 0, constant for γ = 0), a binary search
/// over the reachable sums [−m, m] with this exact test finds the threshold without any rounding.
/// </remarks>
public static class ThresholdFolding
{
    /// <summary>
    /// Decides the literal definition at one integer pre-activation <paramref name="sum"/>, exactly.
    /// <paramref name="batchNorm"/> null means plain sign(s + bias).
    /// </summary>
    public static bool Fires(long sum, Rational bias, NeuronBatchNorm? batchNorm, SignAtZero signAtZero)
    {
        int sign = batchNorm is { } bn
            ? SignOfNormalised(sum, bias, bn)
            : (sum + bias).Sign;
        return signAtZero == SignAtZero.Positive ? sign >= 0 : sign > 0;
    }

    /// <summary>
    /// The folded threshold of a neuron whose pre-activation can reach [−<paramref name="reach"/>, <paramref name="reach"/>]
    /// (the sum of its weights' magnitudes). A neuron that is constant over that range gets a bound outside it.
    /// </summary>
    public static NeuronThreshold Fold(int reach, Rational bias, NeuronBatchNorm? batchNorm, SignAtZero signAtZero)
    {
        Debug.Assert(reach >= 0);
        int gammaSign = batchNorm is { } bn ? bn.Gamma.Sign : 1;
        if (gammaSign == 0)
        {
            // γ = 0: the neuron is sign(β) whatever its input.
            bool constant = Fires(0, bias, batchNorm, signAtZero);
            return NeuronThreshold.AtLeast(constant ? -reach : reach + 1);
        }
        if (gammaSign > 0)
        {
            // Smallest s in [−m, m+1] that fires, with m+1 standing for "none fires".
            long low = -reach, high = reach + 1L;
            while (low < high)
            {
                long middle = low + ((high - low) >> 1);
                if (Fires(middle, bias, batchNorm, signAtZero))
                    high = middle;
                else
                    low = middle + 1;
            }
            return NeuronThreshold.AtLeast((int)low);
        }
        else
        {
            // Largest s in [−m−1, m] that fires, with −m−1 standing for "none fires".
            long low = -reach - 1L, high = reach;
            while (low < high)
            {
                long middle = low + ((high - low + 1) >> 1);
                if (Fires(middle, bias, batchNorm, signAtZero))
                    low = middle;
                else
                    high = middle - 1;
            }
            return NeuronThreshold.AtMost((int)low);
        }
    }

    // The sign of γ·(s + b − μ)/√r + β, which is the sign of A + β·√r with A = γ·(s + b − μ).
    private static int SignOfNormalised(long sum, Rational bias, NeuronBatchNorm bn)
    {
        Rational a = bn.Gamma * (sum + bias - bn.Mean);
        Rational b = bn.Beta;
        Rational r = bn.Variance + bn.Epsilon;
        Debug.Assert(r.Sign > 0, "the loader rejects a non-positive variance + epsilon");
        if (b.Sign == 0)
            return a.Sign;
        if (a.Sign == 0)
            return b.Sign;
        if (a.Sign == b.Sign)
            return a.Sign;
        // Opposite signs: the term with the larger magnitude wins; compare squares to stay rational.
        int comparison = (a * a).CompareTo(b * b * r);
        return comparison == 0 ? 0 : (comparison > 0 ? a.Sign : b.Sign);
    }
}

/// <summary>One neuron's batch-norm parameters: γ, β, running mean μ, running variance σ², and ε.</summary>
public readonly record struct NeuronBatchNorm(Rational Gamma, Rational Beta, Rational Mean, Rational Variance, Rational Epsilon);
