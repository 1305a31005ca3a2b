using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Circuit;

/// <summary>
/// A boolean in a <see cref="ConstraintBuilder"/>: either a constant or a literal. Constants are kept
/// apart from literals so that they propagate (and whole neurons fold away) before any solver sees them.
/// </summary>
public readonly record struct Bit
{
    private const int FalseCode = -1;
    private const int TrueCode = -2;

    private readonly int _code;

    private Bit(int code) => _code = code;

    /// <summary>The constant true.</summary>
    public static Bit True => new(TrueCode);

    /// <summary>The constant false.</summary>
    public static Bit False => new(FalseCode);

    /// <summary>The constant <paramref name="value"/>.</summary>
    public static Bit Constant(bool value) => value ? True : False;

    /// <summary>A literal.</summary>
    public static Bit Of(Lit literal) => new(literal.Code);

    /// <summary>True for the constants.</summary>
    public bool IsConstant => _code < 0;

    /// <summary>The constant's value (only for constants).</summary>
    public bool Value => _code == TrueCode;

    /// <summary>The literal (only for non-constants).</summary>
    public Lit Literal => IsConstant ? throw new InvalidOperationException("a constant has no literal") : Lit.FromCode(_code);

    /// <summary>True when this is the constant <paramref name="value"/>.</summary>
    public bool Is(bool value) => IsConstant && Value == value;

    /// <summary>The negation.</summary>
    public Bit Negate() => IsConstant ? Constant(!Value) : new Bit(_code ^ 1);

    /// <summary>The negation.</summary>
    public static Bit operator !(Bit bit) => bit.Negate();

    /// <inheritdoc/>
    public override string ToString() => IsConstant ? (Value ? "true" : "false") : Literal.ToString();
}
