using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Tests.Encoding;

/// <summary>
/// A deliberately naive DPLL (unit propagation by rescanning, branching on the first free variable) used as
/// an independent oracle for encodings whose auxiliary variables make plain enumeration too large.
/// </summary>
internal static class TinyDpll
{
    public static bool IsSatisfiable(CnfFormula formula, ReadOnlySpan<Lit> assumptions)
    {
        var clauses = new int[formula.ClauseCount][];
        for (int c = 0; c < clauses.Length; c++)
            clauses[c] = formula.ClauseCodes(c).ToArray();
        // value[v]: 0 unassigned, 1 true, -1 false.
        var value = new sbyte[formula.VariableCount];
        foreach (var a in assumptions)
        {
            sbyte wanted = a.IsNegative ? (sbyte)-1 : (sbyte)1;
            if (value[a.Variable] == -wanted)
                return false;
            value[a.Variable] = wanted;
        }
        return Search(clauses, value);
    }

    private static bool Search(int[][] clauses, sbyte[] value)
    {
        var trail = new List<int>();
        bool consistent = Propagate(clauses, value, trail);
        if (consistent)
        {
            int free = Array.IndexOf(value, (sbyte)0);
            if (free < 0)
                return true;
            foreach (sbyte choice in new sbyte[] { 1, -1 })
            {
                value[free] = choice;
                if (Search(clauses, value))
                    return true;
                value[free] = 0;
            }
        }
        foreach (int v in trail)
            value[v] = 0;
        return false;
    }

    private static bool Propagate(int[][] clauses, sbyte[] value, List<int> trail)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var clause in clauses)
            {
                int unassigned = 0, last = -1;
                bool satisfied = false;
                foreach (int code in clause)
                {
                    sbyte v = value[code >> 1];
                    if (v == 0) { unassigned++; last = code; }
                    else if ((v == 1) != ((code & 1) != 0)) { satisfied = true; break; }
                }
                if (satisfied)
                    continue;
                if (unassigned == 0)
                    return false;
                if (unassigned == 1)
                {
                    value[last >> 1] = (last & 1) != 0 ? (sbyte)-1 : (sbyte)1;
                    trail.Add(last >> 1);
                    changed = true;
                }
            }
        }
        return true;
    }
}
