using BnnVerify.Bnn.Engine;

namespace BnnVerify.Tests.Bnn;

/// <summary>
/// The packed-vector helpers on their own, at every length around the word boundaries (0, 1, 63, 64, 65, 127,
/// 128, 129): the engine tests reach them only through whole networks, which left mutants of the tail mask and
/// of Set/Unpack alive (docs/quality.md, "Mutation testing").
/// </summary>
public class PackedBitsTests
{
    public static TheoryData<int> Lengths() => [0, 1, 2, 63, 64, 65, 127, 128, 129, 200];

    private static bool[] RandomBits(int length, int seed)
    {
        var random = new Random(seed);
        var values = new bool[length];
        for (int i = 0; i < length; i++)
            values[i] = random.Next(2) == 1;
        return values;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Pack_then_unpack_is_the_identity_and_keeps_the_tail_clean(int length)
    {
        for (int seed = 0; seed < 8; seed++)
        {
            var values = RandomBits(length, seed);
            var words = PackedBits.Pack(values);
            Assert.Equal((length + 63) / 64, words.Length);
            Assert.Equal(values, PackedBits.Unpack(words, length));
            Assert.True(PackedBits.HasCleanTail(words, length), $"length {length}, seed {seed}");
            for (int i = 0; i < length; i++)
                Assert.Equal(values[i], PackedBits.Get(words, i));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Set_changes_exactly_one_bit(int length)
    {
        var random = new Random(length);
        var values = RandomBits(length, length + 1);
        var words = PackedBits.Pack(values);
        for (int step = 0; step < 3 * length; step++)
        {
            int index = random.Next(length);
            bool value = random.Next(2) == 1;
            PackedBits.Set(words, index, value);
            values[index] = value;
            Assert.Equal(values, PackedBits.Unpack(words, length));
        }
    }

    [Theory]
    [InlineData(0, ulong.MaxValue)]
    [InlineData(1, 1UL)]
    [InlineData(3, 7UL)]
    [InlineData(63, ulong.MaxValue >> 1)]
    [InlineData(64, ulong.MaxValue)]
    [InlineData(65, 1UL)]
    [InlineData(130, 3UL)]
    public void The_last_word_mask_covers_the_used_bits_of_the_last_word(int length, ulong mask) =>
        Assert.Equal(mask, PackedBits.LastWordMask(length));

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(65)]
    public void A_bit_beyond_the_length_or_a_wrong_word_count_is_not_a_clean_tail(int length)
    {
        var words = new ulong[PackedBits.WordsFor(length)];
        Assert.True(PackedBits.HasCleanTail(words, length));
        words[^1] |= 1UL << (length & 63);
        Assert.False(PackedBits.HasCleanTail(words, length));
        Assert.False(PackedBits.HasCleanTail(new ulong[PackedBits.WordsFor(length) + 1], length));
    }

    [Fact]
    public void Packing_into_a_span_of_the_wrong_size_is_rejected()
    {
        var thrown = Assert.Throws<ArgumentException>(() => PackedBits.Pack(new bool[65], new ulong[1]));
        Assert.Contains("65 bits need 2 words, not 1", thrown.Message, StringComparison.Ordinal);
    }
}
