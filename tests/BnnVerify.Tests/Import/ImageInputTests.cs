using System.Collections.Immutable;
using BnnVerify.Bnn.Model;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Import;

/// <summary>The grey-level encoding: bits, flip distances and the L∞ ball, against brute force over all 256 levels.</summary>
public class ImageInputTests
{
    private static Gen<NeuronThreshold> Thresholds() =>
        from direction in Gen.Elements(ThresholdDirection.AtLeast, ThresholdDirection.AtMost)
        from bound in Gen.Choose(-1, 256)
        select new NeuronThreshold(direction, bound);

    [Fact]
    public void The_flip_distance_is_the_distance_to_the_nearest_grey_level_with_the_other_bit()
    {
        var cases = from threshold in Thresholds() from level in Gen.Choose(0, 255) select (threshold, level);
        Prop.ForAll(Arb.From(cases), c =>
        {
            var image = new ImageInput(1, 1, [c.threshold]);
            bool bit = image.Bit(0, c.level);
            int brute = ImageInput.NeverFlips;
            for (int other = 0; other <= 255; other++)
            {
                if (image.Bit(0, other) != bit)
                    brute = Math.Min(brute, Math.Abs(other - c.level));
            }
            bool constant = Enumerable.Range(0, 256).All(l => image.Bit(0, l) == image.Bit(0, 0));
            return image.FlipDistance(0, c.level) == brute && image.IsConstant(0) == constant;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Fact]
    public void The_linf_ball_frees_exactly_the_bits_some_level_within_epsilon_flips_and_nearest_image_reaches_them()
    {
        var cases = from thresholds in Gen.ArrayOf(Thresholds(), 6)
                    from levels in Gen.ArrayOf(Gen.Choose(0, 255).Select(v => (byte)v), 6)
                    from epsilon in Gen.Choose(0, 80)
                    from wanted in Gen.ArrayOf(Gen.Elements(true, false), 6)
                    select (thresholds, levels, epsilon, wanted);
        Prop.ForAll(Arb.From(cases), c =>
        {
            var image = new ImageInput(3, 2, [.. c.thresholds]);
            var free = image.FlippableInputs(c.levels, c.epsilon);
            var bits = image.Binarize(c.levels);
            for (int p = 0; p < 6; p++)
            {
                bool reachable = false;
                for (int other = Math.Max(0, c.levels[p] - c.epsilon); other <= Math.Min(255, c.levels[p] + c.epsilon); other++)
                    reachable |= image.Bit(p, other) != bits[p];
                if (reachable != free.Contains(p))
                    return false;
            }
            // Any combination of the free bits is one image of the ball: NearestImage builds it within ε.
            var target = bits.Select((b, p) => free.Contains(p) ? c.wanted[p] : b).ToArray();
            var moved = image.NearestImage(c.levels, target);
            return image.Binarize(moved).SequenceEqual(target)
                && moved.Zip(c.levels).All(pair => Math.Abs(pair.First - pair.Second) <= c.epsilon);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void Packed_and_unpacked_binarizations_agree_and_names_are_row_then_column()
    {
        var thresholds = Enumerable.Range(0, 70).Select(i => NeuronThreshold.AtLeast(i * 3)).ToImmutableArray();
        var image = new ImageInput(10, 7, thresholds);
        var levels = Enumerable.Range(0, 70).Select(i => (byte)(i * 7 % 256)).ToArray();
        var bits = image.Binarize(levels);
        var packed = new ulong[2];
        image.Binarize(levels, packed);
        for (int i = 0; i < 70; i++)
            Assert.Equal(bits[i], (packed[i >> 6] >> (i & 63) & 1) == 1);
        Assert.Equal(0UL, packed[1] >> 6); // unused high bits stay zero
        Assert.Equal("px_6_9", image.PixelName(69));
        Assert.Throws<ArgumentException>(() => image.Binarize(new byte[69]));
    }
}
