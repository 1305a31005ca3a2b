namespace BnnVerify.Bnn.Robustness;

/// <summary>
/// Shortens a counterexample by exact searches next to it. A counterexample of d flips keeps d − j of them, and the
/// ball of radius j − 1 around the input with only the kept flips applied is searched exactly by the ball search:
/// whatever violates there differs from the center in at most d − 1 bits. Each shorter counterexample starts it
/// again. It proves nothing when it fails.
/// </summary>
/// <remarks>
/// The beams build a flip set one flip at a time and keep 32 sets per depth, so they miss a counterexample whose
/// last flips only work together; replacing j flips at once looks where they cannot. j = 2 costs a radius-1 ball
/// per pair of flips dropped (683 candidates on an MNIST image), j = 3 a radius-2 ball per triple (at most 232,903,
/// most settled by bounds); radius 3 (53 million) would cost as much as the enumeration of the whole sphere.
/// </remarks>
internal static class BallShrink
{
    /// <summary>The most flips replaced at once.</summary>
    public const int MostReplaced = 3;

    /// <summary>
    /// A counterexample with fewer flips than <paramref name="flips"/> (positions of <paramref name="net"/>'s order),
    /// as sorted positions, or <paramref name="flips"/> itself when none is found next to it. No counterexample may
    /// have fewer than <paramref name="fewest"/> flips (the ball search calls it once those distances are proved
    /// robust): the searches around a kept subset reach back to it, and would otherwise stop at such a one.
    /// </summary>
    public static int[] Shrink(BallNetwork net, BallQuery query, int[] flips, int fewest, BallSearchOptions options, CancellationToken cancellation, ref long evaluations)
    {
        var positionOf = new int[net.Model.InputCount];
        for (int p = 0; p < net.FreeCount; p++)
            positionOf[net.Order[p]] = p;
        int[] best = [.. flips.Order()];
        bool shorter = true;
        while (shorter && best.Length - 1 >= Math.Max(1, fewest))
        {
            shorter = false;
            for (int replaced = 2; replaced <= Math.Min(MostReplaced, best.Length) && !shorter; replaced++)
            {
                foreach (var kept in SubsetsWithout(best, replaced))
                {
                    if (cancellation.IsCancellationRequested)
                        return best;
                    var found = SearchAround(net, query, kept, replaced - 1, options, cancellation, ref evaluations);
                    if (found is null)
                        continue;
                    int[] positions = [.. found.Select(input => positionOf[input]).Order()];
                    if (positions.Length < fewest || positions.Length >= best.Length)
                        continue;
                    best = positions;
                    shorter = true;
                    break;
                }
            }
        }
        return best;
    }

    // The inputs (model indexes) where a counterexample within `radius` flips of the center with `kept` applied
    // differs from the original center, or null.
    private static int[]? SearchAround(BallNetwork net, BallQuery query, int[] kept, int radius, BallSearchOptions options,
        CancellationToken cancellation, ref long evaluations)
    {
        var center = query.Center.ToArray();
        foreach (int p in kept)
            center[net.Order[p]] = !center[net.Order[p]];
        var around = query with { Center = [.. center], MinDistance = 0, MaxDistance = radius };
        var local = new BallNetwork(net.Model, around, BallSearch.SensitivityOrder(net.Model, around));
        var pass = BallSearch.Pass(local, 0, radius, options with { Count = false }, new UInt128[0, 0], cancellation);
        evaluations += pass.Evaluated;
        if (pass.Best is null)
            return null;
        foreach (int p in pass.Best.Positions)
            center[local.Order[p]] = !center[local.Order[p]];
        return [.. Enumerable.Range(0, center.Length).Where(i => center[i] != query.Center[i])];
    }

    // Every subset of `items` with `dropped` of them left out, in lexicographic order of the indexes left out.
    private static IEnumerable<int[]> SubsetsWithout(int[] items, int dropped)
    {
        var leftOut = new int[dropped];
        for (int t = 0; t < dropped; t++)
            leftOut[t] = t;
        while (true)
        {
            yield return [.. items.Where((_, i) => Array.IndexOf(leftOut, i) < 0)];
            // The next combination: advance the last index that can still move, and put the ones after it right behind it.
            int last = dropped - 1;
            while (last >= 0 && leftOut[last] == items.Length - dropped + last)
                last--;
            if (last < 0)
                yield break;
            leftOut[last]++;
            for (int t = last + 1; t < dropped; t++)
                leftOut[t] = leftOut[t - 1] + 1;
        }
    }
}
