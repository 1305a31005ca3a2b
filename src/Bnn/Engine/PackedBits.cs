namespace BnnVerify.Bnn.Engine;

/// <summary>
/// Boolean vectors packed into <c>ulong</c> words: element <c>i</c> is bit <c>i % 64</c> of word
/// <c>i / 64</c>, 1 meaning true (+1). Bits beyond the vector's length are always zero; the engine's
/// XNOR-popcount relies on that, so every producer of packed vectors keeps it.
/// </summary>
public static class PackedBits
{
    /// <summary>The number of words that hold <paramref name="bitCount"/> bits.</summary>
    public static int WordsFor(int bitCount) => (bitCount + 63) >> 6;

    /// <summary>The mask of the bits that are in use in the last word of a <paramref name="bitCount"/>-bit vector.</summary>
    public static ulong LastWordMask(int bitCount) => (bitCount & 63) == 0 ? ulong.MaxValue : (1UL << (bitCount & 63)) - 1;

    /// <summary>Packs <paramref name="values"/> into <paramref name="words"/> (which must hold exactly enough words).</summary>
    public static void Pack(ReadOnlySpan<bool> values, Span<ulong> words)
    {
        if (words.Length != WordsFor(values.Length))
            throw new ArgumentException($"{values.Length} bits need {WordsFor(values.Length)} words, not {words.Length}", nameof(words));
        words.Clear();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i])
                words[i >> 6] |= 1UL << (i & 63);
        }
    }

    /// <summary>Packs <paramref name="values"/> into a new array.</summary>
    public static ulong[] Pack(ReadOnlySpan<bool> values)
    {
        var words = new ulong[WordsFor(values.Length)];
        Pack(values, words);
        return words;
    }

    /// <summary>Unpacks the first <paramref name="bitCount"/> bits of <paramref name="words"/>.</summary>
    public static bool[] Unpack(ReadOnlySpan<ulong> words, int bitCount)
    {
        var values = new bool[bitCount];
        for (int i = 0; i < bitCount; i++)
            values[i] = Get(words, i);
        return values;
    }

    /// <summary>Bit <paramref name="index"/> of <paramref name="words"/>.</summary>
    public static bool Get(ReadOnlySpan<ulong> words, int index) => ((words[index >> 6] >> (index & 63)) & 1) != 0;

    /// <summary>The bits at <paramref name="indices"/> (at most 64) as one mask: bit o is bit <c>indices[o]</c> of <paramref name="words"/>.</summary>
    public static ulong Gather(ReadOnlySpan<ulong> words, ReadOnlySpan<int> indices)
    {
        ulong mask = 0;
        for (int o = 0; o < indices.Length; o++)
            mask |= ((words[indices[o] >> 6] >> (indices[o] & 63)) & 1) << o;
        return mask;
    }

    /// <summary>Sets bit <paramref name="index"/> of <paramref name="words"/> to <paramref name="value"/>.</summary>
    public static void Set(Span<ulong> words, int index, bool value)
    {
        ulong bit = 1UL << (index & 63);
        if (value)
            words[index >> 6] |= bit;
        else
            words[index >> 6] &= ~bit;
    }

    /// <summary>True when no bit at or beyond <paramref name="bitCount"/> is set.</summary>
    public static bool HasCleanTail(ReadOnlySpan<ulong> words, int bitCount) =>
        words.Length == WordsFor(bitCount) && (words.Length == 0 || (words[^1] & ~LastWordMask(bitCount)) == 0);
}
