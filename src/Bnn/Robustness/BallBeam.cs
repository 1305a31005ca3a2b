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
    /// <paramref name="maxDepth"/> flips, or null. With <paramref name="smoothed"/>, extensions are ranked by its
    /// smoothed margin (then the exact one) instead of the exact margin (then the constraints' total).
    /// </summary>
    public static int[]? Search(BallNetwork net, int minDepth, int maxDepth, int width, SmoothedMargin? smoothed, CancellationToken cancellation, out long evaluations)
    {
        var worker = new BallWorker(net, 0, 1, false, 0, new UInt128[0, 0], new SharedSearchState(false, cancellation));
        ulong[] keys = ZobristKeys(net.FreeCount);
        var beam = new List<int[]> { Array.Empty<int>() };
        var used = new bool[net.FreeCount];
        evaluations = 0;
        for (int depth = 1; depth <= Math.Min(maxDepth, net.FreeCount); depth++)
        {
            // A max-heap on the priority holds the best `width` extensions; ties keep the earlier one, so the
            // result does not depend on anything but the network and the ball.
            var best = new PriorityQueue<int[], Priority>(width + 1, WorstFirst.Instance);
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
                    Priority priority;
                    long margin;
                    if (smoothed is null)
                    {
                        margin = worker.MarginWith(p);
                        priority = new Priority(margin, worker.LastConstraintTotal, order++);
                    }
                    else
                    {
                        margin = worker.MarginWith(p, smoothed, out float soft);
                        priority = new Priority(soft, margin, order++);
                    }
                    if (margin < 0 && depth >= minDepth)
                    {
                        evaluations = worker.Evaluated;
                        int[] found = [.. flips, p];
                        Array.Sort(found);
                        return found;
                    }
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

    /// <summary>An extension's rank: the value it is ranked by, a tie-break, and the order it was met in.</summary>
    private readonly record struct Priority(double Primary, long Secondary, long Order);

    /// <summary>Orders priorities best first: smaller primary, then smaller secondary, then found earlier.</summary>
    private sealed class BestFirst : IComparer<Priority>
    {
        public static readonly BestFirst Instance = new();

        public int Compare(Priority x, Priority y) =>
            x.Primary != y.Primary ? x.Primary.CompareTo(y.Primary)
            : x.Secondary != y.Secondary ? x.Secondary.CompareTo(y.Secondary)
            : x.Order.CompareTo(y.Order);
    }

    /// <summary>The heap's order: the worst kept extension on top, so that a better one replaces it.</summary>
    private sealed class WorstFirst : IComparer<Priority>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare(Priority x, Priority y) => BestFirst.Instance.Compare(y, x);
    }
}
