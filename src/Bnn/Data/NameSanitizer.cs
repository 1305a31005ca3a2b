namespace BnnVerify.Bnn.Data;

/// <summary>
/// Turns CSV column names and values into model names (a letter or '_' then letters, digits or '_'):
/// every other character becomes '_', so <c>mollusc.et.al</c> becomes <c>mollusc_et_al</c>.
/// </summary>
public static class NameSanitizer
{
    /// <summary><paramref name="text"/> with every character outside [A-Za-z0-9_] replaced by '_'; '_' for empty text.</summary>
    public static string Sanitize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
            return "_";
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
                span[i] = char.IsAsciiLetterOrDigit(source[i]) || source[i] == '_' ? source[i] : '_';
        });
    }

    /// <summary>
    /// The name of a column, sanitised; prefixed with '_' when it would start with a digit, so that a
    /// header <c>2nd</c> becomes the input <c>_2nd</c>.
    /// </summary>
    public static string ColumnName(string column)
    {
        string name = Sanitize(column);
        return char.IsAsciiDigit(name[0]) ? "_" + name : name;
    }

    /// <summary>The one-hot input for <paramref name="value"/> of <paramref name="column"/>: <c>legs_4</c>.</summary>
    public static string Indicator(string column, string value) => ColumnName(column) + "_" + Sanitize(value);

    /// <summary>
    /// The class name for target value <paramref name="value"/>: the value itself when it starts with a
    /// letter (<c>mammal</c>, <c>move4</c>), else <c>target_value</c> (digit <c>7</c> of column <c>digit</c> is <c>digit_7</c>).
    /// </summary>
    public static string ClassName(string target, string value)
    {
        string name = Sanitize(value);
        return char.IsAsciiLetter(name[0]) ? name : Indicator(target, value);
    }
}
