using System.Collections.Immutable;
using BnnVerify.Encoding.Logic;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Checking;

/// <summary>
/// A comparison c·Σℓᵢ + d ≥ 0 (or = 0) whose terms are literals ℓᵢ of distinct inputs, all with the one coefficient c:
/// what <c>hamming(v) &lt;= R</c>, <c>count(…) &lt;= k</c>, <c>atmost</c>, <c>atleast</c> and <c>exactly</c> over inputs
/// elaborate to. Its models depend only on how many of the literals are true, which the encoder uses to settle
/// first-layer neurons and the scope counter to count in closed form.
/// </summary>
internal sealed class InputCount
{
    private InputCount(ImmutableArray<Lit> literals, long coefficient, long constant, bool isEquality)
    {
        Literals = literals;
        Coefficient = coefficient;
        Constant = constant;
        IsEquality = isEquality;
    }

    /// <summary>The literals counted; a literal's variable is the input's index.</summary>
    public ImmutableArray<Lit> Literals { get; }

    /// <summary>c, the same for every literal.</summary>
    public long Coefficient { get; }

    /// <summary>d.</summary>
    public long Constant { get; }

    /// <summary>True for c·Σℓ + d = 0, false for ≥ 0.</summary>
    public bool IsEquality { get; }

    /// <summary>The formula as a count of input literals, or null when it is not of that form.</summary>
    public static InputCount? Match(Formula formula)
    {
        if (formula is not ComparisonFormula { Comparison: Comparison.AtLeastZero or Comparison.EqualsZero } comparison || comparison.Sum.Terms.IsEmpty)
            return null;
        long c = comparison.Sum.Terms[0].Coefficient;
        var literals = ImmutableArray.CreateBuilder<Lit>(comparison.Sum.Terms.Length);
        var seen = new HashSet<int>();
        foreach (var term in comparison.Sum.Terms)
        {
            if (term.Coefficient != c || InputLiteral(term.Indicator) is not { } literal || !seen.Add(literal.Variable))
                return null;
            literals.Add(literal);
        }
        return new InputCount(literals.MoveToImmutable(), c, comparison.Sum.Constant, comparison.Comparison == Comparison.EqualsZero);
    }

    /// <summary>Whether the formula holds when exactly <paramref name="trueLiterals"/> of the literals are true.</summary>
    public bool Allows(long trueLiterals)
    {
        long value = Coefficient * trueLiterals + Constant;
        return IsEquality ? value == 0 : value >= 0;
    }

    private static Lit? InputLiteral(Formula? formula) => formula switch
    {
        InputFormula input => Lit.Positive(input.Index),
        NotFormula { Operand: InputFormula negated } => Lit.Negative(negated.Index),
        _ => null,
    };
}
