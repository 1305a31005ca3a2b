using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Tests.Bnn;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Compilation;

/// <summary>Compiled C, built by gcc with -std=c11 -Wall -Wextra -Werror and run, against the packed reference engine.</summary>
public class CompiledCTests
{
    [ToolFact("gcc")]
    public void Bundled_models_compiled_to_c_equal_the_engine_on_every_input()
    {
        // All 2^n inputs of the small models; house-votes has 32 inputs, so it gets 2^16 random ones.
        var random = new Random(9);
        var houseVotes = ModelReader.ReadFile("models/house-votes.json").Model!;
        var cases = new List<CCase>
        {
            new(Load("xor"), null),
            new(Load("zoo"), null),
            new(Load("tictactoe-winner"), null),
            new(Load("showcase"), null),
            new(houseVotes, [.. Enumerable.Range(0, 1 << 16).Select(_ => (ulong)random.NextInt64() & 0xFFFF_FFFFUL)]),
        };
        var results = CompiledC.Run(cases, ExternalTools.ScratchFolder("c-bundled"));
        for (int c = 0; c < cases.Count; c++)
            AssertAgrees(cases[c], results[c], cases[c].Model.Name);
    }

    [ToolFact("gcc")]
    public void Random_models_compiled_to_c_equal_the_engine_on_random_inputs()
    {
        // One FsCheck case is a batch of models with inputs, so that a run costs one gcc invocation.
        var batches = Gen.ArrayOf(RandomCase(), 12);
        int run = 0;
        Prop.ForAll(Arb.From(batches), batch =>
        {
            var cases = batch.Select(b => b.Case).ToList();
            var results = CompiledC.Run(cases, ExternalTools.ScratchFolder($"c-random-{run++}"));
            for (int c = 0; c < cases.Count; c++)
                AssertAgrees(cases[c], results[c], batch[c].ToString()!);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2));
    }

    internal static Gen<PrintedCase> RandomCase() =>
        from model in ModelGenerators.Models(maxWidth: 70, maxLayers: 3).Where(m => m.Output is ArgmaxOutput || m.Output.Names.Length <= 64)
        from inputs in Gen.ArrayOf(Gen.ArrayOf(Gen.Elements(true, false), model.InputCount), 40)
        select new PrintedCase(new CCase(model, [.. inputs.SelectMany(i => PackedBits.Pack(i))]));

    private static BnnModel Load(string name) => ModelReader.ReadFile($"models/{name}.json").Model!;

    private static void AssertAgrees(CCase testCase, CResult result, string description)
    {
        var network = PackedNetwork.Compile(testCase.Model);
        Assert.True(result.NamedMismatches == 0, $"{description}: the named entry point disagrees with the packed one on {result.NamedMismatches} inputs");
        int words = network.InputWords;
        long count = testCase.Vectors is { } v ? v.Length / words : 1L << testCase.Model.InputCount;
        Assert.Equal(count, result.Returned.Length);
        var workspace = network.CreateWorkspace();
        var input = new ulong[words];
        for (long i = 0; i < count; i++)
        {
            if (testCase.Vectors is { } vectors)
                Array.Copy(vectors, i * words, input, 0, words);
            else
                input[0] = (ulong)i;
            network.Evaluate(input, workspace);
            ulong expected = network.IsArgmax ? (ulong)workspace.Class : (workspace.OutputBits.Length == 0 ? 0 : workspace.OutputBits[0]);
            if (result.Returned[i] != expected)
                Assert.Fail($"{description}: input #{i}: compiled C returns {result.Returned[i]}, the engine {expected}");
            if (result.Out is { } outs)
            {
                int[] expectedOut = network.IsArgmax
                    ? workspace.Scores
                    : [.. PackedBits.Unpack(workspace.OutputBits, network.OutputCount).Select(b => b ? 1 : 0)];
                Assert.True(expectedOut.SequenceEqual(outs[i]), $"{description}: input #{i}: out[] is {string.Join(",", outs[i])}, the engine's {string.Join(",", expectedOut)}");
            }
        }
    }
}

/// <summary>A random case that prints as its model's JSON, so that a failure can be replayed by hand.</summary>
internal sealed record PrintedCase(CCase Case)
{
    public override string ToString() => ModelWriter.Write(Case.Model);
}
