using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Tests.Bnn;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Compilation;

/// <summary>Compiled Verilog, simulated by iverilog, against the packed reference engine.</summary>
public class CompiledVerilogTests
{
    [ToolFact("iverilog", "vvp")]
    public void Bundled_models_compiled_to_verilog_simulate_like_the_engine()
    {
        // Every input of xor and showcase; 300 random inputs of the larger models (a simulator is slow at 2^18).
        var random = new Random(11);
        bool[][] All(int n) => [.. Enumerable.Range(0, 1 << n).Select(x => Enumerable.Range(0, n).Select(i => ((x >> i) & 1) != 0).ToArray())];
        bool[][] Sample(int n) => [.. Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, n).Select(_ => random.Next(2) == 1).ToArray())];
        var cases = new List<(BnnModel, bool[][])>();
        foreach (string name in new[] { "xor", "showcase", "zoo", "house-votes", "tictactoe-winner" })
        {
            var model = ModelReader.ReadFile($"models/{name}.json").Model!;
            cases.Add((model, model.InputCount <= 8 ? All(model.InputCount) : Sample(model.InputCount)));
        }
        var results = CompiledVerilog.Run(cases, ExternalTools.ScratchFolder("verilog-bundled"));
        for (int c = 0; c < cases.Count; c++)
            AssertAgrees(cases[c].Item1, cases[c].Item2, results[c], cases[c].Item1.Name);
    }

    [ToolFact("iverilog", "vvp")]
    public void Random_models_compiled_to_verilog_simulate_like_the_engine()
    {
        var one = from model in ModelGenerators.Models(maxWidth: 40, maxLayers: 3)
                  from inputs in Gen.ArrayOf(Gen.ArrayOf(Gen.Elements(true, false), model.InputCount), 30)
                  select (Model: new GeneratedModel(model), Inputs: inputs);
        var batch = Gen.ArrayOf(one, 8);
        int run = 0;
        Prop.ForAll(Arb.From(batch), cases =>
        {
            var results = CompiledVerilog.Run([.. cases.Select(c => (c.Model.Model, c.Inputs))], ExternalTools.ScratchFolder($"verilog-random-{run++}"));
            for (int c = 0; c < cases.Length; c++)
                AssertAgrees(cases[c].Model.Model, cases[c].Inputs, results[c], cases[c].Model.ToString());
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2));
    }

    private static void AssertAgrees(BnnModel model, bool[][] inputs, List<bool[]> simulated, string description)
    {
        var network = PackedNetwork.Compile(model);
        Assert.True(simulated.Count == inputs.Length, $"{description}: iverilog printed {simulated.Count} results for {inputs.Length} inputs");
        for (int i = 0; i < inputs.Length; i++)
        {
            var expected = network.Evaluate(inputs[i]);
            // Argmax modules are one-hot over the classes; bit modules give the bits.
            bool[] wanted = network.IsArgmax
                ? [.. Enumerable.Range(0, network.OutputCount).Select(k => k == expected.Class)]
                : [.. expected.Bits];
            if (!wanted.SequenceEqual(simulated[i]))
            {
                Assert.Fail($"{description}: input {string.Concat(inputs[i].Select(b => b ? '1' : '0'))}: iverilog gives "
                    + $"{string.Concat(simulated[i].Select(b => b ? '1' : '0'))}, the engine {string.Concat(wanted.Select(b => b ? '1' : '0'))}");
            }
        }
    }
}
