using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;
using BnnVerify.Bnn.Robustness;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Robustness;

/// <summary>
/// The ball search's exact check of a node's open first-layer neurons against brute force: every assignment of
/// the open neurons, the other neurons fixed, evaluated by the reference engine on the model without its first layer.
/// </summary>
public class OpenPatternCheckTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    private sealed record Case(BallCase Ball, bool[] Stage, int[] Open)
    {
        public override string ToString() =>
            $"{Ball}\nfirst layer {string.Concat(Stage.Select(b => b ? '1' : '0'))}, open [{string.Join(",", Open)}]";
    }

    // The second layer is sometimes scaled (weights and bounds alike, the same function), so that the check's
    // 16-bit sums also hold large values; only networks whose sums fit are the check's to decide.
    private static Gen<Case> Cases() =>
        from original in BallGenerators.Cases().Where(c => c.Model.Layers.Length >= 3)
        from factor in Gen.Elements(1, 1, 40, 600)
        let ball = factor == 1 ? original : original with { Model = WithSecondLayerScaled(original.Model, factor) }
        where new BallNetwork(ball.Model, ball.Query, ball.FreeBits).PatternSumsFit
        let width = ball.Model.Layers[0].NeuronCount
        from stage in Gen.ArrayOf(Gen.Elements(true, false), width)
        from openCount in Gen.Choose(0, Math.Min(10, width))
        from open in Gen.Shuffle(Enumerable.Range(0, width).ToArray())
        select new Case(ball, stage, [.. open.Take(openCount)]);

    [Fact]
    public void No_violation_is_claimed_exactly_when_brute_force_finds_none()
    {
        int claimedNone = 0, claimedSome = 0;
        Prop.ForAll(Arb.From(Cases()), c =>
        {
            var model = c.Ball.Model;
            var net = new BallNetwork(model, c.Ball.Query, c.Ball.FreeBits);
            var check = new OpenPatternCheck(net);
            bool none = NoneViolates(check, PackedBits.Pack(c.Stage), c.Open, CancellationToken.None);
            bool expected = !Assignments(c).Any(stage => Violates(c.Ball, stage));
            if (none)
                claimedNone++;
            else
                claimedSome++;
            return none == expected;
        }).Check(Config);
        // Both answers must occur, or the property says nothing about one of them.
        Assert.True(claimedNone > 0 && claimedSome > 0, $"claimed none {claimedNone}, some {claimedSome}");
    }

    [Fact]
    public void Hidden_weights_too_large_for_16_bit_sums_leave_the_check_out_and_the_ball_search_exact()
    {
        // The check's sums are 16-bit. Integer hidden weights (up to ±32,767) can make a row's reach exceed that:
        // the network must say so, the check must refuse it, and the ball search, without it, must stay exact.
        // The second layer is scaled by 4,000 (weights and bounds alike, so the model computes the same function).
        int fit = 0, unfit = 0;
        Prop.ForAll(Arb.From(BallGenerators.Cases().Where(c => c.Model.Layers.Length >= 3)), (BallCase original) =>
        {
            var c = original with { Model = WithSecondLayerScaled(original.Model, 4000) };
            var net = new BallNetwork(c.Model, c.Query, c.FreeBits);
            if (net.PatternSumsFit)
            {
                fit++;
            }
            else
            {
                unfit++;
                Assert.Throws<ArgumentException>(() => new OpenPatternCheck(net));
            }
            var network = PackedNetwork.Compile(c.Model);
            var violating = c.Candidates().Where(x => c.Violates(network, x.Input)).ToList();
            var result = BallSearch.Run(network, c.Query, new BallSearchOptions(Threads: 2));
            return violating.Count == 0
                ? result.Verdict == BallVerdict.Robust
                : result.Verdict == BallVerdict.Violated && result.CounterexampleDistance == violating.Min(x => x.Distance);
        }).Check(Config.WithMaxTest(150));
        Assert.True(fit > 0 && unfit > 0, $"fitting {fit}, not fitting {unfit}");
    }

    private static BnnModel WithSecondLayerScaled(BnnModel model, int factor)
    {
        var layer = model.Layers[1];
        var scaled = DenseLayer.Sign(layer.InputCount, WeightPrecision.Integer, [.. layer.Weights.Select(w => w * factor)],
            [.. layer.Thresholds.Select(t => t with { Bound = t.Bound * factor })]);
        return new BnnModel(model.Name, model.InputNames, model.Layers.SetItem(1, scaled), model.Output, model.SignAtZero);
    }

    [Fact]
    public void The_violating_assignments_are_collected_completely_on_one_thread_or_several()
    {
        Prop.ForAll(Arb.From(Cases()), c =>
        {
            var net = new BallNetwork(c.Ball.Model, c.Ball.Query, c.Ball.FreeBits);
            var expected = Assignments(c).Where(stage => Violates(c.Ball, stage)).Select(stage => Mask(c, stage)).Order().ToList();
            var serial = new List<ulong>();
            var parallel = new List<ulong>();
            bool serialComplete = new OpenPatternCheck(net).Collect(PackedBits.Pack(c.Stage), c.Open, int.MaxValue, serial, CancellationToken.None);
            bool parallelComplete = OpenPatternCheck.CollectInParallel(net, PackedBits.Pack(c.Stage), c.Open, int.MaxValue, parallel, 2, CancellationToken.None);
            // With a cap below the count, both give up.
            bool capped = expected.Count == 0
                || (!new OpenPatternCheck(net).Collect(PackedBits.Pack(c.Stage), c.Open, expected.Count - 1, [], CancellationToken.None)
                    && !OpenPatternCheck.CollectInParallel(net, PackedBits.Pack(c.Stage), c.Open, expected.Count - 1, [], 2, CancellationToken.None));
            return serialComplete && parallelComplete && capped
                && serial.Order().SequenceEqual(expected) && parallel.Order().SequenceEqual(expected);
        }).Check(Config.WithMaxTest(150));
    }

    [Fact]
    public void A_cancelled_check_claims_nothing()
    {
        var model = Checking.RandomNetworks.Create(5, [40, 40, 20, 3]);
        bool[] center = new bool[40];
        // A property no input can break, so that only the cancellation can make the answer false.
        int classes = model.Layers[^1].NeuronCount;
        var holds = new ScoreProperty([new ScoreConstraint([.. new int[classes]], 0)], classes);
        var query = new BallQuery([.. center], [.. Enumerable.Range(0, 40)], 0, 3, holds);
        var check = new OpenPatternCheck(new BallNetwork(model, query, [.. Enumerable.Range(0, 40)]));
        var stage = new ulong[1];
        int[] open = [.. Enumerable.Range(0, 20)];
        Assert.True(NoneViolates(check, stage, open, CancellationToken.None));
        Assert.False(NoneViolates(check, stage, open, new CancellationToken(canceled: true)));
    }

    // With a cap of none, the check ends at the first violating assignment: true only when there is none.
    private static bool NoneViolates(OpenPatternCheck check, ulong[] stage, int[] open, CancellationToken cancellation) =>
        check.Collect(stage, open, 0, [], cancellation);

    // Every first-layer output vector that agrees with the case's outside the open neurons.
    private static IEnumerable<bool[]> Assignments(Case c)
    {
        for (int mask = 0; mask < 1 << c.Open.Length; mask++)
        {
            var stage = (bool[])c.Stage.Clone();
            for (int o = 0; o < c.Open.Length; o++)
                stage[c.Open[o]] = ((mask >> o) & 1) != 0;
            yield return stage;
        }
    }

    // Bit o is the value of open row o, as the check reports assignments.
    private static ulong Mask(Case c, bool[] stage)
    {
        ulong mask = 0;
        for (int o = 0; o < c.Open.Length; o++)
            mask |= (stage[c.Open[o]] ? 1UL : 0) << o;
        return mask;
    }

    // The reference engine on the layers after the first, with the case's label and tie rule.
    private static bool Violates(BallCase ball, bool[] stage)
    {
        var model = ball.Model;
        var rest = new BnnModel("rest", [.. Enumerable.Range(0, stage.Length).Select(i => $"h{i}")], [.. model.Layers.Skip(1)], model.Output, model.SignAtZero);
        var restCase = ball with { Model = rest };
        return restCase.Violates(PackedNetwork.Compile(rest), stage);
    }
}
