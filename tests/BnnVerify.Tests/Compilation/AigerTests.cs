using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Encoding.Compilation;
using BnnVerify.Tests.Bnn;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Compilation;

/// <summary>
/// The AIGER output: ABC's <c>cec</c> proves it equivalent to the compiled Verilog brought to AIGER by yosys (and,
/// for XOR, to a handwritten XOR), and an independent reader of the ASCII form agrees with the engine.
/// </summary>
public class AigerTests
{
    private const string HandwrittenXor = "module xor_by_hand(input x0, input x1, output y);\n  assign y = x0 ^ x1;\nendmodule\n";

    [ToolFact("yosys", "abc")]
    public void Abc_proves_the_aiger_equal_to_the_verilog_on_bundled_and_random_models()
    {
        var models = new List<BnnModel>
        {
            ModelReader.ReadFile("models/xor.json").Model!,
            ModelReader.ReadFile("models/showcase.json").Model!,
        };
        // Small random models: yosys and ABC run once for the whole batch.
        models.AddRange(Gen.Sample(ModelGenerators.Models(maxWidth: 10, maxLayers: 3), 6, 6));
        string folder = ExternalTools.ScratchFolder("aiger-cec");
        var yosys = new StringBuilder();
        var abc = new StringBuilder();
        for (int m = 0; m < models.Count; m++)
        {
            var network = FoldedNetwork.Fold(models[m]);
            using (var file = File.Create(Path.Combine(folder, $"m{m}.aig")))
                AigerCompiler.WriteBinary(network, file);
            using (var writer = new StreamWriter(Path.Combine(folder, $"m{m}.v")) { NewLine = "\n" })
                VerilogCompiler.Write(network, $"m{m}", writer);
            yosys.Append(CultureInfo.InvariantCulture, $"read_verilog m{m}.v; {YosysToAiger($"m{m}", $"m{m}.yosys.aig")}; design -reset;\n");
            abc.Append(CultureInfo.InvariantCulture, $"cec m{m}.aig m{m}.yosys.aig; ");
        }
        File.WriteAllText(Path.Combine(folder, "xor_by_hand.v"), HandwrittenXor);
        yosys.Append(CultureInfo.InvariantCulture, $"read_verilog xor_by_hand.v; {YosysToAiger("xor_by_hand", "xor_by_hand.aig")};\n");
        abc.Append("cec m0.aig xor_by_hand.aig");
        File.WriteAllText(Path.Combine(folder, "to-aiger.ys"), yosys.ToString());
        ExternalTools.Run(ExternalTools.Find("yosys")!, ["-q", "-s", "to-aiger.ys"], folder);
        string output = ExternalTools.Run(ExternalTools.Abc!, ["-c", abc.ToString()], folder);
        int proved = output.Split('\n').Count(l => l.Contains("Networks are equivalent", StringComparison.Ordinal));
        Assert.True(proved == models.Count + 1, $"ABC proved {proved} of {models.Count + 1} pairs equivalent:\n{output}");
    }

    [ToolFact("yosys", "abc")]
    public void Abc_finds_a_changed_network_not_equivalent()
    {
        // The check can fail: XOR's AIGER against a handwritten OR differs.
        string folder = ExternalTools.ScratchFolder("aiger-cec-differs");
        using (var file = File.Create(Path.Combine(folder, "xor.aig")))
            AigerCompiler.WriteBinary(FoldedNetwork.Fold(ModelReader.ReadFile("models/xor.json").Model!), file);
        File.WriteAllText(Path.Combine(folder, "or.v"), "module or_by_hand(input x0, input x1, output y);\n  assign y = x0 | x1;\nendmodule\n");
        ExternalTools.Run(ExternalTools.Find("yosys")!, ["-q", "-p", $"read_verilog or.v; {YosysToAiger("or_by_hand", "or.aig")}"], folder);
        string output = ExternalTools.Run(ExternalTools.Abc!, ["-c", "cec xor.aig or.aig"], folder);
        Assert.Contains("NOT EQUIVALENT", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ascii_aiger_read_back_independently_equals_the_engine()
    {
        Prop.ForAll(Arb.From(ModelGenerators.ModelsWithInput(maxWidth: 70, maxLayers: 3)), c =>
        {
            var network = PackedNetwork.Compile(c.Model);
            var text = new StringWriter { NewLine = "\n" };
            AigerCompiler.Write(FoldedNetwork.Fold(c.Model), text);
            bool[] outputs = Simulate(text.ToString(), c.Input);
            var expected = network.Evaluate(c.Input);
            bool[] wanted = network.IsArgmax ? [.. Enumerable.Range(0, network.OutputCount).Select(k => k == expected.Class)] : [.. expected.Bits];
            return wanted.SequenceEqual(outputs);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    /// <summary>The yosys commands that bring a module to binary AIGER with port names, without re-synthesising its arithmetic.</summary>
    internal static string YosysToAiger(string top, string file) =>
        $"hierarchy -top {top}; proc; flatten; techmap; opt_clean; aigmap; write_aiger -symbols {file}";

    // A reader of ASCII AIGER written from the format description, not from the compiler: header, inputs, outputs, gates.
    private static bool[] Simulate(string aag, bool[] inputs)
    {
        var lines = aag.Split('\n');
        var header = lines[0].Split(' ');
        Assert.Equal("aag", header[0]);
        int max = int.Parse(header[1], CultureInfo.InvariantCulture), inputCount = int.Parse(header[2], CultureInfo.InvariantCulture);
        int outputCount = int.Parse(header[4], CultureInfo.InvariantCulture), gates = int.Parse(header[5], CultureInfo.InvariantCulture);
        Assert.Equal("0", header[3]);
        Assert.Equal(inputs.Length, inputCount);
        var value = new bool[max + 1];
        bool Lit(int literal) => value[literal >> 1] ^ ((literal & 1) != 0);
        for (int i = 0; i < inputCount; i++)
            value[int.Parse(lines[1 + i], CultureInfo.InvariantCulture) >> 1] = inputs[i];
        for (int g = 0; g < gates; g++)
        {
            var parts = lines[1 + inputCount + outputCount + g].Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            Assert.True(parts[1] < parts[0] && parts[2] < parts[0], "a gate reads only smaller literals");
            value[parts[0] >> 1] = Lit(parts[1]) && Lit(parts[2]);
        }
        return [.. Enumerable.Range(0, outputCount).Select(o => Lit(int.Parse(lines[1 + inputCount + o], CultureInfo.InvariantCulture)))];
    }
}
