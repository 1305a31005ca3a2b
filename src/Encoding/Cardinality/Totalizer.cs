using System.Diagnostics;
using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Cardinality;

/// <summary>Bailleux and Boufkhad's totalizer (CP 2003), k-simplified, with both directions of every adder.</summary>
/// <remarks>
/// Each node of a balanced binary tree over the inputs holds unary counters r1..rm, rt ⇔ "at least t of
/// the node's leaves", with m = min(leaves, k) (counting beyond k cannot change "≥ k"). A leaf's counter is
/// its input literal. Writing a0 = b0 = true and a(|a|+1) = b(|b|+1) = false, a node over children a, b has
///   a_i ∧ b_j → r_(i+j)               for 1 ≤ i+j ≤ m        (the paper's C2: counting up)
///   ¬a_(i+1) ∧ ¬b_(j+1) → ¬r_(i+j+1)  for 1 ≤ i+j+1 ≤ m      (the paper's C1: counting down)
/// The root keeps only r_k, which is the output literal itself.
/// </remarks>
internal static class Totalizer
{
    /// <summary>Encodes output ⇔ (Σ x ≥ k) for 1 ≤ k &lt; n.</summary>
    public static void Encode(IClauseSink sink, ReadOnlySpan<Lit> x, int k, Lit output)
    {
        Debug.Assert(k >= 1 && k < x.Length);
        int half = x.Length / 2;
        var left = Count(sink, x[..half], k);
        var right = Count(sink, x[half..], k);
        Join(sink, left, right, k, [output]);
    }

    /// <summary>Builds the subtree over <paramref name="x"/> and returns its counters r1..min(|x|,k).</summary>
    private static Lit[] Count(IClauseSink sink, ReadOnlySpan<Lit> x, int k)
    {
        if (x.Length == 1)
            return [x[0]];
        int half = x.Length / 2;
        var left = Count(sink, x[..half], k);
        var right = Count(sink, x[half..], k);
        int m = Math.Min(x.Length, k);
        var r = new Lit[m];
        for (int t = 0; t < m; t++)
            r[t] = Lit.Positive(sink.NewVariable());
        Join(sink, left, right, 1, r);
        return r;
    }

    /// <summary>
    /// Adds the adder clauses for the counters r[t − first] = r_t, t = first .. first + |r| − 1, over children
    /// a and b. Counting up stops at the last counter: a larger sum implies it through the children's
    /// monotone counters. A child shorter than k counts all its leaves, so a missing a_(i+1) is false.
    /// </summary>
    private static void Join(IClauseSink sink, Lit[] a, Lit[] b, int first, Lit[] r)
    {
        int last = first + r.Length - 1;
        Span<Lit> clause = stackalloc Lit[3];
        for (int i = 0; i <= a.Length; i++)
        {
            for (int j = 0; j <= b.Length; j++)
            {
                int up = i + j;
                if (up >= first && up <= last)
                {
                    int size = 0;
                    if (i > 0) clause[size++] = !a[i - 1];
                    if (j > 0) clause[size++] = !b[j - 1];
                    clause[size++] = r[up - first];
                    sink.AddClause(clause[..size]);
                }
                int down = i + j + 1;
                if (down >= first && down <= last)
                {
                    int size = 0;
                    // a(i+1) beyond a's counters means a has only i leaves, so the literal is false: omit it.
                    if (i < a.Length) clause[size++] = a[i];
                    if (j < b.Length) clause[size++] = b[j];
                    Debug.Assert(size > 0);
                    clause[size++] = !r[down - first];
                    sink.AddClause(clause[..size]);
                }
            }
        }
    }
}
