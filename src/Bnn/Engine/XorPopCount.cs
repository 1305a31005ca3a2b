using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BnnVerify.Bnn.Engine;

/// <summary>
/// popcount(a ⊕ b) and popcount((a ⊕ b) ∧ m) over packed rows: the engine's count of the inputs that disagree with
/// a neuron's weights. One kernel per <see cref="PopCountPath"/>; all give exactly the same count. The rows are
/// the engine's packed vectors, whose bits beyond their length are zero (<see cref="PackedBits"/>), so the kernels
/// count whole words and need no tail mask.
/// </summary>
internal static class XorPopCount
{
    // A byte of the nibble lookup's result counts at most 8 bits per vector, so 31 vectors fit in a byte before
    // the per-lane sum (vpsadbw) must empty it.
    private const int VectorsPerByteSum = 31;

    /// <summary>popcount(<paramref name="a"/> ⊕ <paramref name="b"/>) on <paramref name="path"/>.</summary>
    public static int Count(PopCountPath path, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        Debug.Assert(a.Length == b.Length);
        return path switch
        {
            PopCountPath.Avx512BW => CountAvx512BW(a, b, default, masked: false),
            PopCountPath.Avx2 => CountAvx2(a, b, default, masked: false, start: 0),
            _ => CountScalar(a, b, start: 0),
        };
    }

    /// <summary>popcount((<paramref name="a"/> ⊕ <paramref name="b"/>) ∧ <paramref name="mask"/>) on <paramref name="path"/>.</summary>
    public static int CountMasked(PopCountPath path, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> mask)
    {
        Debug.Assert(a.Length == b.Length && a.Length == mask.Length);
        return path switch
        {
            PopCountPath.Avx512BW => CountAvx512BW(a, b, mask, masked: true),
            PopCountPath.Avx2 => CountAvx2(a, b, mask, masked: true, start: 0),
            _ => CountMaskedScalar(a, b, mask, start: 0),
        };
    }

    private static int CountScalar(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, int start)
    {
        int count = 0;
        for (int w = start; w < a.Length; w++)
            count += BitOperations.PopCount(a[w] ^ b[w]);
        return count;
    }

    private static int CountMaskedScalar(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> mask, int start)
    {
        int count = 0;
        for (int w = start; w < a.Length; w++)
            count += BitOperations.PopCount((a[w] ^ b[w]) & mask[w]);
        return count;
    }

    private static int CountAvx512BW(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> mask, bool masked)
    {
        Debug.Assert(Avx512BW.IsSupported && Avx2.IsSupported);
        const int Words = 8;
        int vectors = a.Length / Words;
        if (vectors == 0)
            return CountAvx2(a, b, mask, masked, start: 0);
        ref ulong ra = ref MemoryMarshal.GetReference(a);
        ref ulong rb = ref MemoryMarshal.GetReference(b);
        ref ulong rm = ref MemoryMarshal.GetReference(mask);
        var table = Vector512.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
            0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var lowNibble = Vector512.Create((byte)0x0F);
        var laneSums = Vector512<ulong>.Zero;
        int v = 0;
        while (v < vectors)
        {
            int end = Math.Min(vectors, v + VectorsPerByteSum);
            var byteSums = Vector512<byte>.Zero;
            for (; v < end; v++)
            {
                nuint offset = (nuint)(v * Words);
                var x = Vector512.LoadUnsafe(ref ra, offset) ^ Vector512.LoadUnsafe(ref rb, offset);
                if (masked)
                    x &= Vector512.LoadUnsafe(ref rm, offset);
                var bytes = x.AsByte();
                var low = Avx512BW.Shuffle(table, bytes & lowNibble);
                var high = Avx512BW.Shuffle(table, Vector512.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & lowNibble);
                byteSums += low + high;
            }
            laneSums += Avx512BW.SumAbsoluteDifferences(byteSums, Vector512<byte>.Zero).AsUInt64();
        }
        return (int)Vector512.Sum(laneSums) + CountAvx2(a, b, mask, masked, start: vectors * Words);
    }

    private static int CountAvx2(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> mask, bool masked, int start)
    {
        Debug.Assert(Avx2.IsSupported);
        const int Words = 4;
        int vectors = (a.Length - start) / Words;
        if (vectors == 0)
            return Tail(a, b, mask, masked, start);
        ref ulong ra = ref MemoryMarshal.GetReference(a);
        ref ulong rb = ref MemoryMarshal.GetReference(b);
        ref ulong rm = ref MemoryMarshal.GetReference(mask);
        var table = Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var lowNibble = Vector256.Create((byte)0x0F);
        var laneSums = Vector256<ulong>.Zero;
        int v = 0;
        while (v < vectors)
        {
            int end = Math.Min(vectors, v + VectorsPerByteSum);
            var byteSums = Vector256<byte>.Zero;
            for (; v < end; v++)
            {
                nuint offset = (nuint)(start + (v * Words));
                var x = Vector256.LoadUnsafe(ref ra, offset) ^ Vector256.LoadUnsafe(ref rb, offset);
                if (masked)
                    x &= Vector256.LoadUnsafe(ref rm, offset);
                var bytes = x.AsByte();
                var low = Avx2.Shuffle(table, bytes & lowNibble);
                var high = Avx2.Shuffle(table, Vector256.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & lowNibble);
                byteSums += low + high;
            }
            laneSums += Avx2.SumAbsoluteDifferences(byteSums, Vector256<byte>.Zero).AsUInt64();
        }
        return (int)Vector256.Sum(laneSums) + Tail(a, b, mask, masked, start + (vectors * Words));
    }

    /// <summary>
    /// The fewest input words for which a layer is worth interleaving: a one-word layer is one XOR and one
    /// <c>popcnt</c> per neuron, which the scalar fast path does faster than broadcasting (docs/benchmarks.md).
    /// </summary>
    public const int MinimumInterleavedWords = 2;

    /// <summary>The neurons of one interleaved block (<see cref="Interleave"/>): one 64-bit lane each of a 512-bit vector.</summary>
    public const int BlockNeurons = 8;

    /// <summary>
    /// Lays <paramref name="rows"/> (<paramref name="rowCount"/> rows of <paramref name="words"/> words, one after
    /// another) out for <see cref="CountInterleaved"/>: blocks of <see cref="BlockNeurons"/> rows, word by word, so
    /// that word w of eight rows is one vector ([block][word][row in block]); rows beyond the last are zero.
    /// </summary>
    public static ulong[] Interleave(ReadOnlySpan<ulong> rows, int rowCount, int words)
    {
        int blocks = (rowCount + BlockNeurons - 1) / BlockNeurons;
        var interleaved = new ulong[blocks * words * BlockNeurons];
        for (int row = 0; row < rowCount; row++)
        {
            int block = row / BlockNeurons, lane = row % BlockNeurons;
            for (int w = 0; w < words; w++)
                interleaved[(((block * words) + w) * BlockNeurons) + lane] = rows[(row * words) + w];
        }
        return interleaved;
    }

    /// <summary>
    /// popcount(input ⊕ row) (∧ mask row, when <paramref name="masked"/>) of every row of an interleaved layer
    /// (<see cref="Interleave"/>), written to <paramref name="counts"/> (one per row): eight rows per vector, so the
    /// input word is broadcast and nothing needs a horizontal sum. Only the vector paths use this layout.
    /// </summary>
    public static void CountInterleaved(PopCountPath path, ReadOnlySpan<ulong> input, ReadOnlySpan<ulong> rows, ReadOnlySpan<ulong> masks, bool masked, Span<int> counts)
    {
        Debug.Assert(rows.Length == (counts.Length + BlockNeurons - 1) / BlockNeurons * BlockNeurons * input.Length);
        Debug.Assert(!masked || masks.Length == rows.Length);
        if (path == PopCountPath.Avx512BW)
            CountInterleavedAvx512BW(input, rows, masks, masked, counts);
        else
            CountInterleavedAvx2(input, rows, masks, masked, counts);
    }

    private static void CountInterleavedAvx512BW(ReadOnlySpan<ulong> input, ReadOnlySpan<ulong> rows, ReadOnlySpan<ulong> masks, bool masked, Span<int> counts)
    {
        Debug.Assert(Avx512BW.IsSupported);
        int words = input.Length;
        int blocks = (counts.Length + BlockNeurons - 1) / BlockNeurons;
        ref ulong rr = ref MemoryMarshal.GetReference(rows);
        ref ulong rm = ref MemoryMarshal.GetReference(masks);
        var table = Vector512.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
            0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var lowNibble = Vector512.Create((byte)0x0F);
        Span<int> lastBlock = stackalloc int[BlockNeurons];
        for (int block = 0; block < blocks; block++)
        {
            nuint blockStart = (nuint)(block * words * BlockNeurons);
            var laneSums = Vector512<ulong>.Zero;
            int w = 0;
            while (w < words)
            {
                int end = Math.Min(words, w + VectorsPerByteSum);
                var byteSums = Vector512<byte>.Zero;
                for (; w < end; w++)
                {
                    nuint offset = blockStart + (nuint)(w * BlockNeurons);
                    var x = Vector512.Create(input[w]) ^ Vector512.LoadUnsafe(ref rr, offset);
                    if (masked)
                        x &= Vector512.LoadUnsafe(ref rm, offset);
                    var low = Avx512BW.Shuffle(table, x.AsByte() & lowNibble);
                    var high = Avx512BW.Shuffle(table, Vector512.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & lowNibble);
                    byteSums += low + high;
                }
                laneSums += Avx512BW.SumAbsoluteDifferences(byteSums, Vector512<byte>.Zero).AsUInt64();
            }
            // Each lane's count fits an int (a row has far fewer than 2³¹ bits), so narrowing is exact.
            var narrowed = Avx512F.ConvertToVector256UInt32(laneSums).AsInt32();
            int first = block * BlockNeurons;
            if (first + BlockNeurons <= counts.Length)
            {
                narrowed.StoreUnsafe(ref MemoryMarshal.GetReference(counts), (nuint)first);
            }
            else
            {
                narrowed.StoreUnsafe(ref MemoryMarshal.GetReference(lastBlock));
                lastBlock[..(counts.Length - first)].CopyTo(counts[first..]);
            }
        }
    }

    private static void CountInterleavedAvx2(ReadOnlySpan<ulong> input, ReadOnlySpan<ulong> rows, ReadOnlySpan<ulong> masks, bool masked, Span<int> counts)
    {
        Debug.Assert(Avx2.IsSupported);
        const int Half = BlockNeurons / 2;
        int words = input.Length;
        int blocks = (counts.Length + BlockNeurons - 1) / BlockNeurons;
        ref ulong rr = ref MemoryMarshal.GetReference(rows);
        ref ulong rm = ref MemoryMarshal.GetReference(masks);
        var table = Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var lowNibble = Vector256.Create((byte)0x0F);
        for (int block = 0; block < blocks; block++)
        {
            nuint blockStart = (nuint)(block * words * BlockNeurons);
            var lowLanes = Vector256<ulong>.Zero;  // rows 0–3 of the block
            var highLanes = Vector256<ulong>.Zero; // rows 4–7
            int w = 0;
            while (w < words)
            {
                int end = Math.Min(words, w + VectorsPerByteSum);
                var lowBytes = Vector256<byte>.Zero;
                var highBytes = Vector256<byte>.Zero;
                for (; w < end; w++)
                {
                    nuint offset = blockStart + (nuint)(w * BlockNeurons);
                    var broadcast = Vector256.Create(input[w]);
                    var x0 = broadcast ^ Vector256.LoadUnsafe(ref rr, offset);
                    var x1 = broadcast ^ Vector256.LoadUnsafe(ref rr, offset + Half);
                    if (masked)
                    {
                        x0 &= Vector256.LoadUnsafe(ref rm, offset);
                        x1 &= Vector256.LoadUnsafe(ref rm, offset + Half);
                    }
                    lowBytes += Avx2.Shuffle(table, x0.AsByte() & lowNibble) + Avx2.Shuffle(table, Vector256.ShiftRightLogical(x0.AsUInt16(), 4).AsByte() & lowNibble);
                    highBytes += Avx2.Shuffle(table, x1.AsByte() & lowNibble) + Avx2.Shuffle(table, Vector256.ShiftRightLogical(x1.AsUInt16(), 4).AsByte() & lowNibble);
                }
                lowLanes += Avx2.SumAbsoluteDifferences(lowBytes, Vector256<byte>.Zero).AsUInt64();
                highLanes += Avx2.SumAbsoluteDifferences(highBytes, Vector256<byte>.Zero).AsUInt64();
            }
            int first = block * BlockNeurons;
            for (int lane = 0; lane < BlockNeurons && first + lane < counts.Length; lane++)
                counts[first + lane] = (int)(lane < Half ? lowLanes.GetElement(lane) : highLanes.GetElement(lane - Half));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Tail(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> mask, bool masked, int start) =>
        masked ? CountMaskedScalar(a, b, mask, start) : CountScalar(a, b, start);
}
