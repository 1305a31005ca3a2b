using BnnVerify.Bnn.Import;
using BnnVerify.Bnn.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Import;

/// <summary>Integer scores replace real-valued output biases exactly, ties included, with the smallest scale.</summary>
public class ScoreScalingTests
{
    [Fact]
    public void Scaled_scores_compare_as_the_real_ones_for_every_reachable_pair_of_sums()
    {
        // Biases on a coarse grid of quarters make exact ties (a difference that is a reachable integer) common.
        var cases = from classes in Gen.Choose(2, 5)
                    from reaches in Gen.ArrayOf(Gen.Choose(0, 7), classes)
                    from quarters in Gen.ArrayOf(Gen.Choose(-20, 20), classes)
                    from fine in Gen.Elements(false, true)
                    from noise in Gen.ArrayOf(Gen.Choose(-999, 999), classes)
                    select (reaches, biases: quarters.Zip(noise, (q, n) => Rational.Create(q, 4) + (fine ? Rational.Create(n, 1_000_000) : Rational.Zero)).ToArray());
        Prop.ForAll(Arb.From(cases), c =>
        {
            var scaled = ScoreScaling.Find(c.reaches, c.biases);
            return scaled is not null && ScoreScaling.IsExact(scaled, c.reaches, c.biases);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Integer_biases_need_no_scale_and_a_tie_stays_a_tie()
    {
        var scaled = ScoreScaling.Find([3, 3], [Rational.FromInteger(2), Rational.FromInteger(0)])!;
        Assert.Equal(1, scaled.Scale);
        // s0 = -1, s1 = 1: real scores 1 and 1, a tie; the integer scores must tie too.
        Assert.Equal(0, -1 + scaled.Offsets[0] - (1 + scaled.Offsets[1]));
    }

    [Fact]
    public void Close_biases_get_the_smallest_scale_that_separates_them()
    {
        // Small cases where the parity of the reachable sums matters; brute force shows no smaller scale works.
        foreach (var (reaches, biases) in new (int[], Rational[])[]
        {
            ([1, 1], [Rational.Zero, Rational.Create(3, 10)]),
            ([1, 2], [Rational.Zero, Rational.Create(3, 10)]),
            ([4, 4, 4], [Rational.Zero, Rational.Create(1, 3), Rational.Create(2, 3)]),
        })
        {
            var scaled = ScoreScaling.Find(reaches, biases)!;
            Assert.True(ScoreScaling.IsExact(scaled, reaches, biases));
            for (int k = 1; k < scaled.Scale; k++)
                Assert.False(Exists(k, reaches, biases), $"a scale {k} below {scaled.Scale} works too");
        }
    }

    // Brute force: some offsets in a small window make scale k exact.
    private static bool Exists(int k, int[] reaches, Rational[] biases)
    {
        int n = reaches.Length;
        var offsets = new int[n];
        bool Search(int j)
        {
            if (j == n)
                return ScoreScaling.IsExact(new ScaledScores(k, [.. offsets]), reaches, biases);
            for (int b = -4 * k; b <= 4 * k; b++)
            {
                offsets[j] = b;
                if (Search(j + 1))
                    return true;
            }
            return false;
        }
        offsets[0] = 0;
        return Search(1);
    }
}
