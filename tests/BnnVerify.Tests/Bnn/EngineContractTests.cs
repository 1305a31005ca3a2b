using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Tests.Bnn;

/// <summary>
/// What the engine promises beyond the values it computes on a fresh workspace, each left untested until the mutation
/// run of src/Bnn showed it (docs/quality.md, "Mutation testing"): a reused buffer or workspace holds nothing of the last
/// use, a bit-output model reports no class, misuse is refused, the size estimate counts what it says, the trace ends in
/// the scores.
/// </summary>
public sealed class EngineContractTests
{
    private static BnnModel Load(string path) => ModelReader.ReadFile(path).Model!;

    private static BnnModel FromJson(string layers, string output = """{"kind": "bits", "names": ["y"]}""") =>
        ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"format": "bnnverify-model", "version": 1, "name": "t", "inputs": ["a", "b"], "layers": [{{layers}}], "output": {{output}}}"""), "t.json").Model!;

    public static TheoryData<PopCountPath> Paths() => new(PopCountPaths.Available());

    [Fact]
    public void Packing_overwrites_whatever_the_words_held()
    {
        var words = new ulong[] { ulong.MaxValue, ulong.MaxValue };
        var values = new bool[70];
        values[3] = values[69] = true;
        PackedBits.Pack(values, words);
        Assert.Equal([1UL << 3, 1UL << 5], words);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_reused_batch_workspace_gives_what_single_evaluations_give(PopCountPath path)
    {
        var network = PackedNetwork.Compile(Load("models/tictactoe-move.json"), path);
        var workspace = network.CreateBatchWorkspace(64);
        var random = new Random(7);
        for (int batch = 0; batch < 3; batch++)
        {
            var inputs = new bool[64][];
            var packed = new ulong[64 * network.InputWords];
            for (int item = 0; item < 64; item++)
            {
                inputs[item] = [.. Enumerable.Range(0, network.InputCount).Select(_ => random.Next(2) == 1)];
                network.PackInput(inputs[item]).CopyTo(packed, item * network.InputWords);
            }
            var results = new ulong[64];
            network.EvaluateBatch(packed, 64, results, workspace);
            for (int item = 0; item < 64; item++)
                Assert.Equal((ulong)network.Evaluate(inputs[item]).Class, results[item]);
        }
    }

    [Fact]
    public void A_reused_workspace_of_a_bit_output_model_gives_its_bits_and_no_class()
    {
        var network = PackedNetwork.Compile(Load("models/xor.json"));
        var workspace = network.CreateWorkspace();
        foreach (var (x0, x1) in new[] { (true, false), (false, false), (true, true), (false, true) })
        {
            network.Evaluate(network.PackInput([x0, x1]), workspace);
            Assert.Equal(-1, workspace.Class);
            Assert.Equal(x0 ^ x1, (workspace.OutputBits[0] & 1) != 0);
        }
    }

    [Fact]
    public void Misuse_is_refused_with_an_argument_error()
    {
        var network = PackedNetwork.Compile(Load("models/xor.json"));
        var other = PackedNetwork.Compile(Load("models/xor.json"));
        Assert.Throws<ArgumentException>(() => network.Evaluate(new ulong[2], network.CreateWorkspace()));
        Assert.Throws<ArgumentException>(() => network.Evaluate([ulong.MaxValue], network.CreateWorkspace()));
        Assert.Throws<ArgumentException>(() => network.Evaluate(new ulong[1], other.CreateWorkspace()));
        Assert.Throws<ArgumentException>(() => network.Evaluate([true, false, true]));
        Assert.Throws<ArgumentException>(() => network.EvaluateBatch(new ulong[4], 4, new ulong[4], network.CreateBatchWorkspace(2)));
        Assert.Throws<ArgumentException>(() => network.EvaluateBatch(new ulong[2], 2, new ulong[2], other.CreateBatchWorkspace(2)));
        Assert.Throws<ArgumentException>(() => network.EvaluateBatch(new ulong[1], 2, new ulong[2], network.CreateBatchWorkspace(2)));
    }

    [Fact]
    public void The_packed_size_counts_words_of_weights_and_one_int_per_neuron()
    {
        // xor: 2 neurons × 1 word × 64 bits + 2 × 32, then 1 × 64 + 32: 288 bits.
        Assert.Equal(36, PackedNetwork.Compile(Load("models/xor.json")).PackedSizeBytes);
        // A pruned (0) weight takes two bit planes: 2 × 64 × 2 + 64 = 320 bits.
        var pruned = FromJson("""{"kind": "dense", "weights": [[1, 0], [-1, 1]], "thresholds": [0, 0]}""",
            """{"kind": "bits", "names": ["y", "z"]}""");
        Assert.Equal(40, PackedNetwork.Compile(pruned).PackedSizeBytes);
        // Integer weights of magnitude up to 5: a sign and 3 bits, 4 × 64 per neuron, + 32: 288 bits.
        var integer = FromJson("""{"kind": "dense", "precision": "integer", "weights": [[5, -1]], "thresholds": [0]}""");
        Assert.Equal(36, PackedNetwork.Compile(integer).PackedSizeBytes);
    }

    [Fact]
    public void The_trace_of_an_argmax_model_ends_in_its_scores()
    {
        var network = PackedNetwork.Compile(Load("models/tictactoe-move.json"));
        var inputs = new bool[network.InputCount];
        inputs[4] = true;
        var trace = network.Trace(inputs);
        Assert.Equal(network.Model.Layers.Length, trace.Layers.Length);
        Assert.Equal(network.Evaluate(inputs).Scores.ToArray(), trace.Layers[^1].Scores.ToArray());
        Assert.Equal(trace.Output.Scores.ToArray(), trace.Layers[^1].Scores.ToArray());
    }

    [Fact]
    public void A_threshold_prints_as_its_comparison()
    {
        Assert.Equal(">= 3", NeuronThreshold.AtLeast(3).ToString());
        Assert.Equal("<= -1", NeuronThreshold.AtMost(-1).ToString());
    }
}
