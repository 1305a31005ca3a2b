using System.Collections.Immutable;

namespace BnnVerify.Bnn.Import.Onnx;

/// <summary>
/// Evaluates operators whose inputs are all constants (weights behind Sign, BipolarQuant or Quant, reshaped
/// or scaled parameters) as an ONNX runtime does: element by element with numpy broadcasting, each float32
/// operation correctly rounded (computed in double and rounded once, which is exact for +, −, ×, ÷).
/// </summary>
internal static class ConstantFolding
{
    /// <summary>An elementwise binary operator with broadcasting; null when the shapes do not broadcast.</summary>
    public static OnnxTensor? Elementwise(OnnxTensor a, OnnxTensor b, Func<double, double, double> operation)
    {
        int rank = Math.Max(a.Shape.Length, b.Shape.Length);
        var shape = new int[rank];
        for (int k = 0; k < rank; k++)
        {
            int da = Dim(a.Shape, k, rank), db = Dim(b.Shape, k, rank);
            if (da != db && da != 1 && db != 1)
                return null;
            shape[k] = da == 1 ? db : da;
        }
        long count = 1;
        foreach (int d in shape)
            count *= d;
        var values = new double[count];
        var index = new int[rank];
        bool float32 = a.IsFloat32 || b.IsFloat32;
        for (long flat = 0; flat < count; flat++)
        {
            long rest = flat;
            for (int k = rank - 1; k >= 0; k--)
            {
                index[k] = (int)(rest % shape[k]);
                rest /= shape[k];
            }
            double value = operation(a.Values[Offset(a.Shape, index, rank)], b.Values[Offset(b.Shape, index, rank)]);
            values[flat] = float32 ? (float)value : value;
        }
        return new OnnxTensor([.. shape], values, float32);
    }

    /// <summary>An elementwise unary operator.</summary>
    public static OnnxTensor Map(OnnxTensor a, Func<double, double> operation)
    {
        var values = new double[a.Count];
        for (int i = 0; i < values.Length; i++)
            values[i] = a.IsFloat32 ? (float)operation(a.Values[i]) : operation(a.Values[i]);
        return a with { Values = values };
    }

    /// <summary>ONNX Transpose (perm defaults to reversing the axes).</summary>
    public static OnnxTensor Transpose(OnnxTensor a, IReadOnlyList<long>? perm)
    {
        int rank = a.Shape.Length;
        var order = perm is { Count: > 0 } ? perm.Select(p => (int)p).ToArray() : Enumerable.Range(0, rank).Reverse().ToArray();
        var shape = order.Select(p => a.Shape[p]).ToArray();
        var values = new double[a.Count];
        var index = new int[rank];
        for (int flat = 0; flat < values.Length; flat++)
        {
            int rest = flat;
            for (int k = rank - 1; k >= 0; k--)
            {
                index[k] = rest % shape[k];
                rest /= shape[k];
            }
            int source = 0;
            for (int k = 0; k < rank; k++)
                source = source * a.Shape[k] + index[Array.IndexOf(order, k)];
            values[flat] = a.Values[source];
        }
        return a with { Shape = [.. shape], Values = values };
    }

    /// <summary>
    /// QONNX Quant (docs/qonnx-custom-ops/quant_op.md): scale·(round(clamp(x/scale + zeropt, min, max)) − zeropt),
    /// each step in float32; null for an unknown rounding mode.
    /// </summary>
    public static OnnxTensor? Quant(OnnxTensor x, OnnxTensor scale, OnnxTensor zeroPoint, int bits, bool signed, bool narrow, string mode)
    {
        double min = signed ? -Math.Pow(2, bits - 1) + (narrow ? 1 : 0) : 0;
        double max = signed ? Math.Pow(2, bits - 1) - 1 : Math.Pow(2, bits) - 1 - (narrow ? 1 : 0);
        Func<double, double>? round = mode.ToUpperInvariant() switch
        {
            "ROUND" => v => Math.Round(v, MidpointRounding.ToEven),
            "CEIL" => Math.Ceiling,
            "FLOOR" => Math.Floor,
            "UP" => v => v >= 0 ? Math.Ceiling(v) : Math.Floor(v),
            "DOWN" => Math.Truncate,
            "HALF_UP" => v => Math.Round(v, MidpointRounding.AwayFromZero),
            "HALF_DOWN" => v => Math.Abs(v - Math.Truncate(v)) == 0.5 ? Math.Truncate(v) : Math.Round(v),
            _ => null,
        };
        if (round is null)
            return null;
        var shifted = Elementwise(x, scale, (a, s) => a / s) is { } scaled ? Elementwise(scaled, zeroPoint, (a, z) => a + z) : null;
        if (shifted is null)
            return null;
        var integers = Map(shifted, v => round(Math.Clamp(v, min, max)));
        var centred = Elementwise(integers, zeroPoint, (a, z) => a - z);
        return centred is null ? null : Elementwise(centred, scale, (a, s) => a * s);
    }

    private static int Dim(ImmutableArray<int> shape, int k, int rank)
    {
        int j = k - (rank - shape.Length);
        return j < 0 ? 1 : shape[j];
    }

    private static int Offset(ImmutableArray<int> shape, int[] index, int rank)
    {
        int offset = 0;
        for (int j = 0; j < shape.Length; j++)
        {
            int k = j + rank - shape.Length;
            offset = offset * shape[j] + (shape[j] == 1 ? 0 : index[k]);
        }
        return offset;
    }
}
