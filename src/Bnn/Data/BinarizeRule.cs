using System.Globalization;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Bnn.Data;

/// <summary>
/// A threshold that turns numeric columns into booleans: <c>px*&gt;=8</c> makes every numeric column
/// whose name starts with <c>px</c> true where its value is at least 8. The input keeps the column's
/// (sanitised) name. A pattern is a column name, optionally with one trailing <c>*</c>; <c>*</c> alone
/// matches every numeric column.
/// </summary>
/// <param name="Pattern">The column name, or a prefix followed by <c>*</c>.</param>
/// <param name="Strict">True for <c>&gt;</c>, false for <c>&gt;=</c>.</param>
/// <param name="Threshold">The number compared with.</param>
public sealed record BinarizeRule(string Pattern, bool Strict, double Threshold)
{
    /// <summary>True when the pattern ends with <c>*</c> and so names a family of columns.</summary>
    public bool IsWildcard => Pattern.EndsWith('*');

    /// <summary>Whether <paramref name="column"/> is one this rule names.</summary>
    public bool Matches(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return IsWildcard ? column.StartsWith(Pattern[..^1], StringComparison.Ordinal) : column == Pattern;
    }

    /// <summary>The boolean for value <paramref name="value"/>.</summary>
    public bool Apply(double value) => Strict ? value > Threshold : value >= Threshold;

    /// <summary><c>px*&gt;=8</c>.</summary>
    public override string ToString() => Pattern + (Strict ? ">" : ">=") + Threshold.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses <c>PATTERN&gt;=NUMBER</c> or <c>PATTERN&gt;NUMBER</c>. On a mistake returns null and sets
    /// <paramref name="error"/>, located in <paramref name="origin"/> (the option's name) at column 1 of the text.
    /// </summary>
    public static BinarizeRule? Parse(string text, string origin, out Diagnostic? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        int op = text.IndexOf('>', StringComparison.Ordinal);
        if (op <= 0)
        {
            error = Fail(origin, 1, $"'{text}' is not a binarisation rule; expected COLUMN>=NUMBER or COLUMN>NUMBER, e.g. 'px*>=8'");
            return null;
        }
        bool strict = op + 1 >= text.Length || text[op + 1] != '=';
        string pattern = text[..op].Trim();
        string number = text[(op + (strict ? 1 : 2))..].Trim();
        // '=' or '<' in the pattern is a misspelt operator ('=>', '<='), not part of a column name.
        if (pattern.Length == 0 || pattern.IndexOfAny(['=', '<']) >= 0)
        {
            error = Fail(origin, 1, $"'{text}' is not a binarisation rule; expected COLUMN>=NUMBER or COLUMN>NUMBER, e.g. 'px*>=8'");
            return null;
        }
        if (pattern.IndexOf('*', StringComparison.Ordinal) is int star && star >= 0 && star != pattern.Length - 1)
        {
            error = Fail(origin, 1, $"'{pattern}' is not a column pattern; use a column name, or a prefix followed by one '*'");
            return null;
        }
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double threshold) || !double.IsFinite(threshold))
        {
            error = Fail(origin, op + (strict ? 2 : 3), $"'{number}' is not a number; expected COLUMN>=NUMBER, e.g. 'px*>=8'");
            return null;
        }
        return new BinarizeRule(pattern, strict, threshold);
    }

    private static Diagnostic Fail(string origin, int column, string message) =>
        Diagnostic.Error(DataDiagnosticIds.BadBinarizeRule, new SourceLocation(origin, 1, column), message);
}
