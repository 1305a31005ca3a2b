using System.Collections.Immutable;
using System.Numerics;

namespace BnnVerify.Bnn.Engine;

/// <summary>
/// A group of inputs that takes one of a list of values, independently of every other block.
/// </summary>
/// <param name="Inputs">The block's inputs (at most 64, no repeats).</param>
/// <param name="Values">Each value the block takes, as a mask over <paramref name="Inputs"/>: bit k is input <c>Inputs[k]</c>.</param>
public sealed record InputBlock(ImmutableArray<int> Inputs, ImmutableArray<ulong> Values)
{
    /// <summary>The most inputs a block can have: a value is one word.</summary>
    public const int MaxInputs = 64;
}

/// <summary>Receives each input of an enumeration together with the network's answer on it.</summary>
public interface IEvaluatedInputVisitor
{
    /// <summary>Called once per input, in a deterministic order within a task; <paramref name="result"/> is valid until the next call.</summary>
    void Visit(ReadOnlySpan<ulong> input, EvaluationWorkspace result);
}

/// <summary>
/// Enumerates an input space that is a product of blocks (some inputs fixed, the others in blocks that each take one of
/// their values independently) and evaluates the network on every input of it incrementally. The product is walked in
/// the reflected mixed-radix Gray order (Knuth, TAOCP 7.2.1.1, Algorithm H), so that consecutive inputs differ in the
/// value of one block, and each step flips only the inputs where the two values differ, through an
/// <see cref="IncrementalEvaluator"/>: a free input costs one vector addition per step instead of a first-layer pass.
/// </summary>
/// <remarks>
/// The space is split into independent tasks by the values of the last (slowest) blocks, so that tasks can run in
/// parallel; each task starts from a first-layer pass and visits its inputs in a fixed order.
/// </remarks>
public sealed class InputBlockProduct
{
    // Enough tasks to keep every core busy and to stop early, few enough that each task's first-layer pass is noise.
    private const int MinTasks = 64;
    private const int MaxTasks = 4096;

    private readonly ulong[] _fixed;
    private readonly InputBlock[] _blocks;       // blocks with at least two values, fastest first
    private readonly int[][][] _steps;           // [block][value]: the inputs that differ between value and value + 1
    private readonly int _split;                 // the last _split blocks are fixed per task

    /// <summary>
    /// Prepares the product of <paramref name="blocks"/> (the first changes fastest) over the inputs fixed by
    /// <paramref name="fixedBits"/> (packed; inputs in no block keep their bit there, and must be false wherever a block
    /// has an input).
    /// </summary>
    public InputBlockProduct(int inputCount, ReadOnlySpan<ulong> fixedBits, IReadOnlyList<InputBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (!PackedBits.HasCleanTail(fixedBits, inputCount))
            throw new ArgumentException($"expected {PackedBits.WordsFor(inputCount)} words holding {inputCount} bits with zero tail bits", nameof(fixedBits));
        _fixed = fixedBits.ToArray();
        var used = new bool[inputCount];
        var kept = new List<InputBlock>();
        BigInteger count = BigInteger.One;
        foreach (var block in blocks)
        {
            if (block.Inputs.Length > InputBlock.MaxInputs)
                throw new ArgumentException($"a block has {block.Inputs.Length} inputs, more than {InputBlock.MaxInputs}", nameof(blocks));
            if (block.Values.IsDefaultOrEmpty)
                throw new ArgumentException("a block has no values, so the product is empty", nameof(blocks));
            ulong allowed = block.Inputs.Length == 64 ? ulong.MaxValue : (1UL << block.Inputs.Length) - 1;
            foreach (int input in block.Inputs)
            {
                if ((uint)input >= (uint)inputCount || used[input])
                    throw new ArgumentException($"input {input} is outside the {inputCount} inputs or in two blocks", nameof(blocks));
                if (PackedBits.Get(fixedBits, input))
                    throw new ArgumentException($"input {input} is in a block and set among the fixed bits", nameof(blocks));
                used[input] = true;
            }
            if (block.Values.Any(v => (v & ~allowed) != 0))
                throw new ArgumentException("a block's value sets a bit beyond its inputs", nameof(blocks));
            count *= block.Values.Length;
            if (block.Values.Length == 1)
                Place(_fixed, block, 0);
            else
                kept.Add(block);
        }
        if (count > long.MaxValue)
            throw new ArgumentException("the product has more than 2^63 inputs", nameof(blocks));
        Count = (long)count;
        _blocks = [.. kept];
        _steps = new int[_blocks.Length][][];
        for (int b = 0; b < _blocks.Length; b++)
        {
            var block = _blocks[b];
            _steps[b] = new int[block.Values.Length - 1][];
            for (int v = 0; v + 1 < block.Values.Length; v++)
            {
                ulong differ = block.Values[v] ^ block.Values[v + 1];
                var flips = new int[BitOperations.PopCount(differ)];
                for (int k = 0; differ != 0; differ &= differ - 1)
                    flips[k++] = block.Inputs[BitOperations.TrailingZeroCount(differ)];
                _steps[b][v] = flips;
            }
        }
        long tasks = 1;
        while (_split < _blocks.Length && tasks < MinTasks && tasks * _blocks[_blocks.Length - 1 - _split].Values.Length <= MaxTasks)
            tasks *= _blocks[_blocks.Length - 1 - _split++].Values.Length;
        TaskCount = (int)tasks;
    }

    /// <summary>The number of inputs in the product.</summary>
    public long Count { get; }

    /// <summary>The number of independent tasks.</summary>
    public int TaskCount { get; }

    /// <summary>
    /// Visits every input of task <paramref name="task"/> with the network's answer, evaluated by
    /// <paramref name="evaluator"/>; stops early when <paramref name="cancellation"/> fires (checked every 4096 inputs).
    /// </summary>
    public void Enumerate(int task, IncrementalEvaluator evaluator, IEvaluatedInputVisitor visitor, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(visitor);
        ArgumentOutOfRangeException.ThrowIfNegative(task);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(task, TaskCount);
        if (evaluator.Input.Length != _fixed.Length)
            throw new ArgumentException("the evaluator's network has another number of inputs", nameof(evaluator));
        var start = (ulong[])_fixed.Clone();
        int inner = _blocks.Length - _split;
        int rest = task;
        for (int b = inner; b < _blocks.Length; b++)
        {
            int radix = _blocks[b].Values.Length;
            Place(start, _blocks[b], rest % radix);
            rest /= radix;
        }
        for (int b = 0; b < inner; b++)
            Place(start, _blocks[b], 0);
        evaluator.Reset(start);
        evaluator.Evaluate();
        visitor.Visit(evaluator.Input, evaluator.Result);

        // Algorithm H over the inner blocks: value a[j], direction o[j], focus pointers f (f[inner] = inner ends the walk).
        var value = new int[inner];
        var direction = new int[inner];
        var focus = new int[inner + 1];
        for (int j = 0; j <= inner; j++)
            focus[j] = j;
        Array.Fill(direction, 1);
        for (long visited = 1; ; visited++)
        {
            int j = focus[0];
            focus[0] = 0;
            if (j == inner)
                return;
            if ((visited & 0xFFF) == 0 && cancellation.IsCancellationRequested)
                return;
            int from = value[j];
            int to = from + direction[j];
            foreach (int input in _steps[j][Math.Min(from, to)])
                evaluator.Flip(input);
            value[j] = to;
            if (to == 0 || to == _blocks[j].Values.Length - 1)
            {
                direction[j] = -direction[j];
                focus[j] = focus[j + 1];
                focus[j + 1] = j + 1;
            }
            evaluator.Evaluate();
            visitor.Visit(evaluator.Input, evaluator.Result);
        }
    }

    private static void Place(ulong[] packed, InputBlock block, int valueIndex)
    {
        ulong mask = block.Values[valueIndex];
        for (int k = 0; k < block.Inputs.Length; k++)
        {
            int input = block.Inputs[k];
            ulong bit = 1UL << (input & 63);
            if (((mask >> k) & 1) != 0)
                packed[input >> 6] |= bit;
            else
                packed[input >> 6] &= ~bit;
        }
    }
}
