using System.Globalization;
using System.Text;

namespace BnnVerify.Verifier.Reports;

/// <summary>Shows long lists of names compactly: <c>a0, a1, …, a8</c> becomes <c>a0..a8</c>.</summary>
internal static class NameRanges
{
    /// <summary>The names in order, with runs of a common prefix and consecutive numbers folded into ranges.</summary>
    public static string Compress(IReadOnlyList<string> names)
    {
        var text = new StringBuilder();
        int i = 0;
        while (i < names.Count)
        {
            int end = i;
            if (Split(names[i], out string prefix, out int number))
            {
                while (end + 1 < names.Count && Split(names[end + 1], out string nextPrefix, out int next)
                    && nextPrefix == prefix && next == number + (end + 1 - i))
                {
                    end++;
                }
            }
            if (text.Length > 0)
                text.Append(", ");
            text.Append(end - i >= 2 ? $"{names[i]}..{names[end]}" : names[i]);
            if (end - i == 1)
                text.Append(", ").Append(names[end]);
            i = end + 1;
        }
        return text.ToString();
    }

    // "px_3" → ("px_", 3); a name without trailing digits (or with a leading zero) does not take part in ranges.
    private static bool Split(string name, out string prefix, out int number)
    {
        int digits = name.Length;
        while (digits > 0 && char.IsAsciiDigit(name[digits - 1]))
            digits--;
        prefix = name[..digits];
        number = 0;
        string tail = name[digits..];
        return tail.Length > 0 && tail.Length <= 9 && (tail.Length == 1 || tail[0] != '0')
            && int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }
}
