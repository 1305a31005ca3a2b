namespace BnnVerify.Bnn.Robustness;

/// <summary>
/// A beam search for a counterexample: from the center, each depth extends every kept flip set by every unused bit,
/// and keeps the <c>width</c> sets with the smallest margins (then the smallest sum of the constraints' values,
/// which still moves while the smallest constraint does not). It proves nothing when it fails; when it succeeds
/// at depth d, the ball search only has to prove the distances below d robust for d to be minimal, and an L∞ ball
/// (any candidate will do) is settled at once. It replaces a greedy descent tried at each distance with exactly
/// that many flips, which left 13 of the 20 MNIST L∞ balls at ε = 1 undecided after 20 s each; allowed to go deep,
/// the beam finds a counterexample in all 20 within seconds (docs/robustness.md). Collisions of the 64-bit set
/// keys only skip a candidate: the beam is a heuristic, and proves nothing by what it skips.
/// </summary>
internal static class BallBeam
{
    /// <summary>
    /// The flip positions (sorted) of a counterexample with between <paramref name="minDepth"/> and
    /// <paramref name="maxDepth"/> flips, or null.
    /// </summary>
    public static int[]? Search(BallNetwork net, int minDepth, int maxDepth, int width, CancellationToken cancellation, out long evaluations)
    {
        var worker = new BallWorker(net, 0, 1, false, 0, new UInt128[0, 0], new SharedSearchState(false, cancellation));
        ulong[] keys = ZobristKeys(net.FreeCount);
        var beam = new List<int[]> { Array.Empty<int>() };
        var used = new bool[net.FreeCount];
        evaluations = 0;
        for (int depth = 1; depth <= Math.Min(maxDepth, net.FreeCount); depth++)
        {
            // A max-heap on (margin, total) holds the best `width` extensions; ties keep the earlier one, so the
            // result does not depend on anything but the network and the ball.
            var best = new PriorityQueue<int[], (long Margin, long Total, long Order)>(width + 1, WorstFirst.Instance);
            var seen = new HashSet<ulong>();
            long order = 0;
            foreach (var flips in beam)
            {
                if (cancellation.IsCancellationRequested)
                {
                    evaluations = worker.Evaluated;
                    return null;
                }
                worker.ResetToCenter();
                ulong key = 0;
                foreach (int p in flips)
                {
                    worker.Apply(p);
                    used[p] = true;
                    key ^= keys[p];
                }
                for (int p = 0; p < net.FreeCount; p++)
                {
                    if (used[p] || !seen.Add(key ^ keys[p]))
                        continue;
                    long margin = worker.MarginWith(p);
                    if (margin < 0 && depth >= minDepth)
                    {
                        evaluations = worker.Evaluated;
                        int[] found = [.. flips, p];
                        Array.Sort(found);
                        return found;
                    }
                    var priority = (margin, worker.LastConstraintTotal, order++);
                    if (best.Count < width)
                    {
                        best.Enqueue([.. flips, p], priority);
                    }
                    else
                    {
                        best.TryPeek(out _, out var worst);
                        if (BestFirst.Instance.Compare(priority, worst) < 0)
                            best.EnqueueDequeue([.. flips, p], priority);
                    }
                }
                foreach (int p in flips)
                    used[p] = false;
            }
            beam = [.. best.UnorderedItems.OrderBy(item => item.Priority, BestFirst.Instance).Select(item => item.Element)];
        }
        evaluations = worker.Evaluated;
        return null;
    }

    // Fixed random keys, so that a flip set's key is the XOR of its positions' keys whatever the order of its flips.
    private static ulong[] ZobristKeys(int count)
    {
        var random = new Random(0x5eed);
        var keys = new ulong[count];
        for (int i = 0; i < count; i++)
            keys[i] = (ulong)random.NextInt64() ^ ((ulong)random.NextInt64() << 32);
        return keys;
    }

    /// <summary>Orders (margin, total, order) best first: smaller margin, then smaller total, then found earlier.</summary>
    private sealed class BestFirst : IComparer<(long Margin, long Total, long Order)>
    {
        public static readonly BestFirst Instance = new();

        public int Compare((long Margin, long Total, long Order) x, (long Margin, long Total, long Order) y) =>
            x.Margin != y.Margin ? x.Margin.CompareTo(y.Margin)
            : x.Total != y.Total ? x.Total.CompareTo(y.Total)
            : x.Order.CompareTo(y.Order);
    }

    /// <summary>The heap's order: the worst kept extension on top, so that a better one replaces it.</summary>
    private sealed class WorstFirst : IComparer<(long Margin, long Total, long Order)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((long Margin, long Total, long Order) x, (long Margin, long Total, long Order) y) => BestFirst.Instance.Compare(y, x);
    }
}
