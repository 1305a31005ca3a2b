using Google.Protobuf;

namespace BnnVerify.Tests.Import;

/// <summary>Builds small ONNX graphs with the protobuf classes OnnxSharp generates, and writes them to temporary files.</summary>
internal sealed class OnnxGraphBuilder
{
    private readonly global::Onnx.GraphProto _graph = new() { Name = "test" };

    public OnnxGraphBuilder(long[] inputShape, long[] outputShape)
    {
        _graph.Input.Add(Value("x", inputShape));
        _graph.Output.Add(Value("y", outputShape));
    }

    public OnnxGraphBuilder Constant(string name, long[] dims, params float[] values)
    {
        var tensor = new global::Onnx.TensorProto { Name = name, DataType = 1 };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        _graph.Initializer.Add(tensor);
        return this;
    }

    public OnnxGraphBuilder Ints(string name, params long[] values)
    {
        var tensor = new global::Onnx.TensorProto { Name = name, DataType = 7 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return this;
    }

    public OnnxGraphBuilder Node(string op, string[] inputs, string output, string domain = "", params (string Name, object Value)[] attributes)
    {
        var node = new global::Onnx.NodeProto { OpType = op, Domain = domain, Name = output + "_node" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        foreach (var (name, value) in attributes)
        {
            node.Attribute.Add(value switch
            {
                float f => new global::Onnx.AttributeProto { Name = name, F = f, Type = global::Onnx.AttributeProto.Types.AttributeType.Float },
                long i => new global::Onnx.AttributeProto { Name = name, I = i, Type = global::Onnx.AttributeProto.Types.AttributeType.Int },
                string s => new global::Onnx.AttributeProto { Name = name, S = ByteString.CopyFromUtf8(s), Type = global::Onnx.AttributeProto.Types.AttributeType.String },
                _ => throw new ArgumentException("attribute type"),
            });
        }
        _graph.Node.Add(node);
        return this;
    }

    public global::Onnx.ModelProto Model()
    {
        var model = new global::Onnx.ModelProto { IrVersion = 8, Graph = _graph };
        model.OpsetImport.Add(new global::Onnx.OperatorSetIdProto { Version = 13 });
        return model;
    }

    /// <summary>Writes the model to a fresh temporary file and returns its path (the caller deletes it).</summary>
    public string Write()
    {
        string file = Path.Combine(Path.GetTempPath(), $"bnnverify-graph-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(file, Model().ToByteArray());
        return file;
    }

    private static global::Onnx.ValueInfoProto Value(string name, long[] dims)
    {
        var shape = new global::Onnx.TensorShapeProto();
        foreach (long d in dims)
            shape.Dim.Add(new global::Onnx.TensorShapeProto.Types.Dimension { DimValue = d });
        return new global::Onnx.ValueInfoProto { Name = name, Type = new global::Onnx.TypeProto { TensorType = new global::Onnx.TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }
}
