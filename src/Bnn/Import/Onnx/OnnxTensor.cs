using System.Buffers.Binary;
using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Bnn.Import.Onnx;

/// <summary>A constant tensor of the graph (an initializer, a Constant node, or a folded expression of them).</summary>
/// <param name="Shape">The dimensions (empty for a scalar).</param>
/// <param name="Values">The elements, row-major; float32 elements are held as the doubles they are exactly.</param>
/// <param name="IsFloat32">Whether arithmetic on the tensor rounds to float32 (ONNX FLOAT), as an ONNX runtime computes it.</param>
internal sealed record OnnxTensor(ImmutableArray<int> Shape, double[] Values, bool IsFloat32)
{
    // TensorProto.DataType values of onnx.proto.
    private const int Float = 1, Int32 = 6, Int64 = 7, Double = 11;

    /// <summary>The number of elements.</summary>
    public int Count => Values.Length;

    /// <summary>"[16, 10]".</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <summary>A float32 tensor of the given shape.</summary>
    public static OnnxTensor Float32(ImmutableArray<int> shape, double[] values) => new(shape, values, true);

    /// <summary>Reads an ONNX TensorProto (float, double, int32, int64; typed fields or raw little-endian data).</summary>
    public static OnnxTensor Read(global::Onnx.TensorProto tensor, Func<string, DiagnosticException> fail)
    {
        if (tensor.DataLocation == global::Onnx.TensorProto.Types.DataLocation.External)
            throw fail($"tensor '{tensor.Name}' keeps its data in an external file; save the model with its weights inside (onnx.save(..., save_as_external_data=False))");
        long count = 1;
        var shape = ImmutableArray.CreateBuilder<int>(tensor.Dims.Count);
        foreach (long d in tensor.Dims)
        {
            if (d < 0 || d > int.MaxValue)
                throw fail($"tensor '{tensor.Name}' has dimension {d}");
            shape.Add((int)d);
            count *= d;
        }
        if (count > 1 << 26)
            throw fail($"tensor '{tensor.Name}' has {count} elements, more than a BNN of this importer can have");
        var raw = tensor.RawData.Span;
        double[] values = new double[count];
        int type = tensor.DataType;
        int width = type switch { Float or Int32 => 4, Int64 or Double => 8, _ => 0 };
        if (width == 0)
            throw fail($"tensor '{tensor.Name}' has ONNX data type {type}; the importer reads float, double, int32 and int64 tensors");
        int typed = type switch { Float => tensor.FloatData.Count, Double => tensor.DoubleData.Count, Int32 => tensor.Int32Data.Count, _ => tensor.Int64Data.Count };
        if (raw.Length > 0 ? raw.Length != count * width : typed != count)
            throw fail($"tensor '{tensor.Name}' of shape [{string.Join(", ", shape)}] holds {(raw.Length > 0 ? raw.Length / width : typed)} elements, not {count}");
        for (int i = 0; i < count; i++)
        {
            values[i] = type switch
            {
                Float => raw.Length > 0 ? BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]) : tensor.FloatData[i],
                Double => raw.Length > 0 ? BinaryPrimitives.ReadDoubleLittleEndian(raw[(i * 8)..]) : tensor.DoubleData[i],
                Int32 => raw.Length > 0 ? BinaryPrimitives.ReadInt32LittleEndian(raw[(i * 4)..]) : tensor.Int32Data[i],
                _ => raw.Length > 0 ? BinaryPrimitives.ReadInt64LittleEndian(raw[(i * 8)..]) : tensor.Int64Data[i],
            };
            if (!double.IsFinite(values[i]))
                throw fail($"tensor '{tensor.Name}' element {i} is {values[i]}; NaN and infinities have no place in a model");
        }
        return new OnnxTensor(shape.MoveToImmutable(), values, type == Float);
    }
}
