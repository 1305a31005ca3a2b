using System.Diagnostics;
using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Cardinality;

/// <summary>Sinz's sequential counter (CP 2005), with both directions so that the output is an equivalence.</summary>
/// <remarks>
/// Register s(i,j) ⇔ "at least j of x1..xi are true". Only registers that can still influence s(n,k) are
/// made: j ≤ k, and j ≥ k − (n − i) (with fewer than that, the remaining inputs cannot reach k).
/// That is k(n−k+1) registers; s(n,k) is the output literal itself. Per register the clauses are
///   s(i−1,j) → s(i,j),  x_i ∧ s(i−1,j−1) → s(i,j)      (counting up)
///   s(i,j) → s(i−1,j) ∨ x_i,  s(i,j) → s(i−1,j−1)      (counting down)
/// with a missing s(i−1,0) read as true and a missing s(i−1,i) as false.
/// </remarks>
internal static class SequentialCounter
{
    /// <summary>Encodes output ⇔ (Σ x ≥ k) for 1 ≤ k ≤ n.</summary>
    public static void Encode(IClauseSink sink, ReadOnlySpan<Lit> x, int k, Lit output)
    {
        int n = x.Length;
        Debug.Assert(k >= 1 && k <= n);
        // Column i holds registers j = lo..hi; two columns are alive at a time, indexed by j.
        var previous = new Lit[k + 1];
        var current = new Lit[k + 1];
        int previousLo = 1, previousHi = 0;
        Span<Lit> clause = stackalloc Lit[3];
        for (int i = 1; i <= n; i++)
        {
            var xi = x[i - 1];
            int lo = Math.Max(1, k - n + i);
            int hi = Math.Min(i, k);
            for (int j = lo; j <= hi; j++)
            {
                var s = i == n && j == k ? output : Lit.Positive(sink.NewVariable());
                current[j] = s;
                bool hasSame = j <= previousHi;          // s(i−1,j) exists (j ≥ previousLo always holds)
                Debug.Assert(j == 1 || (j - 1 >= previousLo && j - 1 <= previousHi));
                if (hasSame)
                {
                    clause[0] = !previous[j]; clause[1] = s;
                    sink.AddClause(clause[..2]);
                }
                if (j == 1)
                {
                    clause[0] = !xi; clause[1] = s;
                    sink.AddClause(clause[..2]);
                }
                else
                {
                    clause[0] = !xi; clause[1] = !previous[j - 1]; clause[2] = s;
                    sink.AddClause(clause);
                }
                if (hasSame)
                {
                    clause[0] = !s; clause[1] = previous[j]; clause[2] = xi;
                    sink.AddClause(clause);
                }
                else
                {
                    clause[0] = !s; clause[1] = xi;
                    sink.AddClause(clause[..2]);
                }
                if (j >= 2)
                {
                    clause[0] = !s; clause[1] = previous[j - 1];
                    sink.AddClause(clause[..2]);
                }
            }
            (previous, current) = (current, previous);
            previousLo = lo;
            previousHi = hi;
        }
    }
}
