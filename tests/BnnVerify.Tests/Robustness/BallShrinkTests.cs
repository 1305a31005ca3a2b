using System.Numerics;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Robustness;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Robustness;

/// <summary>
/// Shrinking a counterexample by exact searches next to it (<see cref="BallShrink"/>): what it returns is real and
/// no longer, and it finds every shorter counterexample within its reach (some j ≤ 3 flips replaced by at most j − 1).
/// </summary>
public class BallShrinkTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(150);

    [Fact]
    public void A_shrunk_counterexample_is_real_and_shorter_whenever_one_is_within_reach()
    {
        var cases = from c in BallGenerators.Cases()
                    where c.FreeBits.Length >= 2
                    from pick in Gen.Choose(0, int.MaxValue)
                    select (Case: c, Pick: pick);
        int shortened = 0;
        Prop.ForAll(Arb.From(cases), item =>
        {
            var (c, pick) = item;
            var network = PackedNetwork.Compile(c.Model);
            // Every violating flip set over the free bits, as masks of positions (position b is free bit b).
            var violating = Enumerable.Range(0, 1 << c.FreeBits.Length)
                .Where(mask => c.Violates(network, Apply(c, (ulong)mask))).Select(mask => (ulong)mask).ToList();
            var longer = violating.Where(mask => BitOperations.PopCount(mask) >= 2).ToList();
            if (longer.Count == 0 || violating.Contains(0UL))
                return true;
            ulong start = longer[pick % longer.Count];
            int d = BitOperations.PopCount(start);
            // As in the ball search, no counterexample has fewer flips than `fewest` (those distances are proved robust).
            int fewest = violating.Min(BitOperations.PopCount);
            var net = new BallNetwork(c.Model, c.Query, c.FreeBits);
            long evaluations = 0;
            var shrunk = BallShrink.Shrink(net, c.Query, Positions(start), fewest, new BallSearchOptions(), CancellationToken.None, ref evaluations);
            ulong result = shrunk.Aggregate(0UL, (mask, p) => mask | (1UL << p));
            Assert.True(violating.Contains(result), $"[{string.Join(",", shrunk)}] from {start:b} is not a counterexample");
            Assert.True(shrunk.Length <= d && shrunk.Distinct().Count() == shrunk.Length, $"[{string.Join(",", shrunk)}] from {start:b}");
            // Within reach: a kept subset K of the start (j = 2 or 3 flips dropped) and a counterexample within j − 1 flips of K.
            bool reachable = violating.Any(other =>
            {
                int length = BitOperations.PopCount(other);
                if (length >= d)
                    return false;
                for (int j = 2; j <= Math.Min(BallShrink.MostReplaced, d); j++)
                {
                    foreach (ulong kept in SubsetsOfSize(start, d - j))
                    {
                        if (BitOperations.PopCount(other ^ kept) <= j - 1)
                            return true;
                    }
                }
                return false;
            });
            if (reachable)
                shortened++;
            Assert.True(!reachable || shrunk.Length < d, $"{start:b} did not shrink");
            return true;
        }).Check(Config);
        Assert.True(shortened > 10, $"only {shortened} cases had a shorter counterexample within reach");
    }

    [Fact]
    public void Image_3s_seven_flip_counterexample_shrinks_to_five()
    {
        // The beams' counterexample of image 3 before shrinking existed (docs/robustness.md at 47b918e): seven flips,
        // digit0 → digit5. In the documented run, shrinking made it five flips.
        string[] beam = ["px_4_3", "px_12_26", "px_16_9", "px_23_26", "px_25_0", "px_25_10", "px_26_14"];
        var (net, query) = MnistBalls.Around("bnn_mnist_3_label0.png", "digit0", 7);
        var model = net.Model;
        var free = query.FreeBits;
        int[] start = [.. beam.Select(name => free.IndexOf(Array.IndexOf([.. model.InputNames], name)))];
        Assert.DoesNotContain(-1, start);

        // Every distance below 4 of image 3 is robust (docs/robustness.md), as Shrink requires of its `fewest`.
        long evaluations = 0;
        var shrunk = BallShrink.Shrink(net, query, start, 4, new BallSearchOptions(), CancellationToken.None, ref evaluations);

        Assert.True(shrunk.Length <= 5, $"shrunk to {shrunk.Length} flips");
        MnistBalls.AssertViolates(net, query, shrunk);
    }

    private static bool[] Apply(BallCase c, ulong mask)
    {
        var input = (bool[])c.Center.Clone();
        for (int b = 0; b < c.FreeBits.Length; b++)
        {
            if (((mask >> b) & 1) != 0)
                input[c.FreeBits[b]] = !input[c.FreeBits[b]];
        }
        return input;
    }

    private static int[] Positions(ulong mask) => [.. Enumerable.Range(0, 64).Where(b => ((mask >> b) & 1) != 0)];

    private static IEnumerable<ulong> SubsetsOfSize(ulong set, int size)
    {
        int[] members = Positions(set);
        for (ulong choice = 0; choice < 1UL << members.Length; choice++)
        {
            if (BitOperations.PopCount(choice) != size)
                continue;
            ulong subset = 0;
            for (int i = 0; i < members.Length; i++)
            {
                if (((choice >> i) & 1) != 0)
                    subset |= 1UL << members[i];
            }
            yield return subset;
        }
    }
}
