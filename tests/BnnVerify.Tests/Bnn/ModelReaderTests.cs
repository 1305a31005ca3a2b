using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Tests.Bnn;

/// <summary>Every kind of malformed model gets one located diagnostic; well-formed ones load with the right meaning.</summary>
public class ModelReaderTests
{
    // A valid model, one line per field, so that each case can replace one line and know where the error is.
    private static readonly string[] ValidLines =
    [
        "{",
        "  \"format\": \"bnnverify-model\",",
        "  \"version\": 1,",
        "  \"name\": \"t\",",
        "  \"inputs\": [\"a\", \"b\"],",
        "  \"layers\": [",
        "    {\"kind\": \"dense\", \"weights\": [[1, -1], [1, 1]], \"thresholds\": [0, 2]},",
        "    {\"kind\": \"dense\", \"weights\": [[1, 1]], \"thresholds\": [0]}",
        "  ],",
        "  \"output\": {\"kind\": \"bits\", \"names\": [\"y\"]}",
        "}",
    ];

    private const int FormatLine = 2, VersionLine = 3, NameLine = 4, InputsLine = 5, FirstLayerLine = 7, SecondLayerLine = 8, OutputLine = 10;

    public static TheoryData<string, int, string, string, string, string> MalformedModels() => new()
    {
        // id, line, replacement line, text at the reported column, JSON path, message fragment
        { "BNN0101", InputsLine, "  \"inputs\": [\"a\" \"b\"],", "\"b\"", "", "invalid JSON" },
        { "BNN0101", FirstLayerLine, "    {\"kind\": \"dense\", \"weights\": [[NaN, 1], [1, 1]], \"thresholds\": [0, 2]},", "NaN", "", "invalid JSON" },
        { "BNN0102", NameLine, "  \"name\": \"t\", \"name\": \"u\",", "\"name\": \"u\"", "$", "the key 'name' occurs twice" },
        { "BNN0103", NameLine, "  \"name\": \"t\", \"colour\": \"red\",", "\"red\"", "$.colour", "unknown field 'colour'" },
        { "BNN0103", FirstLayerLine, "    {\"kind\": \"dense\", \"weights\": [[1, -1], [1, 1]], \"thresholds\": [0, 2], \"dropout\": 0.5},", "0.5", "$.layers[0].dropout", "unknown field 'dropout' in a dense layer" },
        { "BNN0104", InputsLine, "", "{", "$", "missing required field 'inputs'" },
        { "BNN0105", InputsLine, "  \"inputs\": \"a, b\",", "\"a, b\"", "$.inputs", "expected a list of input names, found a string" },
        { "BNN0106", FormatLine, "  \"format\": \"onnx\",", "\"onnx\"", "$.format", "this is not a bnnverify model" },
        { "BNN0106", VersionLine, "  \"version\": 3,", "3", "$.version", "unsupported model format version 3; this bnnverify reads versions 1 to 2" },
        { "BNN0107", InputsLine, "  \"inputs\": [\"a\", \"\"],", "\"\"", "$.inputs[1]", "an input name is empty" },
        { "BNN0107", InputsLine, "  \"inputs\": [\"a\", \"b c\"],", "\"b c\"", "$.inputs[1]", "'b c' is not a valid input name" },
        { "BNN0108", InputsLine, "  \"inputs\": [\"a\", \"a\"],", "\"a\"]", "$.inputs[1]", "the input name 'a' occurs twice" },
        { "BNN0108", OutputLine, "  \"output\": {\"kind\": \"bits\", \"names\": [\"a\"]}", "\"a\"", "$.output.names[0]", "'a' is both an input and an output name" },
        { "BNN0109", FirstLayerLine, "    {\"kind\": \"dense\", \"weights\": [[1, -1, 1], [1, 1]], \"thresholds\": [0, 2]},", "[1, -1, 1]", "$.layers[0].weights[0]", "neuron 0 has 3 weights but the layer reads 2 values" },
        { "BNN0109", FirstLayerLine, "    {\"kind\": \"dense\", \"weights\": [[1, -1], [1, 1]], \"thresholds\": [0]},", "[0]", "$.layers[0].thresholds", "expected 2 thresholds (one per neuron), found 1" },
        { "BNN0109", SecondLayerLine, "    {\"kind\": \"dense\", \"weights\": [[1], [1]], \"thresholds\": [0, 0]}", "[1]", "$.layers[1].weights[0]", "neuron 0 has 1 weights but the layer reads 2 values" },
        { "BNN0109", OutputLine, "  \"output\": {\"kind\": \"bits\", \"names\": [\"y\", \"z\"]}", "[\"y\"", "$.output.names", "2 output bits but the last layer has 1 neurons" },
        { "BNN0110", FirstLayerLine, "    {\"kind\": \"dense\", \"weights\": [[1, -1], [2, 1]], \"thresholds\": [0, 2]},", "2, 1]", "$.layers[0].weights[1][0]", "weight 2 in a binary layer" },
        { "BNN0111", FirstLayerLine, "    {\"kind\": \"dense\", \"weights\": [[1, -1], [1, 1]], \"thresholds\": [0, 1.5]},", "1.5", "$.layers[0].thresholds[1]", "found the non-integer 1.5" },
        { "BNN0111", FirstLayerLine, "    {\"kind\": \"dense\", \"latentWeights\": [[\"NaN\", -1], [1, 1]], \"thresholds\": [0, 2]},", "\"NaN\"", "$.layers[0].latentWeights[0][0]", "NaN and infinities have no place in a model" },
        { "BNN0111", FirstLayerLine, "    {\"kind\": \"dense\", \"latentWeights\": [[1e999, -1], [1, 1]], \"thresholds\": [0, 2]},", "1e999", "$.layers[0].latentWeights[0][0]", "not a finite number" },
        { "BNN0112", FirstLayerLine, "    {\"kind\": \"conv2d\", \"weights\": [[1, -1], [1, 1]], \"thresholds\": [0, 2]},", "\"conv2d\"", "$.layers[0].kind", "unsupported layer kind 'conv2d'; this version supports: dense" },
        { "BNN0113", FirstLayerLine, "    {\"kind\": \"dense\", \"weights\": [[1, -1], [1, 1]], \"thresholds\": [0, 2], \"bias\": [0, 0]},", "[0, 0]", "$.layers[0].bias", "either folded 'thresholds' or raw 'bias'/'batchNorm', not both" },
        { "BNN0113", FirstLayerLine, "    {\"kind\": \"dense\", \"weights\": [[1, -1], [1, 1]], \"activation\": \"scores\"},", "\"scores\"", "$.layers[0].activation", "only the last layer may give scores" },
        { "BNN0113", OutputLine, "  \"output\": {\"kind\": \"argmax\", \"classes\": [\"y\"]}", "\"argmax\"", "$.output.kind", "an argmax output needs a last layer with activation 'scores'" },
        { "BNN0114", FirstLayerLine, "    {\"kind\": \"dense\", \"weights\": [[1, -1], [1, 1]], \"bias\": [0.5, -0.5]},", "[0.5", "$.layers[0].bias", "must declare 'signAtZero'" },
        { "BNN0115", NameLine, "  \"name\": \"t\", \"signAtZero\": 1,", "{", "", "" },
        { "BNN0116", FirstLayerLine, "    {\"kind\": \"dense\", \"precision\": \"ternary\", \"weights\": [[1, -1], [1, 1]], \"thresholds\": [0, 2]},", "\"ternary\"", "$.layers[0].precision", "unknown precision 'ternary'" },
        { "BNN0116", NameLine, "  \"name\": \"t\", \"signAtZero\": 0,", "0,", "$.signAtZero", "signAtZero must be 1 (sign(0) = +1) or -1" },
    };

    [Theory]
    [MemberData(nameof(MalformedModels))]
    public void A_malformed_model_gets_one_located_diagnostic(string id, int line, string replacement, string columnText, string path, string message)
    {
        var lines = (string[])ValidLines.Clone();
        lines[line - 1] = replacement;
        if (id == "BNN0115")
        {
            // Needs two lines changed: a declared sign(0) and a batch norm whose variance + ε is 0.
            lines[FirstLayerLine - 1] = "    {\"kind\": \"dense\", \"weights\": [[1, -1], [1, 1]], \"batchNorm\": {\"gamma\": [1, 1], \"beta\": [0, 0], \"mean\": [0, 0], \"variance\": [1, 0], \"epsilon\": 0}},";
            columnText = "0], \"epsilon\"";
            line = FirstLayerLine;
            path = "$.layers[0].batchNorm.variance[1]";
            message = "neuron 1: variance + epsilon must be positive";
        }
        if (replacement.Contains("latentWeights", StringComparison.Ordinal))
        {
            // Latent weights need a declared sign(0) before their numbers are looked at.
            lines[NameLine - 1] = "  \"name\": \"t\", \"signAtZero\": 1,";
        }
        if (replacement.Length == 0)
        {
            // A removed line: the error is at the enclosing object, the opening brace on line 1.
            lines = [.. lines.Where((_, i) => i != line - 1)];
            line = 1;
        }
        string text = string.Join("\n", lines);
        var result = ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(text), "bad.json");

        Assert.Null(result.Model);
        var error = Assert.IsType<BnnVerify.Bnn.Diagnostics.Diagnostic>(result.Error);
        Assert.Equal(id, error.Id);
        Assert.Equal("bad.json", error.Location.File);
        Assert.Equal(line, error.Location.Line);
        Assert.Equal(lines[line - 1].IndexOf(columnText, StringComparison.Ordinal) + 1, error.Location.Column);
        if (path.Length > 0)
            Assert.Equal(path, error.Location.JsonPath);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"bad.json({line},{error.Location.Column}): error {id}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_valid_template_itself_loads()
    {
        var result = ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", ValidLines)), "ok.json");
        Assert.Null(result.Error);
        Assert.Equal(["a", "b"], result.Model!.InputNames.ToArray());
    }

    [Fact]
    public void A_missing_file_is_a_diagnostic_naming_the_file()
    {
        var result = ModelReader.ReadFile("no/such/model.json");
        Assert.Null(result.Model);
        Assert.Equal(ModelDiagnosticIds.FileUnreadable, result.Error!.Id);
        Assert.Equal("no/such/model.json: error BNN0100: cannot read the model file: no such file", result.Error.ToString());
    }

    [Fact]
    public void An_empty_file_is_a_diagnostic()
    {
        var result = ModelReader.Read(""u8, "empty.json");
        Assert.Equal("BNN0101", result.Error!.Id);
        Assert.Contains("empty", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_batch_norm_is_folded_with_negative_and_zero_gamma()
    {
        // Neuron 0: γ = 2 > 0, y = 2(s − 1)/√4 + 0 ≥ 0 iff s ≥ 1. Neuron 1: γ = −1, y = −(s − 0.5)/1 + 0 ≥ 0 iff s ≤ 0.
        // Neuron 2: γ = 0, β = −1: constant false. Inputs ±1 over 3 weights: s ∈ {−3, −1, 1, 3}.
        string json = """
            {"format": "bnnverify-model", "version": 1, "name": "bn", "signAtZero": 1, "inputs": ["a", "b", "c"],
             "layers": [{"kind": "dense", "weights": [[1, 1, 1], [1, 1, 1], [1, 1, 1]],
                         "batchNorm": {"gamma": [2, -1, 0], "beta": [0, 0, -1], "mean": [1, 0.5, 0], "variance": [4, 1, 1], "epsilon": 0}}],
             "output": {"kind": "bits", "names": ["p", "q", "r"]}}
            """;
        var model = ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(json), "bn.json").Model!;
        Assert.Equal(
            [NeuronThreshold.AtLeast(1), NeuronThreshold.AtMost(0), NeuronThreshold.AtLeast(4)],
            model.Layers[0].Thresholds.ToArray());
        var network = PackedNetwork.Compile(model);
        Assert.Equal([true, false, false], network.Evaluate([true, true, false]).Bits.ToArray()); // s = 1
        Assert.Equal([false, true, false], network.Evaluate([true, false, false]).Bits.ToArray()); // s = −1
    }

    [Fact]
    public void The_raw_neuron_of_the_format_documentation_folds_as_documented()
    {
        string json = """
            {"format": "bnnverify-model", "version": 1, "name": "doc", "signAtZero": 1, "inputs": ["x0", "x1"],
             "layers": [{"kind": "dense", "weights": [[1, 1]], "bias": [0.5],
                         "batchNorm": {"gamma": [0.8], "beta": [-0.1], "mean": [0.2], "variance": [0.49], "epsilon": 0.01}}],
             "output": {"kind": "bits", "names": ["y"]}}
            """;
        var model = ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(json), "doc.json").Model!;
        Assert.Equal(NeuronThreshold.AtLeast(0), model.Layers[0].Thresholds[0]);
    }

    [Fact]
    public void Latent_weights_are_binarised_through_sign_with_the_declared_sign_of_zero()
    {
        string Model(int signAtZero) => $$$"""
            {"format": "bnnverify-model", "version": 1, "name": "latent", "signAtZero": {{{signAtZero}}}, "inputs": ["a", "b"],
             "layers": [{"kind": "dense", "latentWeights": [[0.25, 0.0]], "thresholds": [2]}],
             "output": {"kind": "bits", "names": ["y"]}}
            """;
        var positive = ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(Model(1)), "p.json").Model!;
        var negative = ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(Model(-1)), "n.json").Model!;
        Assert.Equal([1, 1], positive.Layers[0].Weights.ToArray());
        Assert.Equal([1, -1], negative.Layers[0].Weights.ToArray());
    }

    [Fact]
    public void Argmax_ties_follow_the_declared_rule()
    {
        string Model(string tieBreak) => $$$"""
            {"format": "bnnverify-model", "version": 1, "name": "tie", "inputs": ["a"],
             "layers": [{"kind": "dense", "precision": "integer", "weights": [[2], [2], [-1]], "activation": "scores", "bias": [0, 0, 0]}],
             "output": {"kind": "argmax", "classes": ["first", "second", "third"], "tieBreak": "{{{tieBreak}}}"}}
            """;
        var lowest = PackedNetwork.Compile(ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(Model("lowest-index")), "l.json").Model!);
        var highest = PackedNetwork.Compile(ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(Model("highest-index")), "h.json").Model!);
        Assert.Equal(0, lowest.Evaluate([true]).Class);
        Assert.Equal(1, highest.Evaluate([true]).Class);
        Assert.Equal(2, lowest.Evaluate([false]).Class);
    }
}
