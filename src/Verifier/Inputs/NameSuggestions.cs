namespace BnnVerify.Verifier.Inputs;

/// <summary>Finds the known name closest to a misspelt one, for "did you mean" hints.</summary>
internal static class NameSuggestions
{
    /// <summary>A hint like <c>; did you mean 'a0'?</c>, or empty when nothing is close.</summary>
    public static string DidYouMean(string unknown, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var name in known)
        {
            int distance = EditDistance(unknown, name);
            if (distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }
        // Only suggest what is plausibly a typo: at most a third of the name changed.
        return best is not null && bestDistance <= Math.Max(1, unknown.Length / 3) ? $"; did you mean '{best}'?" : "";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
