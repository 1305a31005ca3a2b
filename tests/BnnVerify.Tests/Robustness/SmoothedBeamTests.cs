using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Robustness;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Reports.Robustness;
using BnnVerify.Verifier.Robustness;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Robustness;

/// <summary>
/// The smoothed margin that guides the beam search (<see cref="SmoothedMargin"/>): exact in the limit, and on the
/// MNIST network the guide that finds what the exact margin cannot (image 7's four flips, the published minimum).
/// </summary>
public class SmoothedBeamTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(150);

    [Fact]
    public void At_a_vanishing_temperature_the_smoothed_margin_is_the_exact_margin()
    {
        // Every neuron's distance to its threshold is at least ½, so at τ = 10⁻⁴ each tanh is clamped to ±1 and the
        // smoothed network computes the exact one: a wrong transposition, sign or bound shows as a different value.
        var cases = from c in BallGenerators.Cases()
                    where c.Model.Layers.Length > 1
                    from seed in Gen.Choose(0, int.MaxValue)
                    select (Case: c, Seed: seed);
        Prop.ForAll(Arb.From(cases), item =>
        {
            var (c, seed) = item;
            var net = new BallNetwork(c.Model, c.Query, c.FreeBits);
            var smoothed = new SmoothedMargin(net, 1e-4f);
            var worker = new BallWorker(net, 0, 1, false, 0, new UInt128[0, 0], new SharedSearchState(false, CancellationToken.None));
            var random = new Random(seed);
            for (int trial = 0; trial < 8; trial++)
            {
                worker.ResetToCenter();
                var flips = Enumerable.Range(0, net.FreeCount).Where(_ => random.Next(3) == 0).ToList();
                if (flips.Count == 0)
                    continue;
                foreach (int p in flips.Take(flips.Count - 1))
                    worker.Apply(p);
                long exact = worker.MarginWith(flips[^1], smoothed, out float soft);
                if (soft != exact)
                    return false;
            }
            return true;
        }).Check(Config);
    }

    [Fact]
    public void A_high_temperature_moves_the_smoothed_margin_before_any_neuron_crosses()
    {
        // The point of smoothing: some single flip that leaves the exact margin where it was still changes the
        // smoothed one (on the MNIST center of image 7 most single flips cross no first-layer threshold).
        var (net, _) = Image7();
        var smoothed = new SmoothedMargin(net, 4f);
        var worker = new BallWorker(net, 0, 1, false, 0, new UInt128[0, 0], new SharedSearchState(false, CancellationToken.None));
        long center = worker.ExactMargin();
        int unchangedExact = 0, movedSoft = 0;
        float centerSoft = float.NaN;
        for (int p = 0; p < net.FreeCount; p++)
        {
            long exact = worker.MarginWith(p, smoothed, out float soft);
            if (exact != center)
                continue;
            unchangedExact++;
            if (float.IsNaN(centerSoft))
                centerSoft = soft;
            else if (soft != centerSoft)
                movedSoft++;
        }
        Assert.True(unchangedExact > 100, $"only {unchangedExact} single flips leave the exact margin unchanged");
        Assert.True(movedSoft > unchangedExact / 2, $"the smoothed margin tells apart only {movedSoft} of {unchangedExact} flips the exact margin ties");
    }

    [Fact]
    public void The_smoothed_beam_finds_a_four_flip_counterexample_of_image_7_that_the_exact_beam_misses()
    {
        // The published minimal Hamming distance of image 7 is 4 (msakai/bnn-verification, MIPLIB 2024 solutions);
        // the exact margin ties almost every extension, and its beam finds nothing with four flips.
        var (net, query) = Image7();
        var exact = BallBeam.Search(net, 4, 4, 32, null, CancellationToken.None, out _);
        Assert.Null(exact);
        var found = BallBeam.Search(net, 1, 4, 32, new SmoothedMargin(net, 4f), CancellationToken.None, out long evaluations);
        Assert.NotNull(found);
        Assert.Equal(4, found.Length);
        Assert.True(evaluations <= 4 * 32 * net.FreeCount, $"{evaluations} evaluations");
        MnistBalls.AssertViolates(net, query, found);
    }

    [Fact]
    public void The_published_minimal_counterexample_of_image_7_changes_the_imported_models_class_to_4_as_published()
    {
        // msakai/bnn-verification, miplib2024_submission/solutions/bnn_mnist_7_label9_adversarial_norm_0.sol: objective
        // 4, the perturbed image classified 4. Its input bits differ from the image's in exactly these four pixels.
        // An independent check of the importer against the original's own answer, and the witness that image 7's
        // minimal distance is at most 4 (docs/robustness.md).
        string[] published = ["px_2_8", "px_3_7", "px_10_11", "px_22_8"];
        var (net, query) = Image7();
        var model = net.Model;
        var input = query.Center.ToArray();
        foreach (string name in published)
        {
            int i = Array.IndexOf([.. model.InputNames], name);
            Assert.True(query.FreeBits.Contains(i), $"{name} is a fixed bit");
            input[i] = !input[i];
        }
        var network = PackedNetwork.Compile(model);
        Assert.Equal("digit9", model.Output.Names[network.Evaluate(query.Center.AsSpan()).Class]);
        Assert.Equal("digit4", model.Output.Names[network.Evaluate(input).Class]);
    }

    [Fact]
    public void A_minimal_search_cut_off_below_its_counterexample_reports_bounds_not_a_minimum()
    {
        var outcome = Outcome(distance: 5, robustBelow: 3);
        Assert.Equal("at most 5 (robust below 3)", RobustReport.VerdictText(outcome));
        Assert.Equal("minimal 3", RobustReport.VerdictText(Outcome(distance: 3, robustBelow: 3)));
    }

    private static RobustnessOutcome Outcome(int distance, int robustBelow)
    {
        var contract = new ElaboratedContract("c", new SourceLocation("c.contract", 1, 1), [], []);
        var result = new ContractResult(contract, Verdict.Violated, "ball-enum", [], TimeSpan.Zero);
        var target = new RobustnessTarget("t.png", [false], null);
        return new RobustnessOutcome(target, 0, result, distance, robustBelow, "attack", 1, []) { IsMinimal = true, Mode = RobustnessMode.MinHamming };
    }

    private static (BallNetwork Net, BallQuery Query) Image7() => MnistBalls.Around("bnn_mnist_7_label9.png", "digit9", 4);
}
