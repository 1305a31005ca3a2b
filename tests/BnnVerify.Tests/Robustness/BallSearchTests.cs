using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Robustness;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Robustness;

/// <summary>The ball search against brute force over the ball, on random models (fixed bits, shells, both tie rules).</summary>
public class BallSearchTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(120);

    [Fact]
    public void Verdict_and_minimal_distance_agree_with_brute_force()
    {
        Prop.ForAll(Arb.From(BallGenerators.Cases()), (BallCase c) =>
        {
            var network = PackedNetwork.Compile(c.Model);
            var violating = c.Candidates().Where(x => c.Violates(network, x.Input)).ToList();
            var result = BallSearch.Run(network, c.Query, new BallSearchOptions(Threads: 2));
            if (violating.Count == 0)
                return result.Verdict == BallVerdict.Robust && result.Counterexamples.IsEmpty;
            if (result.Verdict != BallVerdict.Violated || result.Counterexamples.Length != 1)
                return false;
            var found = result.Counterexamples[0].ToArray();
            int distance = Distance(c, found);
            return c.Violates(network, found)
                && FixedBitsKept(c, found)
                && distance == violating.Min(x => x.Distance)
                && result.CounterexampleDistance == distance;
        }).Check(Config);
    }

    [Fact]
    public void Counting_gives_the_exact_number_of_violations()
    {
        Prop.ForAll(Arb.From(BallGenerators.Cases()), (BallCase c) =>
        {
            var network = PackedNetwork.Compile(c.Model);
            var candidates = c.Candidates().ToList();
            int expected = candidates.Count(x => c.Violates(network, x.Input));
            var result = BallSearch.Run(network, c.Query, new BallSearchOptions(Count: true, MaxCounterexamples: 5, Threads: 2));
            var kept = result.Counterexamples.Select(x => x.ToArray()).ToList();
            return result.Violations == (UInt128)expected
                && result.Candidates == (UInt128)candidates.Count
                && result.Verdict == (expected > 0 ? BallVerdict.Violated : BallVerdict.Robust)
                && kept.Count == Math.Min(5, expected)
                && kept.All(x => c.Violates(network, x) && FixedBitsKept(c, x))
                && kept.Select(Key).Distinct().Count() == kept.Count;
        }).Check(Config);
    }

    [Fact]
    public void The_answer_does_not_depend_on_threads_or_the_attack()
    {
        Prop.ForAll(Arb.From(BallGenerators.Cases()), (BallCase c) =>
        {
            var network = PackedNetwork.Compile(c.Model);
            var one = BallSearch.Run(network, c.Query, new BallSearchOptions(Threads: 1, Attack: false));
            var two = BallSearch.Run(network, c.Query, new BallSearchOptions(Threads: 2, Attack: false));
            var attacked = BallSearch.Run(network, c.Query, new BallSearchOptions(Threads: 2));
            return one.Verdict == two.Verdict && attacked.Verdict == one.Verdict
                && one.Counterexamples.Select(x => Key([.. x])).SequenceEqual(two.Counterexamples.Select(x => Key([.. x])))
                && one.CounterexampleDistance == attacked.CounterexampleDistance;
        }).Check(Config);
    }

    [Fact]
    public void Without_fewest_flips_any_real_counterexample_within_the_radius_settles_the_ball()
    {
        // An L∞ ball asks only whether some candidate breaks the property: the beam's counterexample may have more
        // flips than the fewest, but must lie in the ball (shells included) and be real; narrow and shallow beams
        // leave the rest to the enumeration, which must still find one.
        var beams = from c in BallGenerators.Cases()
                    from width in Gen.Elements(1, 2, 32)
                    from depth in Gen.Elements(1, 3, 12)
                    select (Case: c, Width: width, Depth: depth);
        Prop.ForAll(Arb.From(beams), beam =>
        {
            var (c, width, depth) = beam;
            var network = PackedNetwork.Compile(c.Model);
            bool anyViolates = c.Candidates().Any(x => c.Violates(network, x.Input));
            var result = BallSearch.Run(network, c.Query, new BallSearchOptions(Threads: 2, FewestFlips: false, BeamWidth: width, BeamDepth: depth));
            if (!anyViolates)
                return result.Verdict == BallVerdict.Robust && result.Counterexamples.IsEmpty;
            if (result.Verdict != BallVerdict.Violated || result.Counterexamples.Length != 1)
                return false;
            var found = result.Counterexamples[0].ToArray();
            int distance = Distance(c, found);
            return c.Violates(network, found)
                && FixedBitsKept(c, found)
                && distance >= c.Query.MinDistance && distance <= c.Query.MaxDistance
                && result.CounterexampleDistance == distance;
        }).Check(Config);
    }

    [Fact]
    public void A_ball_beyond_the_free_bits_is_the_whole_cube_of_them()
    {
        var model = Checking.RandomNetworks.Create(3, [6, 8, 3]);
        var network = PackedNetwork.Compile(model);
        bool[] center = [true, false, true, false, true, false];
        int label = network.Evaluate(center).Class;
        var query = new BallQuery([.. center], [0, 1, 2], 0, 10, ScoreProperty.ClassStays(model, label, tieIsChange: false));
        var result = BallSearch.Run(network, query, new BallSearchOptions(Count: true));
        Assert.Equal((UInt128)8, result.Candidates);
    }

    private static int Distance(BallCase c, bool[] input) => c.FreeBits.Count(b => input[b] != c.Center[b]);

    private static bool FixedBitsKept(BallCase c, bool[] input) =>
        Enumerable.Range(0, c.Center.Length).All(i => c.FreeBits.Contains(i) || input[i] == c.Center[i]);

    private static string Key(bool[] input) => string.Concat(input.Select(b => b ? '1' : '0'));
}
