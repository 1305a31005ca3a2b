using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Bnn.Robustness;

/// <summary>
/// Decides whether some input of a Hamming ball changes an argmax model's class (or breaks any <see cref="ScoreProperty"/>),
/// by a depth-first search over sets of flips that updates the first layer's sums per flip and skips every subtree
/// the interval bounds or the exact enumeration of its open first-layer neurons settle (see <see cref="BallWorker"/>).
/// Without counting, the ball is searched one distance
/// at a time, so the counterexample found has the fewest flips and every smaller distance is proved robust; first a
/// beam search (<see cref="BallBeam"/>) often finds a counterexample at once, whose distance the enumeration then
/// only has to prove minimal; before the enumeration reaches the expensive spheres, exact searches next to that
/// counterexample try to shorten it (<see cref="BallShrink"/>).
/// The free bits are ordered most sensitive first (by the margin a single flip leaves), so that counterexamples
/// come early; the subtrees of the root's children are tasks for all cores, and the lowest task's counterexample
/// wins, so that the answer does not depend on timing.
/// </summary>
public static class BallSearch
{
    /// <summary>Searches the ball of <paramref name="query"/> on <paramref name="network"/>.</summary>
    public static BallSearchResult Run(PackedNetwork network, BallQuery query, BallSearchOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        var model = network.Model;
        Validate(model, query);
        var clock = Stopwatch.StartNew();
        int m = query.FreeBits.Length;
        int rMax = Math.Min(query.MaxDistance, m);
        int rMin = query.MinDistance;
        var total = UInt128.Zero;
        for (int r = rMin; r <= rMax; r++)
            total = SaturatingAdd(total, Binomial(m, r));
        if (rMin > rMax)
            return new BallSearchResult(BallVerdict.Robust, [], [], clock.Elapsed) { Candidates = 0, Violations = options.Count ? 0 : null };

        int[] order = SensitivityOrder(model, query);
        var net = new BallNetwork(model, query, order);
        var spheres = ImmutableArray.CreateBuilder<SphereStatistics>();
        long evaluated = 0, bounded = 0, settled = 0;
        if (options.Count)
        {
            var binomial = BinomialTable(m, rMax);
            var pass = Pass(net, rMin, rMax, options, binomial, cancellation);
            var counterexamples = pass.Found.Select(flips => Input(query, order, flips)).ToImmutableArray();
            bool interrupted = cancellation.IsCancellationRequested;
            var verdict = pass.Violations > 0 ? BallVerdict.Violated : interrupted ? BallVerdict.Unknown : BallVerdict.Robust;
            spheres.Add(new SphereStatistics(rMax, total, pass.Evaluated, pass.Violations > 0, "enumeration", clock.Elapsed)
            {
                NetworkEvaluations = pass.NetworkEvaluations,
                NodesBounded = pass.Bounded,
                SubtreesSettled = pass.Settled,
            });
            return new BallSearchResult(verdict, counterexamples, spheres.ToImmutable(), clock.Elapsed)
            {
                Violations = pass.Violations,
                Candidates = total,
                Evaluated = pass.Evaluated,
                NodesBounded = pass.Bounded,
                SubtreesSettled = pass.Settled,
                CounterexampleDistance = counterexamples.IsEmpty ? null : counterexamples.Min(c => Distance(query, c)),
                Interrupted = interrupted,
            };
        }

        // The beam's counterexample, if any, ends the search at its distance d: either at once (any counterexample
        // will do) or once every distance below d is proved robust (d is then minimal).
        int[]? beam = null;
        long beamEvaluations = 0;
        var beamTime = TimeSpan.Zero;
        if (options.Attack && rMax >= 1)
        {
            var beamClock = Stopwatch.StartNew();
            beam = Attack(net, Math.Max(1, rMin), Math.Min(rMax, options.BeamDepth), options, cancellation, out beamEvaluations);
            beamTime = beamClock.Elapsed;
            evaluated += beamEvaluations;
            if (beam is not null && !options.FewestFlips)
            {
                spheres.Add(new SphereStatistics(beam.Length, Binomial(m, beam.Length), beamEvaluations, true, "attack", beamTime));
                return Found(query, order, beam, spheres, clock, total, evaluated, bounded, settled, "attack", beam.Length);
            }
        }
        bool shrunk = false;
        for (int r = rMin; r <= rMax; r++)
        {
            var sphereClock = Stopwatch.StartNew();
            if (beam is not null && !shrunk && r >= ShrinkFrom && beam.Length > r + 1)
            {
                // Every distance below r is robust by now, so r is the fewest flips a shorter counterexample can have.
                // With r + 1 flips, the sphere r about to be enumerated is exactly where a shorter one must be.
                shrunk = true;
                long shrinking = 0;
                beam = BallShrink.Shrink(net, query, beam, r, options, cancellation, ref shrinking);
                beamEvaluations += shrinking;
                evaluated += shrinking;
                beamTime += sphereClock.Elapsed;
                sphereClock.Restart();
            }
            if (beam is not null && beam.Length == r)
            {
                spheres.Add(new SphereStatistics(r, Binomial(m, r), beamEvaluations, true, "attack", beamTime));
                return Found(query, order, beam, spheres, clock, total, evaluated, bounded, settled, "attack", r);
            }
            var pass = Pass(net, r, r, options, new UInt128[0, 0], cancellation);
            evaluated += pass.Evaluated;
            bounded += pass.Bounded;
            settled += pass.Settled;
            bool violated = pass.Best is not null;
            string method = pass.Evaluated == 0 ? "bounds" : "enumeration";
            // A pass that ends with the cancellation may have been cut short: it counts as incomplete.
            spheres.Add(new SphereStatistics(r, Binomial(m, r), pass.Evaluated, violated, method, sphereClock.Elapsed)
            {
                NetworkEvaluations = pass.NetworkEvaluations,
                NodesBounded = pass.Bounded,
                SubtreesSettled = pass.Settled,
                Complete = violated || !cancellation.IsCancellationRequested,
            });
            if (violated)
                return Found(query, order, pass.Best!.Positions, spheres, clock, total, evaluated, bounded, settled, method, r);
            if (cancellation.IsCancellationRequested)
            {
                // The beam's counterexample is still real: the ball is not robust at its distance, only its
                // minimality is unproved (every distance before the interrupted one is robust).
                if (beam is not null)
                    return Found(query, order, beam, spheres, clock, total, evaluated, bounded, settled, "attack", beam.Length) with { Interrupted = true };
                return new BallSearchResult(BallVerdict.Unknown, [], spheres.ToImmutable(), clock.Elapsed)
                {
                    Candidates = total,
                    Evaluated = evaluated,
                    NodesBounded = bounded,
                    SubtreesSettled = settled,
                    Interrupted = true,
                };
            }
        }
        return new BallSearchResult(BallVerdict.Robust, [], spheres.ToImmutable(), clock.Elapsed)
        {
            Candidates = total,
            Evaluated = evaluated,
            NodesBounded = bounded,
            SubtreesSettled = settled,
            Method = evaluated == 0 ? "bounds" : "enumeration",
        };
    }

    /// <summary>
    /// The temperatures of the smoothed beams tried after the exact one (<see cref="SmoothedMargin"/>). On the MNIST
    /// network the exact beam finds none of the four-flip counterexamples of image 7 (its flips cross no neuron one
    /// by one); smoothed at 4 or 8 it finds one, and the two find different ones elsewhere (docs/robustness.md).
    /// </summary>
    private static readonly float[] BeamTemperatures = [4f, 8f];

    /// <summary>
    /// A smoothed beam runs only if it may find a counterexample this deep: one or two flips the enumeration tries
    /// faster than a beam (the 683 and 232,903 candidates of an MNIST image take it milliseconds to a second).
    /// </summary>
    private const int SmoothedBeamShallowest = 3;

    /// <summary>
    /// The beam's counterexample is shrunk (<see cref="BallShrink"/>) just before the enumeration reaches this distance:
    /// the spheres below it cost less than shrinking does (a few dozen radius-2 balls), the ones from it on cost more
    /// (an MNIST image's radius-3 sphere is 53 million candidates), and a counterexample found below it needs no shrinking.
    /// </summary>
    private const int ShrinkFrom = 3;

    // The beams in turn, the exact one first: each later one only looks for a counterexample with fewer flips than
    // the best so far (or, when any counterexample will do, runs only while none is found).
    private static int[]? Attack(BallNetwork net, int minDepth, int maxDepth, BallSearchOptions options, CancellationToken cancellation, out long evaluations)
    {
        evaluations = 0;
        int[]? best = BallBeam.Search(net, minDepth, maxDepth, options.BeamWidth, null, cancellation, out long exact);
        evaluations += exact;
        if (net.FirstIsConstraints)
            return best;
        foreach (float temperature in BeamTemperatures)
        {
            if (best is not null && !options.FewestFlips)
                break;
            int limit = best is null ? maxDepth : best.Length - 1;
            if (limit < Math.Max(minDepth, SmoothedBeamShallowest) || cancellation.IsCancellationRequested)
                break;
            var found = BallBeam.Search(net, minDepth, limit, options.BeamWidth, new SmoothedMargin(net, temperature), cancellation, out long smoothed);
            evaluations += smoothed;
            best = found ?? best;
        }
        return best;
    }

    /// <summary>C(n, k), saturated at <see cref="UInt128.MaxValue"/>.</summary>
    public static UInt128 Binomial(int n, int k)
    {
        if (k < 0 || k > n)
            return 0;
        BigInteger value = BigInteger.One;
        for (int i = 0; i < k; i++)
            value = value * (n - i) / (i + 1);
        return value > (BigInteger)UInt128.MaxValue ? UInt128.MaxValue : (UInt128)value;
    }

    private static BallSearchResult Found(BallQuery query, int[] order, int[] flips, ImmutableArray<SphereStatistics>.Builder spheres, Stopwatch clock,
        UInt128 total, long evaluated, long bounded, long settled, string method, int distance) =>
        new(BallVerdict.Violated, [Input(query, order, flips)], spheres.ToImmutable(), clock.Elapsed)
        {
            Candidates = total,
            Evaluated = evaluated,
            NodesBounded = bounded,
            SubtreesSettled = settled,
            CounterexampleDistance = distance,
            Method = method,
        };

    private static void Validate(BnnModel model, BallQuery query)
    {
        if (model.Output is not ArgmaxOutput argmax)
            throw new ArgumentException("ball searches need an argmax model", nameof(model));
        if (query.Center.Length != model.InputCount)
            throw new ArgumentException($"the center has {query.Center.Length} values for {model.InputCount} inputs", nameof(query));
        if (query.Property.ClassCount != argmax.Classes.Length)
            throw new ArgumentException("the property's classes do not match the model's", nameof(query));
        if (query.MinDistance < 0 || query.MaxDistance < query.MinDistance)
            throw new ArgumentException("expected 0 ≤ minimum distance ≤ maximum distance", nameof(query));
        var seen = new HashSet<int>();
        foreach (int bit in query.FreeBits)
        {
            if (bit < 0 || bit >= model.InputCount || !seen.Add(bit))
                throw new ArgumentException($"free bit {bit} is out of range or repeated", nameof(query));
        }
    }

    private static int Distance(BallQuery query, ImmutableArray<bool> input)
    {
        int distance = 0;
        foreach (int bit in query.FreeBits)
            distance += input[bit] != query.Center[bit] ? 1 : 0;
        return distance;
    }

    private static ImmutableArray<bool> Input(BallQuery query, int[] order, int[] flips)
    {
        var input = query.Center.ToArray();
        foreach (int position in flips)
            input[order[position]] = !input[order[position]];
        return [.. input];
    }

    // Most sensitive first: by the margin a single flip leaves, then by input index.
    internal static int[] SensitivityOrder(BnnModel model, BallQuery query)
    {
        int[] identity = [.. query.FreeBits];
        var probe = new BallNetwork(model, query, identity);
        var worker = new BallWorker(probe, 0, 1, false, 0, new UInt128[0, 0], new SharedSearchState(false, CancellationToken.None));
        var margins = new long[identity.Length];
        for (int p = 0; p < identity.Length; p++)
            margins[p] = worker.MarginWith(p);
        return [.. Enumerable.Range(0, identity.Length).OrderBy(p => margins[p]).ThenBy(p => identity[p]).Select(p => identity[p])];
    }

    internal sealed record PassResult(long Evaluated, long NetworkEvaluations, long Bounded, long Settled, UInt128 Violations, List<int[]> Found, ImmutableCounterexample? Best);

    internal static PassResult Pass(BallNetwork net, int rMin, int rMax, BallSearchOptions options, UInt128[,] binomial, CancellationToken cancellation)
    {
        var shared = new SharedSearchState(!options.Count, cancellation, options.Threads > 0 ? options.Threads : Environment.ProcessorCount);
        int maxCounterexamples = Math.Max(0, options.MaxCounterexamples);
        var root = new BallWorker(net, rMin, rMax, options.Count, maxCounterexamples, binomial, shared);
        var workers = new List<BallWorker> { root };
        List<int[]>[] found;
        if (root.RunRoot(out bool childrenAreTasks) && childrenAreTasks)
        {
            int need = Math.Max(1, rMin);
            int taskCount = net.FreeCount - need + 1;
            found = new List<int[]>[taskCount];
            int threads = Math.Min(taskCount, options.Threads > 0 ? options.Threads : Environment.ProcessorCount);
            var rootFound = new List<int[]>(root.Found);
            root.Found.Clear();
            int next = -1;
            var threadWorkers = new BallWorker[threads];
            threadWorkers[0] = root;
            for (int t = 1; t < threads; t++)
                threadWorkers[t] = new BallWorker(net, rMin, rMax, options.Count, maxCounterexamples, binomial, shared);
            workers = [.. threadWorkers];
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var worker = threadWorkers[t];
                while (true)
                {
                    int task = Interlocked.Increment(ref next);
                    if (task >= taskCount || cancellation.IsCancellationRequested || (shared.StopAtFirst && shared.BestTask < task))
                        return;
                    worker.RunTask(task);
                    if (worker.Found.Count > 0)
                    {
                        found[task] = [.. worker.Found];
                        worker.Found.Clear();
                    }
                }
            });
            var all = rootFound.Concat(found.Where(list => list is not null).SelectMany(list => list)).Take(maxCounterexamples).ToList();
            return Summarize(workers, all, shared);
        }
        return Summarize(workers, [.. root.Found.Take(maxCounterexamples)], shared);
    }

    private static PassResult Summarize(List<BallWorker> workers, List<int[]> found, SharedSearchState shared)
    {
        long evaluated = 0, bounded = 0, settled = 0, network = 0;
        UInt128 violations = 0;
        foreach (var worker in workers)
        {
            network += worker.NetworkEvaluations;
            evaluated += worker.Evaluated;
            bounded += worker.Bounded;
            settled += worker.Settled;
            violations = SaturatingAdd(violations, worker.Violations);
        }
        return new PassResult(evaluated, network, bounded, settled, violations, found, shared.Best);
    }

    private static UInt128[,] BinomialTable(int n, int k)
    {
        var table = new UInt128[n + 1, k + 1];
        for (int i = 0; i <= n; i++)
        {
            table[i, 0] = 1;
            for (int j = 1; j <= Math.Min(i, k); j++)
                table[i, j] = SaturatingAdd(table[i - 1, j - 1], j <= i - 1 ? table[i - 1, j] : 0);
        }
        return table;
    }

    private static UInt128 SaturatingAdd(UInt128 a, UInt128 b) => a > UInt128.MaxValue - b ? UInt128.MaxValue : a + b;
}
