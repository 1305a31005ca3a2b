using System.Globalization;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Compilation;

/// <summary>
/// Prints an elaborated contract <see cref="Formula"/> in a model checker's expression syntax, over the
/// identifiers a compiler gave the inputs, the output bits, the winning class and the class scores.
/// </summary>
internal sealed class FormulaPrinter(ModelCheckerDialect dialect, IReadOnlyList<string> inputs, IReadOnlyList<string> outputBits,
    string classVariable, IReadOnlyList<string> scores)
{
    /// <summary>The expression for <paramref name="formula"/>, fully parenthesised.</summary>
    public string Print(Formula formula) => formula switch
    {
        ConstantFormula constant => constant.Value ? dialect.True : dialect.False,
        InputFormula input => inputs[input.Index],
        OutputBitFormula bit => outputBits[bit.Index],
        ClassIsFormula classIs => $"({classVariable} {(dialect is SmvDialect ? "=" : "==")} {classIs.ClassIndex.ToString(CultureInfo.InvariantCulture)})",
        NotFormula not => dialect.Not(Print(not.Operand)),
        JunctionFormula junction => "(" + string.Join(junction.IsConjunction ? dialect.AndOperator : dialect.OrOperator,
            junction.Operands.Select(o => ModelCheckerDialect.Parenthesise(Print(o)))) + ")",
        XorFormula xor => dialect.Xor(Print(xor.Left), Print(xor.Right)),
        ComparisonFormula comparison => Compare(comparison),
        _ => throw new NotSupportedException($"no translation for {formula.GetType().Name}"),
    };

    private string Compare(ComparisonFormula comparison)
    {
        var parts = new List<string>();
        foreach (var term in comparison.Sum.Terms)
        {
            string value = term.Indicator is { } indicator ? dialect.Indicator(ModelCheckerDialect.Parenthesise(Print(indicator))) : scores[term.ScoreClass];
            parts.Add(term.Coefficient == 1 ? value : $"{term.Coefficient.ToString(CultureInfo.InvariantCulture)} * {value}");
        }
        parts.Add(comparison.Sum.Constant.ToString(CultureInfo.InvariantCulture));
        string sum = string.Join(" + ", parts).Replace("+ -", "- ", StringComparison.Ordinal);
        string op = comparison.Comparison switch
        {
            Comparison.AtLeastZero => ">=",
            Comparison.EqualsZero => dialect is SmvDialect ? "=" : "==",
            _ => "!=",
        };
        return $"(({sum}) {op} 0)";
    }
}
