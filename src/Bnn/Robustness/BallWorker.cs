using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using BnnVerify.Bnn.Engine;

namespace BnnVerify.Bnn.Robustness;

/// <summary>What the bounds say about every candidate below a search node.</summary>
internal enum Settlement
{
    /// <summary>Not settled: some may hold, some may violate.</summary>
    Open,

    /// <summary>The property holds on all of them.</summary>
    Holds,

    /// <summary>The property fails on all of them.</summary>
    Violated,
}

/// <summary>State shared by the workers of one search: the stop signal and the lowest task that found a counterexample.</summary>
internal sealed class SharedSearchState(bool stopAtFirst, CancellationToken cancellation, int threads = 1)
{
    /// <summary>The threads the search may use (the root's enumeration of its open rows uses them all).</summary>
    public int Threads { get; } = Math.Max(1, threads);

    private int _bestTask = int.MaxValue;

    public bool StopAtFirst { get; } = stopAtFirst;

    public CancellationToken Cancellation { get; } = cancellation;

    public int BestTask => Volatile.Read(ref _bestTask);

    public ImmutableCounterexample? Best { get; private set; }

    /// <summary>The root's violating assignments, when the root enumerated them; every task filters them.</summary>
    public ViolatingPatterns? RootTable { get; set; }

    /// <summary>The verdicts of the leaves' first-stage assignments, shared by every task; set by the root when its open rows fit a key.</summary>
    public LeafResultCache? LeafCache { get; set; }

    private readonly Lock _lock = new();

    /// <summary>Records a counterexample of task <paramref name="task"/>; the lowest task's wins, so the answer does not depend on timing.</summary>
    public void Offer(int task, int[] flips)
    {
        lock (_lock)
        {
            if (task < _bestTask)
            {
                Best = new ImmutableCounterexample(flips);
                Volatile.Write(ref _bestTask, task);
            }
        }
    }
}

/// <summary>
/// The violating assignments of an enumerated node's open first-stage rows <see cref="Rows"/>, each as the mask whose
/// bit o is the value of row <c>Rows[o]</c>. Below that node every candidate's first stage is one of its assignments,
/// and a descendant's open rows are among the node's, so a descendant can break the property only through one of these.
/// </summary>
internal sealed record ViolatingPatterns(int[] Rows, ulong[] Patterns);

/// <summary>A counterexample as the positions (in search order) of its flips.</summary>
internal sealed record ImmutableCounterexample(int[] Positions);

/// <summary>
/// One thread's depth-first search over sets of flips, in increasing position order so that each candidate is met
/// once. The first layer's sums are updated per flip; at each node the sums that the remaining k flips can reach are
/// bounded per neuron (at most k of the remaining bits that raise it, at most k that lower it), first-layer neurons
/// that cannot cross their threshold are fixed, fixed and open neurons are propagated as intervals through the later
/// layers and into the property's constraints, and a subtree whose outcome is settled is not entered. Where the
/// intervals leave a node open, the assignments of its open first-layer neurons are enumerated exactly
/// (<see cref="OpenPatternCheck"/>), or an ancestor's table of violating ones filtered (<see cref="ViolatingPatterns"/>).
/// </summary>
internal sealed class BallWorker
{
    private const int MemoSize = 1 << 12;

    private readonly BallNetwork _net;
    private readonly int _rMin, _rMax;
    private readonly bool _count;
    private readonly int _maxCounterexamples;
    private readonly UInt128[,] _binomial;
    private readonly SharedSearchState _shared;
    private readonly int[] _sums;
    private readonly ulong[][] _values; // per stage: [0] first stage, [l + 1] hidden layer l
    private readonly ulong[][] _known;
    private readonly ulong[][] _exact;  // per stage, for exact evaluations
    private readonly int[] _open;       // open first-stage rows at the current node
    private readonly int[] _path;
    private readonly ulong[] _memoKey = new ulong[MemoSize];
    private readonly int[] _memoStamp = new int[MemoSize];
    private readonly bool[] _memoViolated = new bool[MemoSize];
    // LeafBatchBySteps: each leaf's memo slot; the batch's distinct changes as memo slots, keys and table entries.
    private readonly int[] _leafSlot = new int[LeafBatch];
    private readonly int[] _distinctSlot = new int[LeafBatch];
    private readonly ulong[] _distinctKey = new ulong[LeafBatch];
    private readonly ulong[] _distinctEntry = new ulong[LeafBatch];
    // The exact state of the node whose leaf children are being evaluated, and scratch space for their changes.
    private readonly ulong[][] _base;
    private readonly int[][] _baseSums;
    private readonly long[] _baseConstraints;
    private readonly int[][] _scratchSums;
    private readonly long[] _scratchConstraints;
    private readonly int[] _changesA, _changesB;
    private readonly bool[] _valuesA, _valuesB;
    private readonly OpenPatternCheck? _patterns;
    // By depth on the current path: the enumerated table in force, the part of it the node can still reach.
    private readonly ViolatingPatterns?[] _tableAt;
    private readonly ulong[][] _listAt;
    private readonly int[] _countAt;
    private readonly ulong[][] _buffers;
    private readonly List<ulong> _collected = [];
    private long _baseMargin;
    private bool _baseReady;
    private int _stamp;
    private int _depth;
    private int _task;
    private bool _foundInTask;

    public BallWorker(BallNetwork net, int rMin, int rMax, bool count, int maxCounterexamples, UInt128[,] binomial, SharedSearchState shared)
    {
        _net = net;
        _rMin = rMin;
        _rMax = rMax;
        _count = count;
        _maxCounterexamples = maxCounterexamples;
        _binomial = binomial;
        _shared = shared;
        _sums = new int[net.StageRows];
        int stages = net.Hidden.Length + 1;
        _values = new ulong[stages][];
        _known = new ulong[stages][];
        _exact = new ulong[stages][];
        for (int s = 0; s < stages; s++)
        {
            int words = PackedBits.WordsFor(s == 0 ? net.StageRows : net.Hidden[s - 1].RowCount);
            _values[s] = new ulong[words];
            _known[s] = new ulong[words];
            _exact[s] = new ulong[words];
        }
        _open = new int[net.StageRows];
        _base = new ulong[stages][];
        for (int s = 0; s < stages; s++)
            _base[s] = new ulong[_values[s].Length];
        _baseSums = new int[net.Hidden.Length][];
        _scratchSums = new int[net.Hidden.Length][];
        int widest = net.StageRows;
        for (int l = 0; l < net.Hidden.Length; l++)
        {
            _baseSums[l] = new int[net.Hidden[l].RowCount];
            _scratchSums[l] = new int[net.Hidden[l].RowCount];
            widest = Math.Max(widest, net.Hidden[l].RowCount);
        }
        int constraints = net.Constraints?.RowCount ?? 0;
        _baseConstraints = new long[constraints];
        _scratchConstraints = new long[constraints];
        _changesA = new int[widest];
        _changesB = new int[widest];
        _valuesA = new bool[widest];
        _valuesB = new bool[widest];
        _path = new int[Math.Max(1, rMax)];
        // Without 16-bit sums (hidden rows with Σ|w| ≥ 2¹⁴) nodes are settled by the bounds and the leaves alone.
        _patterns = net.Hidden.Length > 0 && net.PatternSumsFit ? new OpenPatternCheck(net) : null;
        _tableAt = new ViolatingPatterns?[rMax + 1];
        _listAt = new ulong[rMax + 1][];
        _countAt = new int[rMax + 1];
        _buffers = new ulong[rMax + 1][];
        for (int d = 0; d <= rMax; d++)
            _buffers[d] = [];
        ResetToCenter();
    }

    public long Evaluated { get; private set; }

    public long Bounded { get; private set; }

    /// <summary>Evaluations of the layers after the first (candidates whose first-layer pattern was not met before at the same node).</summary>
    public long NetworkEvaluations { get; private set; }

    public long Settled { get; private set; }

    public UInt128 Violations { get; private set; }

    /// <summary>Counterexamples found (counting mode), as flip positions, in search order.</summary>
    public List<int[]> Found { get; } = [];

    public void ResetToCenter()
    {
        _net.CenterSums.CopyTo(_sums, 0);
        _depth = 0;
    }

    /// <summary>Runs the search below the root's child that flips position <paramref name="first"/>; tasks are numbered by it.</summary>
    public void RunTask(int first)
    {
        _task = first;
        _foundInTask = false;
        ResetToCenter();
        var root = _shared.RootTable;
        _tableAt[0] = root;
        _listAt[0] = root?.Patterns ?? [];
        _countAt[0] = root?.Patterns.Length ?? 0;
        Push(first);
        Node(first);
        Pop(first);
    }

    /// <summary>
    /// The root: the center itself when it is a candidate, then the bounds over the whole ball. Returns true when the
    /// root's children must still be searched (as tasks, when more than one flip remains; else already done here).
    /// </summary>
    public bool RunRoot(out bool childrenAreTasks)
    {
        _task = -1;
        _foundInTask = false;
        ResetToCenter();
        childrenAreTasks = false;
        if (!Head(-1, out int k))
            return false;
        if (!_net.FirstIsConstraints)
        {
            // Every open row below is one of the root's, so their values key the leaves' verdicts for the whole pass.
            int open = CollectOpen();
            if (open <= LeafResultCache.MaxRows)
                _shared.LeafCache = new LeafResultCache(_net, _open.AsSpan(0, open), LeafResultCache.SlotsLog2For(ApproximateBinomial(_net.FreeCount, k)));
        }
        if (k == 1)
        {
            LeafChildren(0);
            return false;
        }
        childrenAreTasks = true;
        return true;
    }

    private bool Stopped =>
        _shared.Cancellation.IsCancellationRequested || (_shared.StopAtFirst && (_foundInTask || _shared.BestTask < _task));

    private void Push(int position)
    {
        _path[_depth++] = position;
        AddDelta(position, +1);
    }

    private void Pop(int position)
    {
        _depth--;
        AddDelta(position, -1);
    }

    private void AddDelta(int position, int sign)
    {
        var sums = _sums.AsSpan();
        var delta = _net.Delta.AsSpan(position * _net.StageRows, _net.StageRows);
        int j = 0;
        if (Vector.IsHardwareAccelerated && sums.Length >= Vector<int>.Count)
        {
            var s = MemoryMarshal.Cast<int, Vector<int>>(sums);
            var d = MemoryMarshal.Cast<int, Vector<int>>(delta);
            for (int v = 0; v < s.Length; v++)
                s[v] = sign > 0 ? s[v] + d[v] : s[v] - d[v];
            j = s.Length * Vector<int>.Count;
        }
        for (; j < sums.Length; j++)
            sums[j] += sign * delta[j];
    }

    private void Node(int last)
    {
        if (!Head(last, out int k))
            return;
        if (k == 1)
        {
            LeafChildren(last + 1);
            return;
        }
        int need = Math.Max(1, _rMin - _depth);
        for (int q = last + 1; q <= _net.FreeCount - need; q++)
        {
            Push(q);
            Node(q);
            Pop(q);
            if (Stopped)
                return;
        }
    }

    /// <summary>
    /// The node itself (a candidate when it has enough flips), then the bounds over its subtree. True when its children
    /// must be searched; <paramref name="k"/> receives the flips still allowed.
    /// </summary>
    private bool Head(int last, out int k)
    {
        k = _rMax - _depth;
        if (Stopped)
            return false;
        if (_depth >= _rMin)
        {
            Evaluated++;
            if (ExactMargin() < 0)
            {
                Record([]);
                if (Stopped)
                    return false;
            }
        }
        if (k == 0)
            return false;
        int poolStart = last + 1;
        int pool = _net.FreeCount - poolStart;
        int need = Math.Max(1, _rMin - _depth);
        if (pool < need)
            return false;
        Bounded++;
        // A table in force here would be a sibling's; SettleByPatterns puts this node's own, if any.
        _tableAt[_depth] = null;
        var settlement = BoundSubtree(poolStart, k);
        if (settlement == Settlement.Open && _patterns is not null)
            settlement = SettleByPatterns(pool, k);
        // A violated subtree is still entered while counterexamples are wanted, so that the kept ones are real leaves.
        if (settlement == Settlement.Open || (settlement == Settlement.Violated && _count && Found.Count < _maxCounterexamples))
            return true;
        Settled++;
        if (settlement == Settlement.Violated)
        {
            // Every candidate below violates; the first in search order flips the next `need` positions.
            var first = new int[need];
            for (int t = 0; t < need; t++)
                first[t] = poolStart + t;
            if (_count)
            {
                UInt128 below = 0;
                for (int t = need; t <= Math.Min(k, pool); t++)
                    below = SaturatingAdd(below, _binomial[pool, t]);
                Violations = SaturatingAdd(Violations, below - 1);
            }
            Record(first);
        }
        return false;
    }

    /// <summary>Children of a node with one flip left: each is one candidate; only the open first-stage rows can differ from the node's fixed ones.</summary>
    private void LeafChildren(int poolStart)
    {
        int open = CollectOpen();
        var delta = _net.Delta;
        int rows = _net.StageRows;
        if (_net.FirstIsConstraints)
        {
            for (int q = poolStart; q < _net.FreeCount; q++)
            {
                Evaluated++;
                int offset = q * rows;
                for (int o = 0; o < open; o++)
                {
                    int j = _open[o];
                    if (_sums[j] + delta[offset + j] < 0)
                    {
                        Record([q]);
                        break;
                    }
                }
                if (Stopped)
                    return;
            }
            return;
        }
        // Only open rows can differ from the node's own outputs; the layers after the first are updated from the
        // node's exact sums through the few neurons that change, and children with the same changes share a result.
        // The pass's cache keys the leaves by the root's open rows; without one, a memo keys them by this node's.
        var cache = _shared.LeafCache;
        if (cache?.TowardFiring is { } toward)
        {
            LeafChildrenBySteps(poolStart, open, cache, toward);
            return;
        }
        // (A memo that could fill up would probe forever: more leaves than half its slots go without.)
        bool memo = open <= 64 && _net.FreeCount - poolStart <= MemoSize / 2;
        _stamp++;
        PrepareBase();
        var flip = _net.StageFlip;
        var bound = _net.StageBound;
        var baseBits = _base[0];
        ulong baseKey = cache?.KeyOf(baseBits) ?? 0;
        var keyBit = cache?.KeyBit;
        for (int q = poolStart; q < _net.FreeCount; q++)
        {
            Evaluated++;
            int offset = q * rows;
            ulong pattern = 0, key = baseKey;
            int changes = 0;
            for (int o = 0; o < open; o++)
            {
                int j = _open[o];
                bool fires = flip[j] * (_sums[j] + delta[offset + j]) >= bound[j];
                if (fires != (((baseBits[j >> 6] >> (j & 63)) & 1) != 0))
                {
                    _changesA[changes] = j;
                    _valuesA[changes++] = fires;
                    pattern |= 1UL << (o & 63);
                    if (keyBit is not null)
                    {
                        Debug.Assert(keyBit[j] >= 0, "a node's open rows are among the root's");
                        key ^= 1UL << keyBit[j];
                    }
                }
            }
            bool violated;
            if (changes == 0)
            {
                violated = _baseMargin < 0;
            }
            else if (cache is not null)
            {
                if (!cache.TryGet(key, out violated))
                {
                    violated = DeltaMargin(changes) < 0;
                    cache.Set(key, violated);
                }
            }
            else if (memo)
            {
                int slot = MemoSlot(pattern);
                if (_memoStamp[slot] == _stamp)
                {
                    violated = _memoViolated[slot];
                }
                else
                {
                    violated = DeltaMargin(changes) < 0;
                    _memoStamp[slot] = _stamp;
                    _memoKey[slot] = pattern;
                    _memoViolated[slot] = violated;
                }
            }
            else
            {
                violated = DeltaMargin(changes) < 0;
            }
            if (violated)
                Record([q]);
            if (Stopped)
                return;
        }
    }

    /// <summary>
    /// <see cref="LeafChildren"/> when every open row has a step: a row changes with the leaf's one flip exactly when
    /// it lies within one step of its bound and the flip pushes it across, so a leaf's change of key is two mask
    /// operations on its flip's <see cref="LeafResultCache.TowardFiring"/> mask, and the node's own state is evaluated
    /// only if some change's verdict is not in the pass's table.
    /// </summary>
    private void LeafChildrenBySteps(int poolStart, int open, LeafResultCache cache, ulong[] toward)
    {
        var flip = _net.StageFlip;
        var bound = _net.StageBound;
        var step = _net.StageStep;
        var bits = _base[0];
        FirstStageBits(bits);
        ulong baseKey = cache.KeyOf(bits);
        ulong rising = 0, falling = 0; // key bits of the rows one step toward (away from) firing turns on (off)
        for (int o = 0; o < open; o++)
        {
            int j = _open[o];
            int sum = flip[j] * _sums[j];
            ulong bit = 1UL << cache.KeyBit[j];
            if (sum >= bound[j])
            {
                if (sum - step[j] < bound[j])
                    falling |= bit;
            }
            else if (sum + step[j] >= bound[j])
            {
                rising |= bit;
            }
        }
        _baseReady = false;
        if ((rising | falling) == 0 && !StateViolates(baseKey, cache.Read(baseKey), baseKey, cache))
        {
            // No leaf changes a row: all of them are the node's own state, which holds.
            Evaluated += _net.FreeCount - poolStart;
            return;
        }
        for (int start = poolStart; start < _net.FreeCount; start += LeafBatch)
        {
            if (!LeafBatchBySteps(start, Math.Min(_net.FreeCount, start + LeafBatch), rising, falling, baseKey, cache, toward))
                return;
        }
    }

    // The memo slot holding `key` in the current stamp, or the free slot where it goes (the memo is never full).
    private int MemoSlot(ulong key)
    {
        int slot = (int)((key * 0x9E3779B97F4A7C15UL) >> 52);
        while (_memoStamp[slot] == _stamp && _memoKey[slot] != key)
            slot = (slot + 1) & (MemoSize - 1);
        return slot;
    }

    /// <summary>The leaves of one batch share the node's memo, which must never fill up.</summary>
    private const int LeafBatch = MemoSize / 2;

    // Leaves start..end−1, sweep by sweep: their distinct changes (through the memo); the table's slots of those, read
    // in one loop of independent loads so that their cache misses overlap; the verdicts the table lacks; the leaves'
    // verdicts in search order. False when the search stops.
    private bool LeafBatchBySteps(int start, int end, ulong rising, ulong falling, ulong baseKey, LeafResultCache cache, ulong[] toward)
    {
        _stamp++;
        int distinct = 0;
        for (int q = start; q < end; q++)
        {
            ulong towardFiring = toward[q];
            ulong change = (towardFiring & rising) | (~towardFiring & falling);
            int slot = MemoSlot(change);
            if (_memoStamp[slot] != _stamp)
            {
                _memoStamp[slot] = _stamp;
                _memoKey[slot] = change;
                _distinctSlot[distinct] = slot;
                _distinctKey[distinct++] = baseKey ^ change;
            }
            _leafSlot[q - start] = slot;
        }
        for (int d = 0; d < distinct; d++)
            _distinctEntry[d] = cache.Read(_distinctKey[d]);
        for (int d = 0; d < distinct; d++)
            _memoViolated[_distinctSlot[d]] = StateViolates(_distinctKey[d], _distinctEntry[d], baseKey, cache);
        for (int q = start; q < end; q++)
        {
            Evaluated++;
            if (_memoViolated[_leafSlot[q - start]])
            {
                Record([q]);
                if (Stopped)
                    return false;
            }
        }
        return !Stopped;
    }

    // Whether the first stage with key `key` (the node's own, `baseKey`, with some root-open rows toggled) violates:
    // from its table entry `entry` when that holds it, else evaluated from the node's base, prepared at the node's first
    // evaluation, and recorded.
    private bool StateViolates(ulong key, ulong entry, ulong baseKey, LeafResultCache cache)
    {
        if (LeafResultCache.TryDecode(entry, key, out bool violated))
            return violated;
        if (!_baseReady)
        {
            PrepareBase();
            _baseReady = true;
        }
        int changes = 0;
        var bits = _base[0];
        for (ulong rest = key ^ baseKey; rest != 0; rest &= rest - 1)
        {
            int j = cache.RootOpen[BitOperations.TrailingZeroCount(rest)];
            _changesA[changes] = j;
            _valuesA[changes++] = ((bits[j >> 6] >> (j & 63)) & 1) == 0;
        }
        violated = (changes == 0 ? _baseMargin : DeltaMargin(changes)) < 0;
        cache.Set(key, violated);
        return violated;
    }

    /// <summary>
    /// Settles the current node (which the interval bounds left open) by its open first-stage rows' assignments: by
    /// filtering an ancestor's violating assignments to the ones this node can still reach, or, without one, by
    /// enumerating this node's own when that costs less than the candidates below it.
    /// </summary>
    private Settlement SettleByPatterns(int pool, int k)
    {
        var inherited = _depth > 0 ? _tableAt[_depth - 1] : null;
        if (inherited is not null)
        {
            _tableAt[_depth] = inherited;
            // Rows of the ancestor's table that this node fixed keep their current value in every candidate below.
            var known = _known[0];
            var values = _values[0];
            ulong fixedMask = 0, fixedValues = 0;
            for (int o = 0; o < inherited.Rows.Length; o++)
            {
                int j = inherited.Rows[o];
                ulong bit = 1UL << (j & 63);
                if ((known[j >> 6] & bit) != 0)
                {
                    fixedMask |= 1UL << o;
                    if ((values[j >> 6] & bit) != 0)
                        fixedValues |= 1UL << o;
                }
            }
            var parent = _listAt[_depth - 1];
            int parentCount = _countAt[_depth - 1];
            if (_buffers[_depth].Length < parentCount)
                _buffers[_depth] = new ulong[Math.Max(parentCount, 2 * _buffers[_depth].Length)];
            var list = _buffers[_depth];
            int count = 0;
            for (int i = 0; i < parentCount; i++)
            {
                if (((parent[i] ^ fixedValues) & fixedMask) == 0)
                    list[count++] = parent[i];
            }
            _listAt[_depth] = list;
            _countAt[_depth] = count;
            return count == 0 ? Settlement.Holds : Settlement.Open;
        }
        if (k < 2)
            return Settlement.Open;
        int open = CollectOpen();
        if (open > MaxEnumeratedOpen || Math.Pow(2, open) > PatternsPerCandidate * ApproximateBinomial(pool, k))
            return Settlement.Open;
        FirstStageBits(_exact[0]);
        _collected.Clear();
        bool complete = _depth == 0 && _shared.Threads > 1
            ? OpenPatternCheck.CollectInParallel(_net, _exact[0], _open.AsSpan(0, open), ViolatingCap, _collected, _shared.Threads, _shared.Cancellation)
            : _patterns!.Collect(_exact[0], _open.AsSpan(0, open), ViolatingCap, _collected, _shared.Cancellation);
        if (!complete)
            return Settlement.Open;
        var table = new ViolatingPatterns(_open.AsSpan(0, open).ToArray(), [.. _collected]);
        _tableAt[_depth] = table;
        _listAt[_depth] = table.Patterns;
        _countAt[_depth] = table.Patterns.Length;
        if (_depth == 0)
            _shared.RootTable = table;
        return table.Patterns.Length == 0 ? Settlement.Holds : Settlement.Open;
    }

    /// <summary>
    /// A table keeps at most this many violating assignments (2 MB); a node with more enumerates in vain, and its
    /// descendants try their own, smaller ones.
    /// </summary>
    private const int ViolatingCap = 1 << 18;

    /// <summary>
    /// A node enumerates its open rows' 2^open assignments when that is at most this many times the candidates below
    /// it. On the MNIST network an assignment costs 0.3–0.5 µs and, since leaves are keyed by masks, a candidate of the
    /// search about 0.16 µs of CPU (it was 0.9 µs when this was 2), and almost every enumeration settles its node
    /// (docs/robustness.md). At 2, image 32's distance-4 root (34 open rows, 1.7·10¹⁰ assignments, about 2,500 s of CPU)
    /// would enumerate rather than search its 9.0·10⁹ candidates (about 1,500 s of CPU).
    /// </summary>
    private const double PatternsPerCandidate = 0.5;

    /// <summary>Beyond this many open rows the 2^open assignments are never affordable.</summary>
    private const int MaxEnumeratedOpen = 40;

    // In doubles, not BallSearch.Binomial's BigInteger: this runs at every open node, and only compares costs.
    private static double ApproximateBinomial(int n, int k)
    {
        double value = 1;
        for (int i = 0; i < k; i++)
            value = value * (n - i) / (i + 1);
        return value;
    }

    // The first stage's outputs at the current sums.
    private void FirstStageBits(ulong[] bits)
    {
        Array.Clear(bits);
        var flip = _net.StageFlip;
        var bound = _net.StageBound;
        for (int j = 0; j < _sums.Length; j++)
        {
            if (flip[j] * _sums[j] >= bound[j])
                bits[j >> 6] |= 1UL << (j & 63);
        }
    }

    // The node's own exact state: first-stage bits from the current sums, every later layer's sums and bits, the constraint values
    // (in OpenPatternCheck's 16-bit lanes when the sums fit them, else here in 32-bit sums for DeltaMargin's fallback).
    private void PrepareBase()
    {
        NetworkEvaluations++;
        var bits = _base[0];
        FirstStageBits(bits);
        if (_patterns is not null)
        {
            _baseMargin = _patterns.SetBase(bits);
            return;
        }
        for (int l = 0; l < _net.Hidden.Length; l++)
        {
            var layer = _net.Hidden[l];
            var output = _base[l + 1];
            Array.Clear(output);
            var sums = _baseSums[l];
            var hiddenFlip = _net.HiddenFlip[l];
            var hiddenBound = _net.HiddenBound[l];
            for (int j = 0; j < layer.RowCount; j++)
            {
                sums[j] = (int)layer.Exact(j, bits);
                if (hiddenFlip[j] * sums[j] >= hiddenBound[j])
                    output[j >> 6] |= 1UL << (j & 63);
            }
            bits = output;
        }
        _baseMargin = _net.ConstraintValues(bits, _baseConstraints);
    }

    // The margin of the base state with the first-stage changes in _changesA/_valuesA, propagated change by change.
    private long DeltaMargin(int changes)
    {
        NetworkEvaluations++;
        if (_patterns is not null)
            return _patterns.MarginWithChanges(_changesA.AsSpan(0, changes), _valuesA.AsSpan(0, changes));
        int[] index = _changesA, nextIndex = _changesB;
        bool[] value = _valuesA, nextValue = _valuesB;
        for (int l = 0; l < _net.Hidden.Length; l++)
        {
            if (changes == 0)
                return _baseMargin;
            int width = _net.Hidden[l].RowCount;
            var sums = _scratchSums[l].AsSpan();
            _baseSums[l].CopyTo(sums);
            var columns = _net.HiddenColumns[l];
            for (int c = 0; c < changes; c++)
                AddColumn(sums, columns.AsSpan(index[c] * width, width), value[c] ? 2 : -2);
            var flip = _net.HiddenFlip[l];
            var bound = _net.HiddenBound[l];
            var baseBits = _base[l + 1];
            int next = 0;
            for (int j = 0; j < width; j++)
            {
                bool fires = flip[j] * sums[j] >= bound[j];
                if (fires != (((baseBits[j >> 6] >> (j & 63)) & 1) != 0))
                {
                    nextIndex[next] = j;
                    nextValue[next++] = fires;
                }
            }
            (index, nextIndex) = (nextIndex, index);
            (value, nextValue) = (nextValue, value);
            changes = next;
        }
        if (changes == 0)
            return _baseMargin;
        return _net.ShiftedConstraintValues(_baseConstraints, _scratchConstraints, index.AsSpan(0, changes), value.AsSpan(0, changes));
    }

    // sums += factor · column, a vector at a time.
    private static void AddColumn(Span<int> sums, ReadOnlySpan<int> column, int factor)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated && sums.Length >= Vector<int>.Count)
        {
            var s = MemoryMarshal.Cast<int, Vector<int>>(sums);
            var c = MemoryMarshal.Cast<int, Vector<int>>(column);
            var f = new Vector<int>(factor);
            for (int v = 0; v < s.Length; v++)
                s[v] += c[v] * f;
            j = s.Length * Vector<int>.Count;
        }
        for (; j < sums.Length; j++)
            sums[j] += factor * column[j];
    }

    // The open first-stage rows of the last bound, into _open.
    private int CollectOpen()
    {
        int open = 0;
        var known = _known[0];
        for (int j = 0; j < _net.StageRows; j++)
        {
            if (((known[j >> 6] >> (j & 63)) & 1) == 0)
                _open[open++] = j;
        }
        return open;
    }

    private void Record(int[] extra)
    {
        if (_count)
            Violations = SaturatingAdd(Violations, 1);
        int[] flips = new int[_depth + extra.Length];
        Array.Copy(_path, flips, _depth);
        extra.CopyTo(flips, _depth);
        if (_shared.StopAtFirst)
        {
            _foundInTask = true;
            _shared.Offer(_task, flips);
        }
        else if (Found.Count < _maxCounterexamples)
        {
            Found.Add(flips);
        }
    }

    /// <summary>min over the constraints of their value at the current sums (negative = violated).</summary>
    public long ExactMargin()
    {
        if (_net.FirstIsConstraints)
        {
            long min = long.MaxValue, total = 0;
            foreach (int s in _sums)
            {
                min = Math.Min(min, s);
                total += s;
            }
            LastConstraintTotal = total;
            return min;
        }
        FirstStageBits(_exact[0]);
        return PropagateExact();
    }

    /// <summary>The margin with one more flip at <paramref name="position"/>, leaving the state as it was.</summary>
    public long MarginWith(int position)
    {
        AddDelta(position, +1);
        long margin = ExactMargin();
        AddDelta(position, -1);
        Evaluated++;
        return margin;
    }

    /// <summary>
    /// The margin with one more flip at <paramref name="position"/>, and <paramref name="smoothed"/>'s value there,
    /// leaving the state as it was.
    /// </summary>
    public long MarginWith(int position, SmoothedMargin smoothed, out float soft)
    {
        AddDelta(position, +1);
        long margin = ExactMargin();
        soft = smoothed.Evaluate(_sums);
        AddDelta(position, -1);
        Evaluated++;
        return margin;
    }

    /// <summary>Applies a flip for good (the beam search builds a flip set this way).</summary>
    public void Apply(int position) => AddDelta(position, +1);

    /// <summary>Takes back a flip <see cref="Apply"/> made.</summary>
    public void Undo(int position) => AddDelta(position, -1);

    /// <summary>
    /// The sum of the constraints' values at the last exact evaluation (<see cref="ExactMargin"/>, <see cref="MarginWith(int)"/>):
    /// the beam search's tie-break among equal margins, since it still moves when the smallest constraint does not.
    /// </summary>
    public long LastConstraintTotal { get; private set; }

    // From exact first-stage bits in _exact[0] through the hidden layers to the smallest constraint value.
    private long PropagateExact()
    {
        NetworkEvaluations++;
        var current = _exact[0];
        for (int l = 0; l < _net.Hidden.Length; l++)
        {
            var layer = _net.Hidden[l];
            var output = _exact[l + 1];
            Array.Clear(output);
            var flip = _net.HiddenFlip[l];
            var bound = _net.HiddenBound[l];
            for (int j = 0; j < layer.RowCount; j++)
            {
                if (flip[j] * layer.Exact(j, current) >= bound[j])
                    output[j >> 6] |= 1UL << (j & 63);
            }
            current = output;
        }
        var constraints = _net.Constraints!;
        long min = long.MaxValue, total = 0;
        for (int k = 0; k < constraints.RowCount; k++)
        {
            long value = constraints.Exact(k, current) + _net.ConstraintConstants[k];
            min = Math.Min(min, value);
            total += value;
        }
        LastConstraintTotal = total;
        return min;
    }

    /// <summary>Bounds every candidate reachable with up to <paramref name="k"/> more flips among positions ≥ <paramref name="poolStart"/>.</summary>
    private Settlement BoundSubtree(int poolStart, int k)
    {
        int rows = _net.StageRows;
        var rises = _net.Rises.AsSpan(poolStart * rows, rows);
        var falls = _net.Falls.AsSpan(poolStart * rows, rows);
        var maxRise = _net.MaxRise;
        var maxFall = _net.MaxFall;
        if (_net.FirstIsConstraints)
        {
            bool allHold = true;
            for (int j = 0; j < rows; j++)
            {
                long low = _sums[j] - ((long)Math.Min(k, falls[j]) * maxFall[j]);
                long high = _sums[j] + ((long)Math.Min(k, rises[j]) * maxRise[j]);
                if (high < 0)
                    return Settlement.Violated;
                allHold &= low >= 0;
            }
            // Mark every row open for LeafChildren (it only tests rows that may fail; testing all is still exact).
            Array.Clear(_known[0]);
            return allHold ? Settlement.Holds : Settlement.Open;
        }
        var values = _values[0];
        var known = _known[0];
        Array.Clear(values);
        Array.Clear(known);
        var flip = _net.StageFlip;
        var bound = _net.StageBound;
        bool allKnown = true;
        for (int j = 0; j < rows; j++)
        {
            int low = _sums[j] - (Math.Min(k, falls[j]) * maxFall[j]);
            int high = _sums[j] + (Math.Min(k, rises[j]) * maxRise[j]);
            int flippedLow = flip[j] > 0 ? low : -high;
            int flippedHigh = flip[j] > 0 ? high : -low;
            ulong bit = 1UL << (j & 63);
            if (flippedLow >= bound[j])
            {
                values[j >> 6] |= bit;
                known[j >> 6] |= bit;
            }
            else if (flippedHigh < bound[j])
            {
                known[j >> 6] |= bit;
            }
            else
            {
                allKnown = false;
            }
        }
        var currentValues = values;
        var currentKnown = known;
        for (int l = 0; l < _net.Hidden.Length; l++)
        {
            var layer = _net.Hidden[l];
            var outValues = _values[l + 1];
            var outKnown = _known[l + 1];
            Array.Clear(outValues);
            Array.Clear(outKnown);
            var hiddenFlip = _net.HiddenFlip[l];
            var hiddenBound = _net.HiddenBound[l];
            bool layerKnown = true;
            for (int j = 0; j < layer.RowCount; j++)
            {
                ulong bit = 1UL << (j & 63);
                long slack = 0;
                long sum = allKnown ? layer.Exact(j, currentValues) : layer.Bounded(j, currentValues, currentKnown, out slack);
                long flippedLow = (hiddenFlip[j] * sum) - slack;
                long flippedHigh = (hiddenFlip[j] * sum) + slack;
                if (flippedLow >= hiddenBound[j])
                {
                    outValues[j >> 6] |= bit;
                    outKnown[j >> 6] |= bit;
                }
                else if (flippedHigh < hiddenBound[j])
                {
                    outKnown[j >> 6] |= bit;
                }
                else
                {
                    layerKnown = false;
                }
            }
            allKnown = layerKnown;
            currentValues = outValues;
            currentKnown = outKnown;
        }
        var constraints = _net.Constraints!;
        bool holds = true;
        for (int c = 0; c < constraints.RowCount; c++)
        {
            long slack = 0;
            long sum = (allKnown ? constraints.Exact(c, currentValues) : constraints.Bounded(c, currentValues, currentKnown, out slack)) + _net.ConstraintConstants[c];
            if (sum + slack < 0)
                return Settlement.Violated;
            holds &= sum - slack >= 0;
        }
        return holds ? Settlement.Holds : Settlement.Open;
    }

    private static UInt128 SaturatingAdd(UInt128 a, UInt128 b) => a > UInt128.MaxValue - b ? UInt128.MaxValue : a + b;
}
