using System.Numerics;
using BnnVerify.Bnn.Engine;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Checking;

/// <summary>Receives each input that satisfies a precondition, packed.</summary>
internal interface IModelVisitor
{
    /// <summary>Called once per model, in a deterministic order within a task.</summary>
    void Visit(ReadOnlySpan<ulong> packedInput);
}

/// <summary>
/// Searches the inputs that satisfy a precondition instead of all 2ⁿ: inputs are assigned one by one
/// (in the order the precondition first mentions them), the precondition is evaluated three-valued on
/// each partial assignment, branches where it is already false are cut, and where it is already true the
/// remaining inputs are enumerated as a whole cube (Gray-code order). Inputs fixed by the precondition
/// therefore cost nothing, and inputs it does not mention are never branched on.
/// </summary>
/// <remarks>
/// The search space is split into independent tasks by the values of the first few inputs of the order,
/// so that tasks can run in parallel and results can be merged in task order deterministically.
/// </remarks>
internal sealed class PreconditionSearch
{
    private const int MaxSplitDepth = 10;

    private readonly Formula _precondition;
    private readonly int[] _order;
    private readonly int _inputCount;
    private readonly int _splitDepth;

    /// <summary>
    /// Prepares a search over all <paramref name="inputCount"/> inputs, or, with <paramref name="onlyMentioned"/>,
    /// over the inputs the precondition mentions (for counting one independent part of a precondition).
    /// </summary>
    public PreconditionSearch(Formula precondition, int inputCount, bool onlyMentioned = false)
    {
        _precondition = precondition;
        _inputCount = inputCount;
        var order = new List<int>();
        var seen = new HashSet<int>();
        precondition.CollectInputs(order, seen);
        // Inputs the precondition never mentions come last: they always end up in a cube.
        for (int i = 0; i < inputCount && !onlyMentioned; i++)
        {
            if (seen.Add(i))
                order.Add(i);
        }
        _order = [.. order];
        _splitDepth = Math.Min(MaxSplitDepth, _order.Length);
    }

    /// <summary>The number of independent tasks.</summary>
    public int TaskCount => 1 << _splitDepth;

    /// <summary>
    /// Counts the models in task <paramref name="task"/>, giving up (returning a number above <paramref name="cap"/>)
    /// once more than <paramref name="cap"/> are found, <paramref name="nodeBudget"/> search nodes are spent, or
    /// <paramref name="cancellation"/> fires (checked every 4096 nodes, so that a long count stops at once).
    /// </summary>
    public long CountModels(int task, long cap, ref long nodeBudget, CancellationToken cancellation = default)
    {
        var values = PrefixValues(task);
        return Count(values, _splitDepth, cap, ref nodeBudget, cancellation);
    }

    /// <summary>Visits every model in task <paramref name="task"/>; stops early when <paramref name="cancellation"/> fires.</summary>
    public void Enumerate(int task, IModelVisitor visitor, CancellationToken cancellation)
    {
        var values = PrefixValues(task);
        var packed = new ulong[PackedBits.WordsFor(_inputCount)];
        var free = new List<int>(_inputCount);
        Enumerate(values, _splitDepth, packed, free, visitor, cancellation);
    }

    private sbyte[] PrefixValues(int task)
    {
        var values = new sbyte[_inputCount];
        Array.Fill(values, (sbyte)Truth.Unknown);
        for (int d = 0; d < _splitDepth; d++)
            values[_order[d]] = (sbyte)((task >> d) & 1);
        return values;
    }

    private long Count(sbyte[] values, int depth, long cap, ref long nodeBudget, CancellationToken cancellation)
    {
        if (--nodeBudget < 0 || ((nodeBudget & 0xFFF) == 0 && cancellation.IsCancellationRequested))
            return long.MaxValue;
        switch (_precondition.EvaluatePartially(values))
        {
            case Truth.False:
                return 0;
            case Truth.True:
            {
                int remaining = _order.Length - depth;
                return remaining >= 62 ? long.MaxValue : 1L << remaining;
            }
        }
        // Unknown with every input assigned cannot happen: a precondition mentions inputs only.
        int variable = _order[depth];
        long total = 0;
        for (sbyte value = 0; value <= 1; value++)
        {
            values[variable] = value;
            long part = Count(values, depth + 1, cap, ref nodeBudget, cancellation);
            total = part == long.MaxValue ? long.MaxValue : total + part;
            if (total > cap)
                break;
        }
        values[variable] = (sbyte)Truth.Unknown;
        return total;
    }

    private void Enumerate(sbyte[] values, int depth, ulong[] packed, List<int> free, IModelVisitor visitor, CancellationToken cancellation)
    {
        switch (_precondition.EvaluatePartially(values))
        {
            case Truth.False:
                return;
            case Truth.True:
                EnumerateCube(values, depth, packed, free, visitor, cancellation);
                return;
        }
        int variable = _order[depth];
        for (sbyte value = 0; value <= 1; value++)
        {
            if (cancellation.IsCancellationRequested)
                break;
            values[variable] = value;
            Enumerate(values, depth + 1, packed, free, visitor, cancellation);
        }
        values[variable] = (sbyte)Truth.Unknown;
    }

    // Every completion of the assigned inputs is a model: visit them all, flipping one bit per step.
    private void EnumerateCube(sbyte[] values, int depth, ulong[] packed, List<int> free, IModelVisitor visitor, CancellationToken cancellation)
    {
        Array.Clear(packed);
        for (int d = 0; d < depth; d++)
        {
            int variable = _order[d];
            if (values[variable] == 1)
                packed[variable >> 6] |= 1UL << (variable & 63);
        }
        free.Clear();
        for (int d = depth; d < _order.Length; d++)
            free.Add(_order[d]);
        visitor.Visit(packed);
        ulong count = free.Count >= 64 ? ulong.MaxValue : (1UL << free.Count) - 1;
        for (ulong step = 1; step <= count; step++)
        {
            if ((step & 0xFFF) == 0 && cancellation.IsCancellationRequested)
                return;
            int variable = free[BitOperations.TrailingZeroCount(step)];
            packed[variable >> 6] ^= 1UL << (variable & 63);
            visitor.Visit(packed);
        }
    }
}
