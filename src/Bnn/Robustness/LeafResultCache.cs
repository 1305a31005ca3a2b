using System.Numerics;
using BnnVerify.Bnn.Engine;

namespace BnnVerify.Bnn.Robustness;

/// <summary>
/// The verdicts of first-stage assignments already evaluated in one pass, shared by all of its workers. Every
/// candidate of the pass has the first stage's rows outside the root's open ones at their center value, so the values
/// of the root's open rows alone decide its verdict: they are the key. On image 0 of the MNIST network, of a distance-3
/// sphere's 35 million leaves, a memo per search node spared 15 % of the evaluations and this table spares 76 %: the
/// same assignments recur across nodes far more than within one (docs/benchmarks.md).
/// </summary>
/// <remarks>
/// A lossy, lock-free table: each slot is one 64-bit word, the key above a verdict bit and a filled bit, written and
/// read whole, so a racing reader sees an old entry or a new one, never a mix, and a slot taken by another key only
/// costs an evaluation again. Keys have at most <see cref="MaxRows"/> bits.
/// </remarks>
internal sealed class LeafResultCache
{
    /// <summary>The most root-open rows a key holds (two bits of the slot mark it filled and hold the verdict).</summary>
    public const int MaxRows = 62;

    private readonly ulong[] _slots;
    private readonly int _shift;

    /// <param name="net">The ball's network (its first stage is sign rows, not constraints).</param>
    /// <param name="rootOpen">The root's open first-stage rows, at most <see cref="MaxRows"/>; row <c>rootOpen[b]</c> is key bit b.</param>
    /// <param name="slotsLog2">The table holds 2^slotsLog2 slots.</param>
    public LeafResultCache(BallNetwork net, ReadOnlySpan<int> rootOpen, int slotsLog2)
    {
        if (rootOpen.Length > MaxRows)
            throw new ArgumentOutOfRangeException(nameof(rootOpen), $"at most {MaxRows} rows fit a key");
        KeyBit = new int[net.StageRows];
        Array.Fill(KeyBit, -1);
        for (int b = 0; b < rootOpen.Length; b++)
            KeyBit[rootOpen[b]] = b;
        RootOpen = rootOpen.ToArray();
        _slots = new ulong[1 << slotsLog2];
        _shift = 64 - slotsLog2;
        TowardFiring = TowardFiringMasks(net, RootOpen);
    }

    /// <summary>Per first-stage row, its bit in a key, or −1 for a row that no candidate of the pass changes.</summary>
    public int[] KeyBit { get; }

    /// <summary>The root's open rows, in key-bit order.</summary>
    public int[] RootOpen { get; }

    /// <summary>
    /// Per free position, the key bits of the rows its flip pushes toward firing (the others it pushes away), when
    /// every root-open row has a step (<see cref="BallNetwork.StageStep"/>); else null. With one flip left, a node's
    /// leaf then changes exactly the rows that one step in its flip's direction carries across their bound, so its key
    /// takes two mask operations instead of a test per open row.
    /// </summary>
    public ulong[]? TowardFiring { get; }

    private static ulong[]? TowardFiringMasks(BallNetwork net, int[] rootOpen)
    {
        foreach (int j in rootOpen)
        {
            if (net.StageStep[j] == 0)
                return null;
        }
        var masks = new ulong[net.FreeCount];
        for (int p = 0; p < net.FreeCount; p++)
        {
            ulong mask = 0;
            for (int b = 0; b < rootOpen.Length; b++)
            {
                int j = rootOpen[b];
                if (net.StageFlip[j] * net.Delta[(p * net.StageRows) + j] > 0)
                    mask |= 1UL << b;
            }
            masks[p] = mask;
        }
        return masks;
    }

    /// <summary>The key of a first stage given as packed row values.</summary>
    public ulong KeyOf(ReadOnlySpan<ulong> stage) => PackedBits.Gather(stage, RootOpen);

    /// <summary>Whether <paramref name="key"/>'s verdict is known, and if so whether it violates.</summary>
    public bool TryGet(ulong key, out bool violated) => TryDecode(Read(key), key, out violated);

    /// <summary>
    /// The slot <paramref name="key"/> would be in, as it is now, for <see cref="TryDecode"/>: reading the slots of
    /// many keys first, in one loop of independent loads, lets their cache misses overlap.
    /// </summary>
    public ulong Read(ulong key) => Volatile.Read(ref _slots[Slot(key)]);

    /// <summary>Whether slot value <paramref name="entry"/> holds <paramref name="key"/>'s verdict, and if so whether it violates.</summary>
    public static bool TryDecode(ulong entry, ulong key, out bool violated)
    {
        violated = (entry & 2) != 0;
        return (entry & 1) != 0 && entry >> 2 == key;
    }

    /// <summary>Records <paramref name="key"/>'s verdict, in place of whatever its slot held.</summary>
    public void Set(ulong key, bool violated) =>
        Volatile.Write(ref _slots[Slot(key)], (key << 2) | (violated ? 2UL : 0) | 1);

    private int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    /// <summary>
    /// The table size for a pass over about <paramref name="candidates"/> candidates: a slot per four candidates,
    /// between 2¹⁰ and 2²⁴ slots (128 MB; the MNIST spheres' distinct keys number in the millions).
    /// </summary>
    public static int SlotsLog2For(double candidates)
    {
        double wanted = Math.Max(1, candidates / 4);
        int log2 = wanted >= 1 << 24 ? 24 : BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)wanted));
        return Math.Clamp(log2, 10, 24);
    }
}
