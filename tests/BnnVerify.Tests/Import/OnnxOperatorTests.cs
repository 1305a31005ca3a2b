using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Import;
using BnnVerify.Bnn.Import.Onnx;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Tests.Import;

/// <summary>Single operators of the ONNX importer on small hand-built graphs, each compared with its definition on every input.</summary>
public class OnnxOperatorTests
{
    private static ImportResult Import(OnnxGraphBuilder graph, OnnxDialect dialect = OnnxDialect.Qonnx)
    {
        string file = graph.Write();
        try
        {
            return OnnxImporter.Import(file, new OnnxImportOptions(dialect));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static bool[] Bits(int k, int n) => [.. Enumerable.Range(0, n).Select(i => ((k >> i) & 1) == 1)];

    private static int Pm(bool b) => b ? 1 : -1;

    [Fact]
    public void Flatten_of_a_two_by_three_input_keeps_row_major_order()
    {
        // y = sign(x[0,0] + x[0,1] − x[1,2]) from a [1, 2, 3] input flattened to [1, 6]; three terms, never 0.
        var graph = new OnnxGraphBuilder([1, 2, 3], [1, 1])
            .Constant("W", [6, 1], 1, 1, 0, 0, 0, -1)
            .Node("Flatten", ["x"], "f", attributes: ("axis", 1L))
            .Node("MatMul", ["f", "W"], "s")
            .Node("Sign", ["s"], "y");
        var result = Import(graph, OnnxDialect.Standard);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(["x_0", "x_1", "x_2", "x_3", "x_4", "x_5"], result.Model!.InputNames.ToArray());
        var network = PackedNetwork.Compile(result.Model);
        for (int k = 0; k < 64; k++)
        {
            var x = Bits(k, 6);
            Assert.Equal(Pm(x[0]) + Pm(x[1]) - Pm(x[5]) > 0, network.Evaluate(x).Bits[0]);
        }
    }

    [Fact]
    public void MatMul_of_an_unflattened_input_is_refused()
    {
        // ONNX MatMul of [1, 2, 3] by [3, 1] multiplies each of the two rows: not one layer over six inputs.
        var graph = new OnnxGraphBuilder([1, 2, 3], [1, 2, 1])
            .Constant("W", [3, 1], 1, 1, 1)
            .Node("MatMul", ["x", "W"], "s")
            .Node("Sign", ["s"], "y");
        var result = Import(graph, OnnxDialect.Standard);
        Assert.Equal(OnnxDiagnosticIds.UnsupportedStructure, result.Error?.Id);
        Assert.Contains("[1, 2, 3]", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gemm_with_transB_alpha_and_beta_gives_the_real_argmax()
    {
        // scores = 0.5·x·Bᵀ + 2·C with B of shape [classes, inputs]; C makes real ties and near-ties.
        float[] b = [1, -1, 1, 1, 1, -1, -1, 1, 1];
        float[] c = [0.25f, 0f, -0.5f];
        var graph = new OnnxGraphBuilder([1, 3], [1, 3])
            .Constant("B", [3, 3], b)
            .Constant("C", [3], c)
            .Node("Gemm", ["x", "B", "C"], "y", attributes: [("transB", 1L), ("alpha", 0.5f), ("beta", 2f)]);
        var result = Import(graph, OnnxDialect.Standard);
        Assert.True(result.Succeeded, result.Error?.ToString());
        var network = PackedNetwork.Compile(result.Model!);
        for (int k = 0; k < 8; k++)
        {
            var x = Bits(k, 3);
            var scores = Enumerable.Range(0, 3).Select(j => 0.5 * Enumerable.Range(0, 3).Sum(i => b[j * 3 + i] * Pm(x[i])) + 2 * c[j]).ToArray();
            int expected = Array.IndexOf(scores, scores.Max()); // the first maximum
            Assert.Equal(expected, network.Evaluate(x).Class);
        }
    }

    [Fact]
    public void An_affine_map_of_the_input_is_folded_into_the_first_layer()
    {
        // The graph computes 2v − 1 of its ±1 input values v (so 1 or −3) before the layer; the map folds into its weights and bias.
        var graph = new OnnxGraphBuilder([1, 2], [1, 1])
            .Constant("two", [], 2f)
            .Constant("one", [], 1f)
            .Constant("W", [2, 1], 1, 1)
            .Node("Mul", ["x", "two"], "d")
            .Node("Sub", ["d", "one"], "e")
            .Node("MatMul", ["e", "W"], "s")
            .Node("BipolarQuant", ["s", "one"], "y", "qonnx.custom_op.general");
        var result = Import(graph);
        Assert.True(result.Succeeded, result.Error?.ToString());
        var network = PackedNetwork.Compile(result.Model!);
        for (int k = 0; k < 4; k++)
        {
            var x = Bits(k, 2);
            Assert.Equal((2 * Pm(x[0]) - 1) + (2 * Pm(x[1]) - 1) >= 0, network.Evaluate(x).Bits[0]);
        }
    }

    [Fact]
    public void MultiThreshold_with_one_threshold_per_channel_is_x_at_least_t()
    {
        var graph = new OnnxGraphBuilder([1, 3], [1, 2])
            .Constant("W", [3, 2], 1, -1, 1, 1, 1, -1)
            .Constant("T", [2, 1], 1f, -1f)
            .Node("MatMul", ["x", "W"], "s")
            .Node("MultiThreshold", ["s", "T"], "y", "qonnx.custom_op.general", ("out_scale", 2f), ("out_bias", -1f), ("out_dtype", "BIPOLAR"));
        var result = Import(graph);
        Assert.True(result.Succeeded, result.Error?.ToString());
        var network = PackedNetwork.Compile(result.Model!);
        for (int k = 0; k < 8; k++)
        {
            var x = Bits(k, 3);
            var bits = network.Evaluate(x).Bits;
            Assert.Equal(Pm(x[0]) + Pm(x[1]) + Pm(x[2]) >= 1, bits[0]);
            Assert.Equal(-Pm(x[0]) + Pm(x[1]) - Pm(x[2]) >= -1, bits[1]);
        }
    }

    [Fact]
    public void MultiThreshold_with_several_thresholds_is_a_multi_bit_activation_and_refused()
    {
        var graph = new OnnxGraphBuilder([1, 2], [1, 1])
            .Constant("W", [2, 1], 1, 1)
            .Constant("T", [1, 2], 0f, 1f)
            .Node("MatMul", ["x", "W"], "s")
            .Node("MultiThreshold", ["s", "T"], "y", "qonnx.custom_op.general");
        var result = Import(graph);
        Assert.Equal(OnnxDiagnosticIds.UnsupportedParameter, result.Error?.Id);
        Assert.Contains("multi-bit", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_skip_connection_is_refused_naming_the_node()
    {
        // Layer 2 reads layer 1's output and, through Add, the first layer's sums: not a chain.
        var graph = new OnnxGraphBuilder([1, 3], [1, 3])
            .Constant("W1", [3, 3], 1, 1, 1, 1, -1, 1, -1, 1, 1)
            .Constant("W2", [3, 3], 1, 1, -1, 1, -1, 1, -1, 1, 1)
            .Node("MatMul", ["x", "W1"], "s1")
            .Node("Sign", ["s1"], "h1")
            .Node("MatMul", ["x", "W2"], "s2")
            .Node("Sign", ["s2"], "y");
        var result = Import(graph, OnnxDialect.Standard);
        Assert.Equal(OnnxDiagnosticIds.UnsupportedStructure, result.Error?.Id);
        Assert.Contains("skip connections", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("graph.node[3]", result.Error.Location.JsonPath);
    }

    [Fact]
    public void Quant_on_constant_weights_is_folded_with_its_rounding()
    {
        // Quant(w, scale 0.5, zeropt 0, 3 bits signed): 0.7 → round(1.4) = 1 → 0.5; −1.3 → round(−2.6) = −3 → −1.5;
        // 2.9 → clamp(5.8, −4, 3) = 3 → 1.5. Weights 0.5, −1.5, 1.5 = 0.5·(1, −3, 3): an integer first layer.
        var graph = new OnnxGraphBuilder([1, 3], [1, 1])
            .Constant("W", [3, 1], 0.7f, -1.3f, 2.9f)
            .Constant("scale", [], 0.5f)
            .Constant("zero", [], 0f)
            .Constant("bits", [], 3f)
            .Node("Quant", ["W", "scale", "zero", "bits"], "Wq", "qonnx.custom_op.general", ("signed", 1L), ("narrow", 0L), ("rounding_mode", "ROUND"))
            .Node("MatMul", ["x", "Wq"], "s")
            .Node("Sign", ["s"], "y");
        var result = Import(graph);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal([1, -3, 3], result.Model!.Layers[0].Weights.ToArray());
        Assert.Equal(WeightPrecision.Integer, result.Model.Layers[0].Precision);
    }
}
