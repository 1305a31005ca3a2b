using System.Numerics;
using BnnVerify.Bnn.Numerics;

namespace BnnVerify.Bnn.Import;

/// <summary>Binary floating-point numbers as the exact rationals they denote (every finite double is m·2^e).</summary>
public static class ExactBinary
{
    /// <summary>The exact value of a finite double (a float32 widened to double keeps its value).</summary>
    public static Rational ToRational(double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), "only finite numbers have a rational value");
        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
            exponent = 1; // subnormal: no hidden bit
        else
            mantissa |= 1L << 52;
        // value = mantissa · 2^(exponent − 1075)
        int shift = exponent - 1075;
        BigInteger numerator = negative ? -mantissa : mantissa;
        return shift >= 0
            ? Rational.FromInteger(numerator << shift)
            : Rational.Create(numerator, BigInteger.One << -shift);
    }
}
