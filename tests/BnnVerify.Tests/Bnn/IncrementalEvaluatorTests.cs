using System.Collections.Immutable;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Bnn;

/// <summary>
/// The incremental first-layer evaluation and the block-product walk against the packed engine evaluating each input
/// from scratch, on random models of every format feature (integer and pruned first layers, inputs over several words).
/// </summary>
public class IncrementalEvaluatorTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(200);

    [Fact]
    public void Every_flip_leaves_the_same_answer_as_evaluating_from_scratch()
    {
        var cases = from model in ModelGenerators.Models(maxWidth: 90, maxLayers: 3)
                    from start in Gen.ArrayOf(Gen.Elements(true, false), model.InputCount)
                    from flips in Gen.ArrayOf(Gen.Choose(0, model.InputCount - 1), 40)
                    select (Model: new GeneratedModel(model), Start: start, Flips: flips);
        Prop.ForAll(Arb.From(cases), c =>
        {
            var network = PackedNetwork.Compile(c.Model.Model);
            var evaluator = new IncrementalEvaluator(network);
            var expected = network.CreateWorkspace();
            var current = (bool[])c.Start.Clone();
            evaluator.Reset(network.PackInput(current));
            foreach (int input in c.Flips)
            {
                evaluator.Flip(input);
                current[input] = !current[input];
                evaluator.Evaluate();
                var packed = network.PackInput(current);
                Assert.Equal(packed, evaluator.Input.ToArray());
                network.Evaluate(packed, expected);
                AssertSameResult(expected, evaluator.Result);
            }
        }).Check(Config);
    }

    [Fact]
    public void The_block_walk_visits_the_product_once_each_in_one_block_steps_with_the_engines_answers()
    {
        var cases = from model in ModelGenerators.Models(Gen.Choose(1, 14), maxWidth: 40, maxLayers: 3)
                    from layout in Gen.ArrayOf(Gen.Choose(0, 3), model.InputCount)
                    from seed in Gen.Choose(0, int.MaxValue)
                    select (Model: new GeneratedModel(model), Layout: layout, Seed: seed);
        Prop.ForAll(Arb.From(cases), c =>
        {
            var network = PackedNetwork.Compile(c.Model.Model);
            var (fixedBits, blocks) = RandomBlocks(c.Model.Model.InputCount, c.Layout, new Random(c.Seed));
            var product = new InputBlockProduct(network.InputCount, fixedBits, blocks);
            var expectedInputs = Product(fixedBits, blocks);
            Assert.Equal(expectedInputs.Count, product.Count);

            var recorder = new Recorder(network);
            var evaluator = new IncrementalEvaluator(network);
            for (int task = 0; task < product.TaskCount; task++)
            {
                recorder.BeginTask();
                product.Enumerate(task, evaluator, recorder, CancellationToken.None);
            }
            Assert.Equal(expectedInputs.Order(), recorder.Visited.Order());
            // Within a task, consecutive inputs differ in the inputs of exactly one block.
            foreach (ulong step in recorder.Steps)
                Assert.Single(blocks, b => (step & Mask(b)) != 0 && (step & ~Mask(b)) == 0);
        }).Check(Config);
    }

    [Fact]
    public void A_block_of_many_values_is_walked_up_and_down_through_every_value()
    {
        // The five-valued block changes fastest, so within each task it climbs to its last value and comes back down.
        var model = BnnVerify.Tests.Checking.RandomNetworks.Create(5, [11, 20, 3]);
        var network = PackedNetwork.Compile(model);
        var blocks = new List<InputBlock> { new([0, 1, 2], [0UL, 3UL, 5UL, 6UL, 7UL]) };
        for (int i = 3; i < 11; i++)
            blocks.Add(new InputBlock([i], [0UL, 1UL]));
        var product = new InputBlockProduct(11, [0UL], blocks);
        var recorder = new Recorder(network);
        var evaluator = new IncrementalEvaluator(network);
        for (int task = 0; task < product.TaskCount; task++)
        {
            recorder.BeginTask();
            product.Enumerate(task, evaluator, recorder, CancellationToken.None);
        }
        Assert.Equal(5 * 256, product.Count);
        Assert.Equal(Product([0UL], blocks).Order(), recorder.Visited.Order());
    }

    [Fact]
    public void A_block_product_refuses_blocks_that_overlap_or_cover_fixed_inputs()
    {
        InputBlock Block(params int[] inputs) => new([.. inputs], [0UL, 1UL]);
        Assert.Throws<ArgumentException>(() => new InputBlockProduct(4, [0UL], [Block(0), Block(0)]));
        Assert.Throws<ArgumentException>(() => new InputBlockProduct(4, [1UL], [Block(0)]));
        Assert.Throws<ArgumentException>(() => new InputBlockProduct(4, [0UL], [Block(4)]));
        Assert.Throws<ArgumentException>(() => new InputBlockProduct(4, [0UL], [new InputBlock([1], [])]));
        Assert.Throws<ArgumentException>(() => new InputBlockProduct(4, [0UL], [new InputBlock([1], [2UL])]));
        Assert.Equal(4, new InputBlockProduct(4, [8UL], [Block(0), Block(1)]).Count);
    }

    [Fact]
    public void Flipping_before_a_starting_input_is_refused()
    {
        var network = PackedNetwork.Compile(RandomBinaryModel());
        var evaluator = new IncrementalEvaluator(network);
        Assert.Throws<InvalidOperationException>(() => evaluator.Flip(0));
        evaluator.Reset(new ulong[network.InputWords]);
        Assert.Throws<ArgumentOutOfRangeException>(() => evaluator.Flip(network.InputCount));
    }

    private static void AssertSameResult(EvaluationWorkspace expected, EvaluationWorkspace actual)
    {
        Assert.Equal(expected.Class, actual.Class);
        Assert.Equal(expected.Scores, actual.Scores);
        Assert.Equal(expected.OutputBits.ToArray(), actual.OutputBits.ToArray());
    }

    // Layout per input: 0 fixed false, 1 fixed true, 2 a free input of its own, 3 in a group of up to three inputs with
    // a random non-empty set of values.
    private static (ulong[] Fixed, List<InputBlock> Blocks) RandomBlocks(int inputCount, int[] layout, Random random)
    {
        var fixedBits = new ulong[PackedBits.WordsFor(inputCount)];
        var blocks = new List<InputBlock>();
        var group = new List<int>();
        void CloseGroup()
        {
            if (group.Count == 0)
                return;
            var all = Enumerable.Range(0, 1 << group.Count).Select(v => (ulong)v).ToList();
            var values = all.Where(_ => random.Next(2) == 0).ToList();
            if (values.Count == 0)
                values.Add(all[random.Next(all.Count)]);
            blocks.Add(new InputBlock([.. group], [.. values.OrderBy(_ => random.Next())]));
            group.Clear();
        }
        for (int i = 0; i < inputCount; i++)
        {
            switch (layout[i])
            {
                case 1:
                    PackedBits.Set(fixedBits, i, true);
                    break;
                case 2:
                    blocks.Add(new InputBlock([i], [0UL, 1UL]));
                    break;
                case 3:
                    group.Add(i);
                    if (group.Count == 3)
                        CloseGroup();
                    break;
            }
        }
        CloseGroup();
        return (fixedBits, blocks.OrderBy(_ => random.Next()).ToList());
    }

    // The product by nested loops over the blocks' values (inputs fit one word here: at most 12).
    private static List<ulong> Product(ulong[] fixedBits, List<InputBlock> blocks)
    {
        var inputs = new List<ulong> { fixedBits.Length == 0 ? 0 : fixedBits[0] };
        foreach (var block in blocks)
        {
            var next = new List<ulong>();
            foreach (ulong input in inputs)
            {
                foreach (ulong value in block.Values)
                {
                    ulong spread = 0;
                    for (int k = 0; k < block.Inputs.Length; k++)
                    {
                        if (((value >> k) & 1) != 0)
                            spread |= 1UL << block.Inputs[k];
                    }
                    next.Add(input | spread);
                }
            }
            inputs = next;
        }
        return inputs;
    }

    private static ulong Mask(InputBlock block) => block.Inputs.Aggregate(0UL, (m, i) => m | (1UL << i));

    private static BnnModel RandomBinaryModel()
    {
        var random = new Random(3);
        var weights = Enumerable.Range(0, 5 * 3).Select(_ => random.Next(2) == 0 ? -1 : 1).ToImmutableArray();
        var layer = DenseLayer.Scores(5, WeightPrecision.Binary, weights, [0, 0, 0]);
        return new BnnModel("m", [.. Enumerable.Range(0, 5).Select(i => $"x{i}")], [layer], new ArgmaxOutput(["a", "b", "c"], TieBreak.LowestIndex));
    }

    /// <summary>Records every visit, the bits each step changed, and checks each answer against the engine.</summary>
    private sealed class Recorder(PackedNetwork network) : IEvaluatedInputVisitor
    {
        private readonly EvaluationWorkspace _expected = network.CreateWorkspace();
        private ulong? _previous;

        public List<ulong> Visited { get; } = [];

        public List<ulong> Steps { get; } = [];

        public void BeginTask() => _previous = null;

        public void Visit(ReadOnlySpan<ulong> input, EvaluationWorkspace result)
        {
            ulong word = input.Length == 0 ? 0 : input[0];
            Visited.Add(word);
            if (_previous is { } previous)
                Steps.Add(previous ^ word);
            _previous = word;
            network.Evaluate(input, _expected);
            AssertSameResult(_expected, result);
        }
    }
}
