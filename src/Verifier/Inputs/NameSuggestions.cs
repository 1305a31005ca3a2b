namespace BnnVerify.Verifier.Inputs;

/// <summary>Finds the known name closest to a misspelt one, for "did you mean" hints.</summary>
internal static class NameSuggestions
{
    /// <summary>A hint like <c>; did you mean 'a0'?</c>, or empty when nothing is close.</summary>
    public static string DidYouMean(string unknown, IEnumerable<string> known) =>
        Closest(unknown, known) is { } best ? $"; did you mean '{best}'?" : "";

    /// <summary>
    /// The name of <paramref name="known"/> nearest to <paramref name="unknown"/> (the first of equally near ones), or
    /// null when none is plausibly a typo of it.
    /// </summary>
    public static string? Closest(string unknown, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var name in known)
        {
            int distance = Distance(unknown, name);
            if (distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }
        return best is not null && bestDistance <= MostEditsForATypo(unknown.Length) ? best : null;
    }

    /// <summary>
    /// How many edits still make a plausible typo of a name of <paramref name="length"/> characters: at most a third of it
    /// changed, but at least one. A third rounds down to nothing for names of one or two characters and to one for three,
    /// and the commonest slips in short names (<c>x01</c> for <c>x10</c>, <c>ro</c> for <c>or</c>) are one edit, an
    /// adjacent swap included, so one edit is always allowed; two slips in a name that short leave too little of it to
    /// guess from.
    /// </summary>
    internal static int MostEditsForATypo(int length) => Math.Max(1, length / 3);

    /// <summary>
    /// The optimal-string-alignment distance (restricted Damerau–Levenshtein): the fewest insertions, deletions,
    /// substitutions and swaps of two adjacent characters that turn <paramref name="a"/> into <paramref name="b"/>, where
    /// no part is edited twice. A swap (<c>ensrues</c>, <c>mvoe</c>) costs one edit, not the two of plain Levenshtein
    /// distance, because swapped keys are as common a typing slip as a wrong key.
    /// </summary>
    internal static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // Three rows suffice: a swap looks back two rows.
        var beforePrevious = new int[b.Length + 1];
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
                int best = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    best = Math.Min(best, beforePrevious[j - 2] + 1);
                current[j] = best;
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }
        return previous[b.Length];
    }
}
