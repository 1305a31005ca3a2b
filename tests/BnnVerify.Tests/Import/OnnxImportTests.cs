using System.Globalization;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Import.Onnx;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Tests.Import;

/// <summary>
/// The ONNX / QONNX importer against independent evaluations of the same graphs, on all 2^n inputs:
/// tests/reference/onnx_bnn.py (numpy, every operator written from the ONNX and QONNX specifications) and, for
/// the PyTorch export, torch's own module (tests/fixtures/onnx/bnn_torch.expected, written by make_fixtures.py).
/// The evaluator's answers are committed beside it so the comparison runs without Python; one more test
/// re-runs it where python3-onnx is installed and demands the committed text.
/// </summary>
public class OnnxImportTests
{
    private const string Fixtures = "tests/fixtures/onnx";
    private const string Evaluator = "tests/reference/onnx_bnn.py";

    public static TheoryData<string, string> Graphs() => new()
    {
        { "bnn_torch", "onnx" },
        { "bnn_qonnx", "qonnx" },
        { "sign_odd", "onnx" },
    };

    private static BnnModel Import(string fixture, string format)
    {
        var dialect = format == "qonnx" ? OnnxDialect.Qonnx : OnnxDialect.Standard;
        var result = OnnxImporter.Import(Path.Combine(Fixtures, fixture + ".onnx"), new OnnxImportOptions(dialect));
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result.Model!;
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public void The_imported_model_agrees_with_the_independent_evaluator_on_every_input(string fixture, string format)
    {
        var model = Import(fixture, format);
        AgreesWith(model, File.ReadAllLines($"tests/reference/onnx-{fixture}.expected"), fixture);
    }

    [Fact]
    public void The_PyTorch_export_agrees_with_the_torch_module_it_was_exported_from()
    {
        var model = Import("bnn_torch", "onnx");
        Assert.Equal(["few", "some", "many"], ((ArgmaxOutput)model.Output).Classes.ToArray());
        Assert.Equal("s0", model.InputNames[0]);
        AgreesWith(model, File.ReadAllLines(Path.Combine(Fixtures, "bnn_torch.expected")), "torch");
    }

    [Fact]
    public void The_QONNX_graph_computes_the_same_classes_as_the_torch_module()
    {
        // Built from the same trained parameters (0/1 inputs, MultiThreshold for the first batch norm), so the
        // two imports must classify alike, though their integer layers differ.
        var torch = PackedNetwork.Compile(Import("bnn_torch", "onnx"));
        var qonnx = PackedNetwork.Compile(Import("bnn_qonnx", "qonnx"));
        for (int k = 0; k < 1 << 10; k++)
        {
            var bits = Bits(k, 10);
            Assert.Equal(torch.Evaluate(bits).Class, qonnx.Evaluate(bits).Class);
        }
    }

    [PythonOnnxFact]
    public void The_committed_evaluator_answers_are_what_the_evaluator_prints()
    {
        foreach (var fixture in new[] { "bnn_torch", "bnn_qonnx", "sign_odd" })
        {
            string printed = PythonNumpyFactAttribute.Run(Evaluator, Path.Combine(Fixtures, fixture + ".onnx"));
            Assert.Equal(File.ReadAllText($"tests/reference/onnx-{fixture}.expected"), printed);
        }
    }

    // Each line: the bits (input 0 first), the reference class, the reference outputs. For class scores the
    // class must be equal and every pair of scores must compare the same way; for bits every bit must be equal.
    private static void AgreesWith(BnnModel model, string[] lines, string reference)
    {
        var network = PackedNetwork.Compile(model);
        Assert.Equal(1 << model.InputNames.Length, lines.Length);
        var classes = new HashSet<int>();
        foreach (var line in lines)
        {
            var fields = line.Split(' ');
            var bits = fields[0].Select(c => c == '1').ToArray();
            var output = network.Evaluate(bits);
            var values = fields.Skip(2).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            if (model.Output is ArgmaxOutput)
            {
                Assert.True(int.Parse(fields[1], CultureInfo.InvariantCulture) == output.Class, $"input {fields[0]}: {reference} says class {fields[1]}, the imported model {output.Class}");
                for (int i = 0; i < values.Length; i++)
                {
                    for (int j = 0; j < values.Length; j++)
                        Assert.True(Math.Sign(values[i] - values[j]) == Math.Sign(output.Scores[i] - output.Scores[j]), $"input {fields[0]}: scores {i} and {j} compare differently");
                }
                classes.Add(output.Class);
            }
            else
            {
                Assert.Equal(values.Select(v => v > 0), output.Bits);
            }
        }
        // The comparison is only a test if the reference's answers vary.
        Assert.True(model.Output is not ArgmaxOutput || classes.Count == ((ArgmaxOutput)model.Output).Classes.Length, $"only classes {string.Join(", ", classes)} occur");
    }

    private static bool[] Bits(int k, int n) => [.. Enumerable.Range(0, n).Select(i => ((k >> i) & 1) == 1)];

    [Theory]
    [InlineData("refuse_sign_zero", "onnx", "BNN0735", "node 'sign' (Sign): neuron 0's argument is exactly 0 when its weighted sum")]
    [InlineData("refuse_nonbinary", "onnx", "BNN0734", "the hidden layer of node 'layer2' (MatMul) has weights that are not ±c")]
    [InlineData("refuse_conv", "onnx", "BNN0732", "node 'relu_7' (Relu): unsupported operator Relu")]
    [InlineData("refuse_quant_activation", "qonnx", "BNN0736", "node 'quant_act' (Quant): Quant of the weighted sums")]
    [InlineData("bnn_qonnx", "onnx", "BNN0732", "node 'quant_w1' (Quant): Quant is a QONNX operator")]
    [InlineData("truncated", "onnx", "BNN0731", "not an ONNX model")]
    [InlineData("missing", "onnx", "BNN0730", "no such file")]
    public void Graphs_the_format_cannot_carry_are_refused_with_one_located_diagnostic(string fixture, string format, string id, string fragment)
    {
        var dialect = format == "qonnx" ? OnnxDialect.Qonnx : OnnxDialect.Standard;
        var result = OnnxImporter.Import(Path.Combine(Fixtures, fixture + ".onnx"), new OnnxImportOptions(dialect));
        Assert.False(result.Succeeded);
        Assert.Equal(id, result.Error!.Id);
        Assert.Contains(fragment, result.Error.Message, StringComparison.Ordinal);
        Assert.EndsWith(fixture + ".onnx", result.Error.Location.File, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_json_given_to_the_onnx_importer_is_not_an_onnx_model()
    {
        var result = OnnxImporter.Import("models/xor.json", new OnnxImportOptions(OnnxDialect.Standard));
        Assert.Equal(OnnxDiagnosticIds.NotOnnx, result.Error?.Id);
    }

    [Theory]
    [InlineData("{\"inputs\": [\"a\", \"b\"]}", "$.inputs", "names 2 inputs, but the graph input 'x' has 3 elements")]
    [InlineData("{\"bits\": [\"p\", \"q\", \"r\"]}", "$.bits", "names 3 bits, but the graph outputs 2")]
    [InlineData("{\"classes\": [\"p\", \"q\"]}", "$.classes", "names bits, not classes")]
    [InlineData("{\"inputValues\": [0, 2]}", "$.inputValues", "inputValues is [-1, 1]")]
    [InlineData("{\"colour\": 1}", "$.colour", "unknown field 'colour'")]
    [InlineData("{\"inputs\": [\"a\", \"a\", \"c\"]}", "$.inputs[1]", "occurs twice")]
    [InlineData("{\"inputs\": [\"a\", \"2b\", \"c\"]}", "$.inputs[1]", "identifier")]
    public void A_names_file_that_does_not_fit_is_refused_at_its_field(string json, string path, string fragment)
    {
        string file = Path.Combine(Path.GetTempPath(), $"bnnverify-names-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        try
        {
            var result = OnnxImporter.Import(Path.Combine(Fixtures, "sign_odd.onnx"), new OnnxImportOptions(OnnxDialect.Standard, NamesFile: file));
            Assert.Equal(OnnxDiagnosticIds.BadNames, result.Error?.Id);
            Assert.Equal(file, result.Error!.Location.File);
            Assert.Equal(path, result.Error.Location.JsonPath);
            Assert.Contains(fragment, result.Error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Zero_one_inputs_from_the_names_file_shift_the_first_layer_exactly()
    {
        // bnn_qonnx reads 0/1 (its names file says so); read as ±1 it would be another function.
        var asZeroOne = PackedNetwork.Compile(Import("bnn_qonnx", "qonnx"));
        string file = Path.Combine(Path.GetTempPath(), $"bnnverify-names-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "{\"inputValues\": [-1, 1]}");
        try
        {
            var result = OnnxImporter.Import(Path.Combine(Fixtures, "bnn_qonnx.onnx"), new OnnxImportOptions(OnnxDialect.Qonnx, NamesFile: file));
            Assert.True(result.Succeeded, result.Error?.ToString());
            var asPlusMinus = PackedNetwork.Compile(result.Model!);
            int differ = Enumerable.Range(0, 1 << 10).Count(k => asZeroOne.Evaluate(Bits(k, 10)).Class != asPlusMinus.Evaluate(Bits(k, 10)).Class);
            Assert.True(differ > 0, "reading the inputs as ±1 instead of 0/1 changed no class");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
