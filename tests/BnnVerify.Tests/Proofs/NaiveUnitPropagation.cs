namespace BnnVerify.Tests.Proofs;

/// <summary>
/// Unit propagation the slow, obvious way — sweep every clause until nothing changes — as the test oracle for the
/// RUP checker and for the reference formula's propagation: no watches, nothing shared with either.
/// </summary>
internal static class NaiveUnitPropagation
{
    /// <summary>
    /// Propagates <paramref name="assumed"/> (literal codes) through <paramref name="clauses"/>; returns null on a
    /// conflict, else the value of every literal code (+1, −1, 0).
    /// </summary>
    public static sbyte[]? Propagate(IReadOnlyList<int[]> clauses, int variables, IEnumerable<int> assumed)
    {
        var value = new sbyte[2 * variables];
        foreach (int l in assumed)
        {
            if (value[l] < 0)
                return null;
            value[l] = 1;
            value[l ^ 1] = -1;
        }
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var clause in clauses)
            {
                int open = -1, openCount = 0;
                bool satisfied = false;
                foreach (int l in clause)
                {
                    if (value[l] > 0)
                    {
                        satisfied = true;
                        break;
                    }
                    if (value[l] == 0 && l != open)
                    {
                        open = l;
                        openCount++;
                    }
                }
                if (satisfied)
                    continue;
                if (openCount == 0)
                    return null;
                if (openCount == 1)
                {
                    value[open] = 1;
                    value[open ^ 1] = -1;
                    changed = true;
                }
            }
        }
        return value;
    }

    /// <summary>Whether the lemma is a RUP consequence of <paramref name="clauses"/>.</summary>
    public static bool IsRup(IReadOnlyList<int[]> clauses, int variables, int[] lemma) =>
        Propagate(clauses, variables, lemma.Select(l => l ^ 1)) is null;

    /// <summary>The 1-based number of the first lemma that is not RUP (deletions ignored), or null when all are and the empty clause comes.</summary>
    public static int? FirstFailure(IReadOnlyList<int[]> formula, int variables, IEnumerable<int[]> lemmas)
    {
        var clauses = new List<int[]>(formula);
        int index = 0;
        foreach (var lemma in lemmas)
        {
            index++;
            if (!IsRup(clauses, variables, lemma))
                return index;
            if (lemma.Length == 0)
                return null;
            clauses.Add(lemma);
        }
        return index + 1;
    }
}
