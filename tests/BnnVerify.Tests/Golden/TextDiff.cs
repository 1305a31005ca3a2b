using System.Text;

namespace BnnVerify.Tests.Golden;

/// <summary>A line diff (longest common subsequence) for readable golden-test failures.</summary>
internal static class TextDiff
{
    public static string Unified(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        }
        var diff = new StringBuilder("--- expected\n+++ actual\n");
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                diff.Append("  ").AppendLine(a[x]);
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                diff.Append("+ ").AppendLine(b[y++]);
            }
            else
            {
                diff.Append("- ").AppendLine(a[x++]);
            }
        }
        return diff.ToString();
    }
}
