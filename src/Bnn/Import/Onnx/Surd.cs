using BnnVerify.Bnn.Numerics;

namespace BnnVerify.Bnn.Import.Onnx;

/// <summary>
/// A number p + q·√r with rationals p, q and a radicand r &gt; 0 kept by the owner (one per neuron): the values a
/// batch norm γ·(x − μ)/√(σ² + ε) + β takes on rational x, closed under the affine steps around it, with an exact sign.
/// </summary>
/// <param name="Rational">p.</param>
/// <param name="Radical">q, the coefficient of √r.</param>
internal readonly record struct Surd(Rational Rational, Rational Radical)
{
    /// <summary>A rational number (q = 0).</summary>
    public static Surd Of(Rational value) => new(value, Rational.Zero);

    /// <summary>True when the number has no √r part.</summary>
    public bool IsRational => Radical.Sign == 0;

    /// <summary>The sign of p + q·√r, exactly: when p and q disagree, the larger of p² and q²·r wins.</summary>
    public int Sign(Rational radicand)
    {
        int p = Rational.Sign, q = Radical.Sign;
        if (q == 0)
            return p;
        if (p == 0 || p == q)
            return q;
        int comparison = (Rational * Rational).CompareTo(Radical * Radical * radicand);
        return comparison == 0 ? 0 : comparison > 0 ? p : q;
    }

    /// <summary>A double close to the value (for notes, never for decisions).</summary>
    public double Approximate(Rational radicand) => Rational.ToDouble() + Radical.ToDouble() * Math.Sqrt(radicand.ToDouble());

    public static Surd operator +(Surd a, Surd b) => new(a.Rational + b.Rational, a.Radical + b.Radical);

    public static Surd operator *(Surd a, Rational k) => new(a.Rational * k, a.Radical * k);
}
