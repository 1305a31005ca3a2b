using System.Collections.Immutable;
using System.Numerics;
using BnnVerify.Bnn.Model;
using BnnVerify.Bnn.Numerics;

namespace BnnVerify.Bnn.Import;

/// <summary>Integer scores K·s_j + B_j that order the classes exactly as the real scores s_j + b_j do.</summary>
/// <param name="Scale">K ≥ 1: the weight every ±1 connection gets (1 keeps the layer binary).</param>
/// <param name="Offsets">B_j, one per class.</param>
public sealed record ScaledScores(int Scale, ImmutableArray<int> Offsets);

/// <summary>
/// Replaces a real-valued output layer — scores s_j + b_j, where s_j = Σ wⱼᵢxᵢ is an integer and b_j a
/// real bias — by integer scores K·s_j + B_j whose every pairwise comparison, ties included, is the
/// same for every pair of sums the layer can produce, so that the argmax (with any fixed tie rule) is
/// provably the real one.
/// </summary>
/// <remarks>
/// For classes i, j the real comparison is the sign of d − c with d = s_i − s_j and c = b_j − b_i; d is an
/// integer with |d| ≤ r_i + r_j and the parity of r_i + r_j (r = Σ|w|). Let lo and hi be the largest and
/// smallest such d below and above c. The integer comparison K·d − (B_j − B_i) has the same sign for every
/// such d iff B_j − B_i = K·c when c itself is such a d, and otherwise K·lo &lt; B_j − B_i &lt; K·hi. These
/// are difference constraints on the B's, feasible iff their constraint graph has no negative cycle
/// (Bellman–Ford), which also gives a solution. The smallest K that is feasible is chosen, so that the
/// layer stays binary when possible and its integer weights are small otherwise.
/// </remarks>
public static class ScoreScaling
{
    /// <summary>The smallest exact scaling of the scores, or null when no K up to the integer-weight limit works.</summary>
    /// <param name="reaches">Σ|w| of each class's row (its sum lies in [−r, r] with the parity of r).</param>
    /// <param name="biases">The exact real biases.</param>
    public static ScaledScores? Find(ReadOnlySpan<int> reaches, ReadOnlySpan<Rational> biases)
    {
        if (reaches.Length != biases.Length || reaches.Length == 0)
            throw new ArgumentException("one reach and one bias per class");
        foreach (int k in CandidateScales())
        {
            var offsets = Solve(k, reaches, biases);
            if (offsets is not null)
                return new ScaledScores(k, offsets.Value);
        }
        return null;
    }

    /// <summary>Checks a scaling against the definition over every reachable pair of sums; true when it is exact.</summary>
    public static bool IsExact(ScaledScores scaled, ReadOnlySpan<int> reaches, ReadOnlySpan<Rational> biases)
    {
        ArgumentNullException.ThrowIfNull(scaled);
        for (int i = 0; i < reaches.Length; i++)
        {
            for (int j = 0; j < reaches.Length; j++)
            {
                if (i == j)
                    continue;
                for (int si = -reaches[i]; si <= reaches[i]; si += 2)
                {
                    for (int sj = -reaches[j]; sj <= reaches[j]; sj += 2)
                    {
                        int real = (si + biases[i] - (sj + biases[j])).Sign;
                        long integer = (long)scaled.Scale * (si - sj) + scaled.Offsets[i] - scaled.Offsets[j];
                        if (real != Math.Sign(integer))
                            return false;
                    }
                }
            }
        }
        return true;
    }

    private static IEnumerable<int> CandidateScales()
    {
        for (int k = 1; k <= 64; k++)
            yield return k;
        for (int k = 128; k <= 16384; k *= 2)
            yield return k;
        yield return DenseLayer.MaxIntegerWeight;
    }

    private static ImmutableArray<int>? Solve(int scale, ReadOnlySpan<int> reaches, ReadOnlySpan<Rational> biases)
    {
        int n = reaches.Length;
        // edges[u, v] = the tightest upper bound on B_v − B_u (null: none).
        var bound = new BigInteger?[n, n];
        void Upper(int u, int v, BigInteger value)
        {
            if (bound[u, v] is not { } old || value < old)
                bound[u, v] = value;
        }
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                Rational c = biases[j] - biases[i];
                int reach = reaches[i] + reaches[j];
                int parity = reach & 1;
                // Reachable d: integers in [−reach, reach] with d ≡ reach (mod 2).
                BigInteger floor = c.Floor();
                BigInteger lo = AlignDown(c.IsInteger ? floor - 1 : floor, parity);
                BigInteger hi = AlignUp(c.IsInteger ? floor + 1 : c.Ceiling(), parity);
                bool tieReachable = c.IsInteger && ((floor - parity).IsEven) && BigInteger.Abs(floor) <= reach;
                if (tieReachable)
                {
                    // B_j − B_i = K·c exactly.
                    Upper(i, j, scale * floor);
                    Upper(j, i, -scale * floor);
                    continue;
                }
                if (lo >= -reach)
                    Upper(j, i, -(scale * lo + 1));   // B_j − B_i ≥ K·lo + 1
                if (hi <= reach)
                    Upper(i, j, scale * hi - 1);      // B_j − B_i ≤ K·hi − 1
            }
        }
        // Bellman–Ford from a virtual source joined to every node by a 0 edge.
        var distance = new BigInteger[n];
        for (int round = 0; round <= n; round++)
        {
            bool changed = false;
            for (int u = 0; u < n; u++)
            {
                for (int v = 0; v < n; v++)
                {
                    if (bound[u, v] is { } w && distance[u] + w < distance[v])
                    {
                        distance[v] = distance[u] + w;
                        changed = true;
                    }
                }
            }
            if (!changed)
                return Centre(scale, distance, biases);
        }
        return null; // a negative cycle: no offsets for this K
    }

    // Any common shift of a solution is a solution; shift it so that the offsets sit near K·b (readable scores).
    private static ImmutableArray<int>? Centre(int scale, BigInteger[] distance, ReadOnlySpan<Rational> biases)
    {
        Rational gap = Rational.Zero;
        for (int j = 0; j < distance.Length; j++)
            gap += biases[j] * scale - Rational.FromInteger(distance[j]);
        BigInteger shift = (gap / distance.Length).Floor();
        var offsets = new int[distance.Length];
        for (int j = 0; j < offsets.Length; j++)
        {
            BigInteger value = distance[j] + shift;
            if (BigInteger.Abs(value) > DenseLayer.MaxReach)
                return null;
            offsets[j] = (int)value;
        }
        return ImmutableArray.Create(offsets);
    }

    private static BigInteger AlignDown(BigInteger value, int parity) => ((value - parity).IsEven) ? value : value - 1;

    private static BigInteger AlignUp(BigInteger value, int parity) => ((value - parity).IsEven) ? value : value + 1;
}
