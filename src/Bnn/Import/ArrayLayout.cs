using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Bnn.Import;

/// <summary>Fetches the arrays a layout names from a set of named arrays, checking presence, shape and finiteness, with located diagnostics.</summary>
internal sealed class ArrayLayout(string file, Func<string, NumericArray?> lookup)
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>The file the arrays come from.</summary>
    public string File => file;

    /// <summary>The array <paramref name="name"/> if present (marked as used), else null.</summary>
    public NumericArray? Optional(string name)
    {
        var array = lookup(name);
        if (array is not null)
            _used.Add(name);
        return array;
    }

    /// <summary>The array <paramref name="name"/>, or a diagnostic that it is missing.</summary>
    public NumericArray Required(string name, string what) =>
        Optional(name) ?? throw Fail(ImportDiagnosticIds.MissingArray, name, $"missing array '{name}' ({what})");

    /// <summary>A vector of <paramref name="length"/> finite floats (any length when null).</summary>
    public double[] Vector(NumericArray array, int? length)
    {
        if (array.Shape.Length != 1 || (length is { } n && array.Shape[0] != n))
            throw Fail(ImportDiagnosticIds.WrongShape, array.Name, $"expected shape ({(length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n")},), found {array.ShapeText}");
        return Finite(array);
    }

    /// <summary>A matrix of finite floats with the given row and column counts (any when null).</summary>
    public double[] Matrix(NumericArray array, int? rows, int? columns, string meaning)
    {
        if (array.Shape.Length != 2 || (rows is { } r && array.Shape[0] != r) || (columns is { } c && array.Shape[1] != c))
        {
            string expected = $"({Text(rows)}, {Text(columns)})";
            throw Fail(ImportDiagnosticIds.WrongShape, array.Name, $"expected shape {expected} ({meaning}), found {array.ShapeText}");
        }
        return Finite(array);
    }

    /// <summary>The values of a float array, or a diagnostic at the first NaN or infinity.</summary>
    public double[] Finite(NumericArray array)
    {
        var values = array.Values.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                throw Fail(ImportDiagnosticIds.NonFinite, array.Name + array.IndexText(i), $"the parameter is {values[i]}; NaN and infinities have no place in a model");
        }
        return values.ToArray();
    }

    /// <summary>A diagnostic for the first array among <paramref name="all"/> that the layout never asked for.</summary>
    public void RejectUnused(IEnumerable<string> all, string layout)
    {
        foreach (var name in all)
        {
            if (!_used.Contains(name))
                throw Fail(ImportDiagnosticIds.UnexpectedArray, name, $"the array '{name}' is not part of the {layout} layout (another architecture?)");
        }
    }

    /// <summary>A located diagnostic about array (or array element) <paramref name="where"/>.</summary>
    public DiagnosticException Fail(string id, string where, string message) =>
        new(Diagnostic.Error(id, new SourceLocation(file, 0, 0, where), message));

    private static string Text(int? n) => n?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n";
}
