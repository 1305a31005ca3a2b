using System.Collections.Immutable;

namespace BnnVerify.Bnn.Import;

/// <summary>The element types an imported array may have.</summary>
public enum NumericElementType
{
    /// <summary>IEEE single precision (numpy <c>&lt;f4</c>).</summary>
    Float32,

    /// <summary>IEEE double precision (numpy <c>&lt;f8</c>).</summary>
    Float64,

    /// <summary>A signed or unsigned integer of at most 64 bits, or a boolean.</summary>
    Integer,
}

/// <summary>
/// A named n-dimensional array read from an import source, in C order (the last index varies fastest).
/// Float32 values are held as doubles, which represent them exactly.
/// </summary>
/// <param name="Name">Where the array came from, for diagnostics: an .npz member or a CSV file name.</param>
/// <param name="Shape">The size of each dimension; empty for a scalar.</param>
/// <param name="ElementType">The stored element type.</param>
/// <param name="Values">The elements, C order.</param>
public sealed record NumericArray(string Name, ImmutableArray<int> Shape, NumericElementType ElementType, ImmutableArray<double> Values)
{
    /// <summary>The shape as numpy prints it: <c>(200, 784)</c>, <c>(10,)</c> or <c>()</c>.</summary>
    public string ShapeText => Shape.Length == 1 ? $"({Shape[0]},)" : "(" + string.Join(", ", Shape) + ")";

    /// <summary>The element at a C-order flat index, with its indices as numpy would print them (<c>[3, 5]</c>).</summary>
    public string IndexText(int flat)
    {
        var indices = new int[Shape.Length];
        for (int d = Shape.Length - 1; d >= 0; d--)
        {
            indices[d] = flat % Shape[d];
            flat /= Shape[d];
        }
        return "[" + string.Join(", ", indices) + "]";
    }
}
