using System.Collections.Immutable;
using BnnVerify.Encoding.Circuit;
using BnnVerify.Encoding.Logic;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Encoding;

public class FirstLayerBoundsTests
{
    /// <summary>A neuron's weights, which inputs are constants (and their values), and limits over the inputs.</summary>
    public sealed record Case(int[] Weights, bool?[] Constants, (int[] Literals, int AtMost)[] Limits)
    {
        // Literal codes: i ≥ 0 is input i, i < 0 is ¬input(−i−1).
        public InputCountLimit[] ToLimits() =>
            [.. Limits.Select(l => new InputCountLimit([.. l.Literals.Select(c => c >= 0 ? Lit.Positive(c) : Lit.Negative(-c - 1))], l.AtMost))];

        public Bit[] Inputs() =>
            [.. Constants.Select((c, i) => c is { } value ? Bit.Constant(value) : Bit.Of(Lit.Positive(i)))];

        public override string ToString() =>
            $"weights [{string.Join(",", Weights)}], constants [{string.Join(",", Constants.Select(c => c is null ? "_" : c.Value ? "1" : "0"))}], limits "
            + string.Join("; ", Limits.Select(l => $"at most {l.AtMost} of [{string.Join(",", l.Literals)}]"));
    }

    private static Gen<Case> Cases(int maxLimits) =>
        from n in Gen.Choose(1, 9)
        from weights in Gen.ArrayOf(Gen.Choose(-3, 3), n)
        from constants in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant<bool?>(null)), (1, Gen.Elements<bool?>(false, true))), n)
        from limitCount in Gen.Choose(1, maxLimits)
        from limits in Gen.ArrayOf(Limit(n), limitCount)
        select new Case(weights, constants, limits);

    private static Gen<(int[], int)> Limit(int n) =>
        from members in Gen.ArrayOf(Gen.Elements(0, 1, 2), n)
        from atMost in Gen.Choose(0, n)
        select ((int[])[.. Enumerable.Range(0, n).Where(i => members[i] != 0).Select(i => members[i] == 1 ? i : -i - 1)], atMost);

    /// <summary>The smallest and largest Σ w·x̂ over the assignments that keep the constants and satisfy every limit, or null.</summary>
    private static (long Min, long Max)? BruteForce(Case c)
    {
        int n = c.Weights.Length;
        long min = long.MaxValue, max = long.MinValue;
        for (int mask = 0; mask < 1 << n; mask++)
        {
            bool Value(int i) => ((mask >> i) & 1) != 0;
            if (Enumerable.Range(0, n).Any(i => c.Constants[i] is { } v && v != Value(i)))
                continue;
            if (c.Limits.Any(l => l.Literals.Count(code => code >= 0 ? Value(code) : !Value(-code - 1)) > l.AtMost))
                continue;
            long sum = 0;
            for (int i = 0; i < n; i++)
                sum += Value(i) ? c.Weights[i] : -c.Weights[i];
            min = Math.Min(min, sum);
            max = Math.Max(max, sum);
        }
        return min == long.MaxValue ? null : (min, max);
    }

    [Fact]
    public void One_limit_gives_exactly_the_reachable_range()
    {
        // Maximising Σ w·x̂ with at most B literals of a set true is solved by taking the B largest gains: the bounds are tight.
        Prop.ForAll(Arb.From(Cases(maxLimits: 1)), c =>
        {
            var bounds = FirstLayerBounds.PreActivation(c.Weights, c.Inputs(), c.ToLimits());
            var truth = BruteForce(c);
            if (truth is null)
                return bounds is null; // the constants alone exceed the limit: nothing is claimed
            return bounds == truth;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Several_limits_never_exclude_a_reachable_sum()
    {
        Prop.ForAll(Arb.From(Cases(maxLimits: 3)), c =>
        {
            var bounds = FirstLayerBounds.PreActivation(c.Weights, c.Inputs(), c.ToLimits());
            var truth = BruteForce(c);
            return truth is null || bounds is null || (bounds.Value.Low <= truth.Value.Min && truth.Value.Max <= bounds.Value.High);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_hamming_ball_settles_neurons_far_from_their_threshold()
    {
        // Eight inputs all +1 at the centre, weights all +1: the sum is 8 there and at least 8 − 2·2 = 4 within distance 2.
        var weights = Enumerable.Repeat(1, 8).ToArray();
        var inputs = Enumerable.Range(0, 8).Select(i => Bit.Of(Lit.Positive(i))).ToArray();
        var ball = new InputCountLimit([.. Enumerable.Range(0, 8).Select(Lit.Negative)], 2);
        Assert.Equal((4L, 8L), FirstLayerBounds.PreActivation(weights, inputs, [ball]));
        Assert.Null(FirstLayerBounds.PreActivation(weights, inputs, ImmutableArray<InputCountLimit>.Empty));
    }
}
