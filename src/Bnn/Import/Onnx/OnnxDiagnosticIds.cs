namespace BnnVerify.Bnn.Import.Onnx;

/// <summary>The stable ids of ONNX / QONNX import diagnostics (documented in docs/onnx.md); every one means exit code 2.</summary>
public static class OnnxDiagnosticIds
{
    /// <summary>The .onnx file (or its names file) does not exist or cannot be read.</summary>
    public const string Unreadable = "BNN0730";

    /// <summary>The file is not an ONNX model: not a protobuf ModelProto (truncated, another format) or one without a graph.</summary>
    public const string NotOnnx = "BNN0731";

    /// <summary>A node whose operator the importer does not map (named with its op type and domain).</summary>
    public const string UnsupportedOperator = "BNN0732";

    /// <summary>A graph that is not a chain of fully connected BNN layers (inputs, outputs, shapes, where a node sits).</summary>
    public const string UnsupportedStructure = "BNN0733";

    /// <summary>Weights that are not binary (±c) in a hidden layer, or not integers up to a common scale in the first or last layer.</summary>
    public const string NonBinaryWeights = "BNN0734";

    /// <summary>An ONNX Sign whose argument is exactly 0 for some reachable input: Sign(0) = 0 is no boolean.</summary>
    public const string SignOfZero = "BNN0735";

    /// <summary>An attribute or parameter value the importer does not support (Gemm transA, several thresholds, Quant on an activation, …).</summary>
    public const string UnsupportedParameter = "BNN0736";

    /// <summary>A tensor the importer cannot read: data type, external data, a size that does not match its shape, NaN or infinity.</summary>
    public const string BadTensor = "BNN0737";

    /// <summary>A names file (FILE.names.json, --names) that is malformed or does not fit the graph.</summary>
    public const string BadNames = "BNN0738";

    /// <summary>Class scores that no exact integer scores can order (per-class scales, no integer scaling within the weight limit).</summary>
    public const string ScoresNotRepresentable = "BNN0739";
}
