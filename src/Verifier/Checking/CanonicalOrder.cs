using System.Collections.Immutable;
using System.Numerics;

namespace BnnVerify.Verifier.Checking;

/// <summary>
/// The order in which counterexamples are reported, so that a report does not depend on which backend, which side of
/// auto's race or which search of the native portfolio found them: inputs are compared in model order, false before
/// true (the first input that differs decides). Exhaustive checking keeps the smallest violating inputs in this order,
/// a solver backend minimises each model in it (docs/report-format.md).
/// </summary>
public static class CanonicalOrder
{
    /// <summary>Compares two packed inputs (input i at bit i mod 64 of word i / 64, unused high bits zero).</summary>
    public static int Compare(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right)
    {
        for (int w = 0; w < left.Length; w++)
        {
            ulong difference = left[w] ^ right[w];
            if (difference != 0)
                // The lowest differing bit is the first differing input; the side where it is false comes first.
                return (left[w] & (1UL << BitOperations.TrailingZeroCount(difference))) == 0 ? -1 : 1;
        }
        return 0;
    }

    /// <summary>Compares two counterexamples by their inputs.</summary>
    public static int Compare(Counterexample left, Counterexample right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return Compare(left.Inputs, right.Inputs);
    }

    /// <summary>Compares two unpacked inputs of the same length.</summary>
    public static int Compare(ImmutableArray<bool> left, ImmutableArray<bool> right)
    {
        for (int i = 0; i < left.Length; i++)
        {
            if (left[i] != right[i])
                return left[i] ? 1 : -1;
        }
        return 0;
    }
}
