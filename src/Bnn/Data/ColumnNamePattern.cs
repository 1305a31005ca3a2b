using System.Collections.Immutable;
using System.Globalization;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Bnn.Data;

/// <summary>
/// Column names for a CSV file without a header line, written compactly: names separated by commas,
/// where <c>{a..b}</c> stands for the integers a to b as in a POSIX shell's brace expansion, several
/// ranges in one name giving every combination with the rightmost varying fastest. So
/// <c>px_{0..7}_{0..7},digit</c> names 65 columns <c>px_0_0, px_0_1, …, px_7_7, digit</c>, row by row.
/// </summary>
public static class ColumnNamePattern
{
    /// <summary>
    /// Expands <paramref name="pattern"/>; on a mistake returns an empty array and sets <paramref name="error"/>,
    /// located in <paramref name="origin"/> (the option's name) at the column of the offending text.
    /// </summary>
    public static ImmutableArray<string> Expand(string pattern, string origin, out Diagnostic? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        error = null;
        var names = ImmutableArray.CreateBuilder<string>();
        int start = 0;
        while (start <= pattern.Length)
        {
            int comma = pattern.IndexOf(',', start);
            int end = comma < 0 ? pattern.Length : comma;
            string item = pattern[start..end].Trim();
            if (item.Length == 0)
            {
                error = Fail(origin, start + 1, "an empty column name; names are separated by single commas");
                return [];
            }
            var expanded = new List<string> { "" };
            int i = 0;
            while (i < item.Length)
            {
                int open = item.IndexOf('{', i);
                string literal = open < 0 ? item[i..] : item[i..open];
                for (int k = 0; k < expanded.Count; k++)
                    expanded[k] += literal;
                if (open < 0)
                    break;
                int close = item.IndexOf('}', open);
                string[] bounds = close < 0 ? [] : item[(open + 1)..close].Split("..");
                if (bounds.Length != 2
                    || !int.TryParse(bounds[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int from)
                    || !int.TryParse(bounds[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int to)
                    || Math.Abs((long)to - from) > 100_000)
                {
                    error = Fail(origin, start + open + 1, "expected a range of integers like {0..7}");
                    return [];
                }
                int step = to >= from ? 1 : -1;
                var next = new List<string>();
                foreach (var prefix in expanded)
                {
                    for (int v = from; ; v += step)
                    {
                        next.Add(prefix + v.ToString(CultureInfo.InvariantCulture));
                        if (v == to)
                            break;
                    }
                }
                expanded = next;
                i = close + 1;
            }
            names.AddRange(expanded);
            if (comma < 0)
                break;
            start = comma + 1;
        }
        return names.ToImmutable();
    }

    private static Diagnostic Fail(string origin, int column, string message) =>
        Diagnostic.Error(DataDiagnosticIds.BadColumnNames, new SourceLocation(origin, 1, column), message);
}
