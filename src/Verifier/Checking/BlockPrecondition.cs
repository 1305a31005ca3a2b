using System.Collections.Immutable;
using BnnVerify.Bnn.Engine;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Checking;

/// <summary>
/// Recognises preconditions whose inputs form blocks, for the incremental enumeration of <see cref="InputBlockProduct"/>:
/// the top-level conjuncts fall into independent parts (no input in common, <see cref="ScopeCounter.IndependentParts"/>),
/// each part's models are listed once by the pruned search over its own inputs, and every input no part mentions is a
/// free block of its own. "Every unrecorded vote is not a yea" over 16 bills is then 16 blocks of 3 values, and the
/// 3¹⁶ inputs are walked one block change at a time, without evaluating the precondition on any of them.
/// </summary>
/// <remarks>
/// A precondition that is one part (tic-tac-toe's legal positions tie every cell to every other) has no product to
/// walk: listing its models is the whole search, so it keeps <see cref="PreconditionSearch"/>, which evaluates them in
/// batches. Hamming balls go to the ball search before this is asked.
/// </remarks>
internal static class BlockPrecondition
{
    /// <summary>The most values a part may have: its listing is kept in memory, one word per value.</summary>
    public const int MaxValuesPerBlock = 1 << 16;

    /// <summary>
    /// Free inputs from which on the precondition search already walks large cubes (2⁸ inputs per search leaf), so that
    /// its cost per input is the engine's.
    /// </summary>
    public const int CubeInputs = 8;

    /// <summary>
    /// Input words from which recomputing the first layer costs clearly more than updating it: on one word (zoo's 16
    /// neurons, digits' 128) a first-layer pass is one popcount per neuron and the incremental walk measured no faster;
    /// on dna-splice (3 words) and mnist (13) it measured 2–3.5× faster.
    /// </summary>
    public const int WideInputWords = 2;

    /// <summary>
    /// The precondition's inputs as a product of blocks for <paramref name="network"/>, or null when
    /// <paramref name="use"/> says not to or it is not block-shaped: a single part (or fewer than two blocks that
    /// change), a part over more than <see cref="InputBlock.MaxInputs"/> inputs or with more than
    /// <see cref="MaxValuesPerBlock"/> models, or a precondition without models.
    /// </summary>
    public static InputBlockProduct? Match(Formula precondition, PackedNetwork network, BlockEnumerationUse use, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(precondition);
        ArgumentNullException.ThrowIfNull(network);
        if (use == BlockEnumerationUse.Never)
            return null;
        int inputCount = network.InputCount;
        var parts = ScopeCounter.IndependentParts(precondition, inputCount, out int unmentioned);
        if (parts.Count + unmentioned < 2)
            return null;
        if (use == BlockEnumerationUse.WhereItWins && !Worthwhile(network, unmentioned))
            return null;
        var mentioned = new bool[inputCount];
        var fixedBits = new ulong[PackedBits.WordsFor(inputCount)];
        var blocks = new List<InputBlock>(inputCount);
        var partBlocks = new List<InputBlock>();
        foreach (var part in parts)
        {
            var inputs = new List<int>();
            part.CollectInputs(inputs, []);
            // Ascending inputs make a value's mask compare like the inputs it sets (CanonicalOrder), so values can be sorted.
            inputs.Sort();
            if (inputs.Count == 0 || inputs.Count > InputBlock.MaxInputs)
                return null;
            foreach (int input in inputs)
                mentioned[input] = true;
            if (ListModels(part, inputs, inputCount, cancellation) is not { Length: > 0 } values)
                return null;
            partBlocks.Add(new InputBlock([.. inputs], [.. values.Sort(CompareMasks)]));
        }
        for (int i = 0; i < inputCount; i++)
        {
            if (!mentioned[i])
                partBlocks.Add(new InputBlock([i], [0UL, 1UL]));
        }
        // The walk changes the first block fastest. Blocks with later inputs first, and each block's values in the
        // canonical order, make it visit inputs nearly in the canonical order (input 0 changes least often), so the
        // smallest violations come early and the few kept counterexamples are seldom replaced: each replacement
        // re-evaluates a counterexample in full, which on zoo's contracts (violated on most inputs) doubled the cost.
        blocks.AddRange(partBlocks.OrderByDescending(b => b.Inputs[0]));
        // Fewer than two blocks that change: nothing to walk incrementally that the search would not walk as fast.
        if (blocks.Count(b => b.Values.Length > 1) < 2)
            return null;
        return new InputBlockProduct(inputCount, fixedBits, blocks);
    }

    /// <summary>
    /// Whether the block enumeration beats the precondition search (docs/benchmarks.md): where the search reaches no large
    /// cube, each of its inputs costs a search leaf (house-votes: every input mentioned, 6× faster by blocks); where it
    /// does, the search costs little and only a first layer over several input words makes the incremental sums worth it.
    /// </summary>
    public static bool Worthwhile(PackedNetwork network, int unmentioned)
    {
        ArgumentNullException.ThrowIfNull(network);
        return unmentioned < CubeInputs || network.InputWords >= WideInputWords;
    }

    // CanonicalOrder on masks over ascending inputs: the lowest differing bit decides, the side where it is clear first.
    private static int CompareMasks(ulong left, ulong right)
    {
        ulong difference = left ^ right;
        return difference == 0 ? 0 : (left & (difference & (0 - difference))) == 0 ? -1 : 1;
    }

    // The part's models over its own inputs, in the search's order, or null when there are too many (or cancelled).
    private static ImmutableArray<ulong>? ListModels(Formula part, List<int> inputs, int inputCount, CancellationToken cancellation)
    {
        var search = new PreconditionSearch(part, inputCount, onlyMentioned: true);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var lister = new ModelLister(inputs, stop);
        for (int task = 0; task < search.TaskCount && !stop.IsCancellationRequested; task++)
            search.Enumerate(task, lister, stop.Token);
        return stop.IsCancellationRequested ? null : lister.Values.ToImmutable();
    }

    /// <summary>Collects each model as a mask over the part's inputs; cancels once there are too many.</summary>
    private sealed class ModelLister(List<int> inputs, CancellationTokenSource stop) : IModelVisitor
    {
        public ImmutableArray<ulong>.Builder Values { get; } = ImmutableArray.CreateBuilder<ulong>();

        public void Visit(ReadOnlySpan<ulong> packedInput)
        {
            if (Values.Count == MaxValuesPerBlock)
            {
                stop.Cancel();
                return;
            }
            ulong mask = 0;
            for (int k = 0; k < inputs.Count; k++)
            {
                if (PackedBits.Get(packedInput, inputs[k]))
                    mask |= 1UL << k;
            }
            Values.Add(mask);
        }
    }
}
