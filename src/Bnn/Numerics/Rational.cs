using System.Globalization;
using System.Numerics;

namespace BnnVerify.Bnn.Numerics;

/// <summary>
/// An exact rational number. Batch-norm parameters are read from their decimal text into rationals so
/// that folding them into integer thresholds never depends on floating-point rounding.
/// </summary>
/// <remarks>Always normalised: the denominator is positive and coprime with the numerator.</remarks>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    private readonly BigInteger _denominatorMinusOne; // so that default(Rational) is 0/1

    /// <summary>The numerator (carries the sign).</summary>
    public BigInteger Numerator { get; }

    /// <summary>The denominator, always positive.</summary>
    public BigInteger Denominator => _denominatorMinusOne + 1;

    private Rational(BigInteger numerator, BigInteger denominator, bool normalised)
    {
        if (!normalised)
        {
            if (denominator.IsZero)
                throw new DivideByZeroException("A rational number cannot have denominator 0.");
            if (denominator.Sign < 0)
            {
                numerator = -numerator;
                denominator = -denominator;
            }
            var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
            if (!gcd.IsOne && !gcd.IsZero)
            {
                numerator /= gcd;
                denominator /= gcd;
            }
            if (numerator.IsZero)
                denominator = BigInteger.One;
        }
        Numerator = numerator;
        _denominatorMinusOne = denominator - 1;
    }

    /// <summary>numerator / denominator, normalised.</summary>
    public static Rational Create(BigInteger numerator, BigInteger denominator) => new(numerator, denominator, normalised: false);

    /// <summary>The integer <paramref name="value"/>.</summary>
    public static Rational FromInteger(BigInteger value) => new(value, BigInteger.One, normalised: true);

    /// <summary>Zero.</summary>
    public static Rational Zero => default;

    /// <summary>One.</summary>
    public static Rational One => FromInteger(BigInteger.One);

    /// <summary>-1, 0 or +1.</summary>
    public int Sign => Numerator.Sign;

    /// <summary>True when the value is a whole number.</summary>
    public bool IsInteger => Denominator.IsOne;

    /// <summary>
    /// Reads a JSON number literal (<c>-12.5e-3</c>) exactly. Returns false for anything that is not
    /// a finite decimal number, including <c>NaN</c> and <c>Infinity</c>.
    /// </summary>
    public static bool TryParseDecimal(string text, out Rational value)
    {
        value = Zero;
        if (string.IsNullOrEmpty(text))
            return false;
        int i = 0;
        bool negative = false;
        if (text[i] is '-' or '+')
        {
            negative = text[i] == '-';
            i++;
        }
        var digits = new System.Text.StringBuilder();
        int fractionDigits = 0;
        bool sawDigit = false, sawPoint = false;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
                sawDigit = true;
                if (sawPoint)
                    fractionDigits++;
            }
            else if (c == '.' && !sawPoint)
            {
                sawPoint = true;
            }
            else
            {
                break;
            }
        }
        if (!sawDigit)
            return false;
        long exponent = 0;
        if (i < text.Length)
        {
            if (text[i] is not ('e' or 'E'))
                return false;
            i++;
            if (!long.TryParse(text.AsSpan(i), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
                return false;
            // A decimal exponent this large has no place in a model file; refusing it keeps BigInteger.Pow bounded.
            if (Math.Abs(exponent) > 400)
                return false;
        }
        var mantissa = BigInteger.Parse(digits.ToString(), CultureInfo.InvariantCulture);
        if (negative)
            mantissa = -mantissa;
        long scale = exponent - fractionDigits;
        value = scale >= 0
            ? FromInteger(mantissa * BigInteger.Pow(10, (int)scale))
            : Create(mantissa, BigInteger.Pow(10, (int)-scale));
        return true;
    }

    /// <summary>The largest integer not above this value.</summary>
    public BigInteger Floor()
    {
        var quotient = BigInteger.DivRem(Numerator, Denominator, out var remainder);
        return remainder.Sign < 0 ? quotient - 1 : quotient;
    }

    /// <summary>The smallest integer not below this value.</summary>
    public BigInteger Ceiling() => -(-this).Floor();

    /// <summary>The nearest double (for display and for the deliberately naive evaluator only).</summary>
    public double ToDouble()
    {
        // Exact when both parts fit in a double's 53-bit mantissa, which covers every decimal in a model file
        // written with a few significant digits; otherwise the correctly rounded decimal expansion.
        const long Exact = 1L << 53;
        if (BigInteger.Abs(Numerator) <= Exact && Denominator <= Exact)
            return (double)Numerator / (double)Denominator;
        return double.Parse(ToDecimalString(40), CultureInfo.InvariantCulture);
    }

    /// <summary>A decimal expansion with at most <paramref name="fractionDigits"/> digits after the point (truncated).</summary>
    public string ToDecimalString(int fractionDigits)
    {
        var integerPart = BigInteger.DivRem(BigInteger.Abs(Numerator), Denominator, out var remainder);
        var text = new System.Text.StringBuilder();
        if (Sign < 0)
            text.Append('-');
        text.Append(integerPart.ToString(CultureInfo.InvariantCulture));
        if (!remainder.IsZero && fractionDigits > 0)
        {
            text.Append('.');
            for (int d = 0; d < fractionDigits && !remainder.IsZero; d++)
            {
                remainder *= 10;
                var digit = BigInteger.DivRem(remainder, Denominator, out remainder);
                text.Append(digit.ToString(CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }

    /// <summary>Sum.</summary>
    public static Rational operator +(Rational a, Rational b) =>
        Create(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    /// <summary>Difference.</summary>
    public static Rational operator -(Rational a, Rational b) =>
        Create(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    /// <summary>Negation.</summary>
    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator, normalised: true);

    /// <summary>Product.</summary>
    public static Rational operator *(Rational a, Rational b) =>
        Create(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    /// <summary>Quotient; throws on division by zero.</summary>
    public static Rational operator /(Rational a, Rational b) =>
        Create(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    /// <summary>The integer <paramref name="value"/>.</summary>
    public static implicit operator Rational(long value) => FromInteger(value);

    /// <summary>Compares values.</summary>
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    /// <summary>Compares values.</summary>
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    /// <summary>Compares values.</summary>
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    /// <summary>Compares values.</summary>
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    /// <summary>Equality of values.</summary>
    public static bool operator ==(Rational a, Rational b) => a.Equals(b);

    /// <summary>Inequality of values.</summary>
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);

    /// <inheritdoc/>
    public int CompareTo(Rational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <inheritdoc/>
    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Rational other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    /// <summary><c>n</c> or <c>n/d</c>.</summary>
    public override string ToString() =>
        Denominator.IsOne
            ? Numerator.ToString(CultureInfo.InvariantCulture)
            : Numerator.ToString(CultureInfo.InvariantCulture) + "/" + Denominator.ToString(CultureInfo.InvariantCulture);
}
