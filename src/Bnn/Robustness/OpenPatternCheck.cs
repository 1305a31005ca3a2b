using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BnnVerify.Bnn.Robustness;

/// <summary>
/// Decides exactly whether some assignment of a search node's open first-stage rows violates the property, every
/// other row keeping the node's value. Below a node, only the rows the bounds leave open can change, so when no
/// assignment of them violates, no candidate below the node does.
/// </summary>
/// <remarks>
/// Interval bounds through the later layers treat every open row as independent at every layer, and lose how the
/// same few rows move all of the next layer's sums together: on the MNIST network they settle few nodes with two
/// or three flips left, while this check settles almost every one of those it is given (docs/robustness.md).
/// The assignments are visited in Gray-code order, so each differs from the one before in one row: that costs one
/// column addition to the next layer's sums, a vector comparison with its thresholds, and the same for the few
/// neurons of each later layer that change (usually none, which ends the step).
/// The same lanes evaluate a search node's leaves (<see cref="SetBase"/>, <see cref="MarginWithChanges"/>): each leaf
/// changes a few first-stage rows of the node's base state, and is propagated from that base.
/// </remarks>
internal sealed class OpenPatternCheck
{
    private readonly BallNetwork _net;
    private readonly short[][] _sums;
    private readonly ulong[][] _bits;
    private readonly long[] _constraints;
    private readonly int[] _indexA, _indexB;
    private readonly bool[] _valueA, _valueB;
    private long _margin;
    // The state SetBase fixed, which MarginWithChanges starts from and leaves as it is.
    private readonly short[][] _baseSums;
    private readonly ulong[][] _baseBits;
    private readonly long[] _baseConstraints;
    private long _baseMargin;

    public OpenPatternCheck(BallNetwork net)
    {
        _net = net;
        int hidden = net.Hidden.Length;
        if (!net.PatternSumsFit)
            throw new ArgumentException("the hidden layers' sums do not fit the check's 16-bit lanes", nameof(net));
        _sums = new short[hidden][];
        _bits = new ulong[hidden][];
        _baseSums = new short[hidden][];
        _baseBits = new ulong[hidden][];
        int widest = net.StageRows;
        for (int l = 0; l < hidden; l++)
        {
            int width = net.PatternWidth[l];
            _sums[l] = new short[width];
            _bits[l] = new ulong[Engine.PackedBits.WordsFor(width)];
            _baseSums[l] = new short[width];
            _baseBits[l] = new ulong[_bits[l].Length];
            widest = Math.Max(widest, width);
        }
        _constraints = new long[net.Constraints?.RowCount ?? 0];
        _baseConstraints = new long[_constraints.Length];
        _indexA = new int[widest];
        _indexB = new int[widest];
        _valueA = new bool[widest];
        _valueB = new bool[widest];
    }

    /// <summary>
    /// Visits every assignment of the rows <paramref name="open"/> (the other rows of <paramref name="stage"/> fixed)
    /// and adds each violating one to <paramref name="violating"/>, as the mask whose bit o is the value of row
    /// <c>open[o]</c>. True when the list is complete; false, with the list cut short, when more than
    /// <paramref name="cap"/> violate or <paramref name="cancellation"/> stops the visit.
    /// </summary>
    public bool Collect(ReadOnlySpan<ulong> stage, ReadOnlySpan<int> open, int cap, List<ulong> violating, CancellationToken cancellation)
    {
        if (open.Length > 62)
            throw new ArgumentOutOfRangeException(nameof(open), "at most 62 open rows can be enumerated");
        ulong start = Engine.PackedBits.Gather(stage, open);
        int found = 0;
        if (Base(stage) < 0 && !Add(start))
            return false;
        ulong toggled = 0;
        ulong count = 1UL << open.Length;
        for (ulong g = 1; g < count; g++)
        {
            int o = BitOperations.TrailingZeroCount(g);
            toggled ^= 1UL << o;
            _indexA[0] = open[o];
            _valueA[0] = (((start ^ toggled) >> o) & 1) != 0;
            if (Propagate(1, fromBase: false) < 0 && !Add(start ^ toggled))
                return false;
            if ((g & 0xFFFF) == 0 && cancellation.IsCancellationRequested)
                return false;
        }
        return true;

        bool Add(ulong pattern)
        {
            if (++found > cap)
                return false;
            violating.Add(pattern);
            return true;
        }
    }

    /// <summary>
    /// <see cref="Collect"/> on <paramref name="threads"/> threads: the highest open rows' values are fixed per
    /// part, and each part enumerates the rest on its own check. The list is in part order, so it does not depend
    /// on timing.
    /// </summary>
    public static bool CollectInParallel(BallNetwork net, ReadOnlySpan<ulong> stage, ReadOnlySpan<int> open, int cap, List<ulong> violating,
        int threads, CancellationToken cancellation)
    {
        int split = Math.Min(open.Length, 6);
        int inner = open.Length - split;
        int parts = 1 << split;
        var lists = new List<ulong>[parts];
        var rows = open.ToArray();
        var start = stage.ToArray();
        int total = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var checks = new System.Collections.Concurrent.ConcurrentBag<OpenPatternCheck>();
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
        {
            if (stop.IsCancellationRequested)
                return;
            if (!checks.TryTake(out var check))
                check = new OpenPatternCheck(net);
            var partStage = (ulong[])start.Clone();
            ulong high = 0;
            for (int t = 0; t < split; t++)
            {
                int j = rows[inner + t];
                ulong bit = 1UL << (j & 63);
                bool value = ((part >> t) & 1) != 0;
                partStage[j >> 6] = value ? partStage[j >> 6] | bit : partStage[j >> 6] & ~bit;
                high |= (value ? 1UL : 0) << (inner + t);
            }
            var list = new List<ulong>();
            bool complete = check.Collect(partStage, rows.AsSpan(0, inner), cap, list, stop.Token);
            for (int i = 0; i < list.Count; i++)
                list[i] |= high;
            lists[part] = list;
            if (!complete || Interlocked.Add(ref total, list.Count) > cap)
                stop.Cancel();
            checks.Add(check);
        });
        if (stop.IsCancellationRequested)
            return false;
        foreach (var list in lists)
            violating.AddRange(list);
        return true;
    }

    // Every later layer's sums and outputs, and the constraints' values, for the first stage `stage`.
    private long Base(ReadOnlySpan<ulong> stage)
    {
        var bits = stage;
        for (int l = 0; l < _net.Hidden.Length; l++)
        {
            var layer = _net.Hidden[l];
            var flip = _net.HiddenFlip[l];
            var output = _bits[l];
            Array.Clear(output);
            // Padding rows keep the sum 0 and never fire.
            for (int j = 0; j < layer.RowCount; j++)
            {
                _sums[l][j] = (short)(flip[j] * layer.Exact(j, bits));
                if (_sums[l][j] >= _net.PatternBound[l][j])
                    output[j >> 6] |= 1UL << (j & 63);
            }
            bits = output;
        }
        _margin = _net.ConstraintValues(bits, _constraints);
        return _margin;
    }

    /// <summary>
    /// Makes the first stage <paramref name="stage"/> the base that <see cref="MarginWithChanges"/> starts from;
    /// returns its margin.
    /// </summary>
    public long SetBase(ReadOnlySpan<ulong> stage)
    {
        _baseMargin = Base(stage);
        for (int l = 0; l < _sums.Length; l++)
        {
            _sums[l].CopyTo(_baseSums[l], 0);
            _bits[l].CopyTo(_baseBits[l], 0);
        }
        _constraints.CopyTo(_baseConstraints, 0);
        return _baseMargin;
    }

    /// <summary>
    /// The margin of the base (<see cref="SetBase"/>) with first-stage row <c>rows[c]</c> turned to <c>values[c]</c>
    /// for every c, each a row whose base value differs; the base stays as it is.
    /// </summary>
    public long MarginWithChanges(ReadOnlySpan<int> rows, ReadOnlySpan<bool> values)
    {
        rows.CopyTo(_indexA);
        values.CopyTo(_valueA);
        return Propagate(rows.Length, fromBase: true);
    }

    // Applies the changes in _indexA/_valueA to the first stage's outputs, layer by layer; returns the new margin. From
    // the base, each layer that changes starts from the base's sums and outputs, and the current state stays unused.
    private long Propagate(int changes, bool fromBase)
    {
        int[] index = _indexA, nextIndex = _indexB;
        bool[] value = _valueA, nextValue = _valueB;
        long margin = fromBase ? _baseMargin : _margin;
        for (int l = 0; l < _net.Hidden.Length; l++)
        {
            if (changes == 0)
                return margin;
            int width = _sums[l].Length;
            var sums = _sums[l].AsSpan();
            if (fromBase)
            {
                _baseSums[l].CopyTo(sums);
                _baseBits[l].CopyTo(_bits[l], 0);
            }
            var columns = _net.PatternColumns[l];
            for (int c = 0; c < changes; c++)
                AddOrSubtract(sums, columns.AsSpan(index[c] * width, width), value[c]);
            changes = Changes(sums, _net.PatternBound[l], _bits[l], nextIndex, nextValue);
            (index, nextIndex) = (nextIndex, index);
            (value, nextValue) = (nextValue, value);
        }
        if (changes == 0)
            return margin;
        margin = _net.ShiftedConstraintValues(fromBase ? _baseConstraints : _constraints, _constraints, index.AsSpan(0, changes), value.AsSpan(0, changes));
        if (!fromBase)
            _margin = margin;
        return margin;
    }

    // sums += column (an input turned to +1) or −= column (to −1); the column already holds 2·flip·w.
    private static void AddOrSubtract(Span<short> sums, ReadOnlySpan<short> column, bool add)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref short sum0 = ref MemoryMarshal.GetReference(sums);
            ref short column0 = ref MemoryMarshal.GetReference(column);
            for (; j + 16 <= sums.Length; j += 16)
            {
                var s = Vector256.LoadUnsafe(ref sum0, (nuint)j);
                var c = Vector256.LoadUnsafe(ref column0, (nuint)j);
                (add ? s + c : s - c).StoreUnsafe(ref sum0, (nuint)j);
            }
        }
        for (; j < sums.Length; j++)
            sums[j] = (short)(add ? sums[j] + column[j] : sums[j] - column[j]);
    }

    // The rows whose output differs from `bits` now, into index/value; `bits` is updated to the new outputs.
    private static int Changes(ReadOnlySpan<short> sums, short[] bounds, ulong[] bits, int[] index, bool[] value)
    {
        int changes = 0;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref short sum0 = ref MemoryMarshal.GetReference(sums);
            ref short bound0 = ref MemoryMarshal.GetArrayDataReference(bounds);
            for (; j + 16 <= sums.Length; j += 16)
            {
                uint fires = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref sum0, (nuint)j), Vector256.LoadUnsafe(ref bound0, (nuint)j))
                    .ExtractMostSignificantBits();
                uint before = (uint)(bits[j >> 6] >> (j & 63)) & 0xFFFF;
                uint diff = fires ^ before;
                if (diff == 0)
                    continue;
                bits[j >> 6] ^= (ulong)diff << (j & 63);
                while (diff != 0)
                {
                    int t = BitOperations.TrailingZeroCount(diff);
                    index[changes] = j + t;
                    value[changes++] = ((fires >> t) & 1) != 0;
                    diff &= diff - 1;
                }
            }
        }
        for (; j < sums.Length; j++)
        {
            bool fires = sums[j] >= bounds[j];
            ulong bit = 1UL << (j & 63);
            if (fires != ((bits[j >> 6] & bit) != 0))
            {
                bits[j >> 6] ^= bit;
                index[changes] = j;
                value[changes++] = fires;
            }
        }
        return changes;
    }
}
