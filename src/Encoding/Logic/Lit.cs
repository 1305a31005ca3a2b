using System.Diagnostics;

namespace BnnVerify.Encoding.Logic;

/// <summary>A propositional literal: <c>2 * variable + sign</c>, negation is <c>^ 1</c> (as in MiniSat).</summary>
/// <remarks>
/// Variables are 0-based indices. DIMACS numbering (1-based, minus for negation) appears only at the
/// edge where an external solver or an export file is written or read: see <see cref="ToDimacs"/>.
/// </remarks>
public readonly record struct Lit : IComparable<Lit>
{
    /// <summary>The encoded literal: twice the variable, plus one when negated.</summary>
    public int Code { get; }

    private Lit(int code) => Code = code;

    /// <summary>The literal that is true when <paramref name="variable"/> is true.</summary>
    public static Lit Positive(int variable)
    {
        Debug.Assert(variable >= 0);
        return new Lit(variable << 1);
    }

    /// <summary>The literal that is true when <paramref name="variable"/> is false.</summary>
    public static Lit Negative(int variable)
    {
        Debug.Assert(variable >= 0);
        return new Lit((variable << 1) | 1);
    }

    /// <summary>The literal of <paramref name="variable"/> with the given polarity.</summary>
    public static Lit Of(int variable, bool positive) => positive ? Positive(variable) : Negative(variable);

    /// <summary>Rebuilds a literal from its <see cref="Code"/>.</summary>
    public static Lit FromCode(int code)
    {
        Debug.Assert(code >= 0);
        return new Lit(code);
    }

    /// <summary>The 0-based variable of this literal.</summary>
    public int Variable => Code >> 1;

    /// <summary>True when this literal is the negation of its variable.</summary>
    public bool IsNegative => (Code & 1) != 0;

    /// <summary>The negated literal.</summary>
    public static Lit operator !(Lit lit) => new(lit.Code ^ 1);

    /// <summary>The negated literal (method form of <c>!</c>).</summary>
    public Lit Negate() => new(Code ^ 1);

    /// <summary>The literal's value under an assignment indexed by variable.</summary>
    public bool IsTrueUnder(ReadOnlySpan<bool> assignment) => assignment[Variable] != IsNegative;

    /// <summary>The DIMACS form: variable + 1, negative when negated.</summary>
    public int ToDimacs() => IsNegative ? -(Variable + 1) : Variable + 1;

    /// <summary>Reads a non-zero DIMACS literal.</summary>
    public static Lit FromDimacs(int dimacs)
    {
        if (dimacs == 0)
            throw new ArgumentOutOfRangeException(nameof(dimacs), "0 terminates a DIMACS clause; it is not a literal.");
        return dimacs > 0 ? Positive(dimacs - 1) : Negative(-dimacs - 1);
    }

    /// <inheritdoc/>
    public int CompareTo(Lit other) => Code.CompareTo(other.Code);

    /// <summary>Orders literals by code.</summary>
    public static bool operator <(Lit left, Lit right) => left.Code < right.Code;

    /// <summary>Orders literals by code.</summary>
    public static bool operator >(Lit left, Lit right) => left.Code > right.Code;

    /// <summary>Orders literals by code.</summary>
    public static bool operator <=(Lit left, Lit right) => left.Code <= right.Code;

    /// <summary>Orders literals by code.</summary>
    public static bool operator >=(Lit left, Lit right) => left.Code >= right.Code;

    /// <inheritdoc/>
    public override string ToString() => (IsNegative ? "-x" : "x") + Variable.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
