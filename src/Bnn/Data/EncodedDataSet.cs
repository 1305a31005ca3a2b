using System.Collections.Immutable;

namespace BnnVerify.Bnn.Data;

/// <summary>
/// A data set in the form a BNN sees it: every row is a vector of named booleans, and its label is a
/// class index (argmax) or a vector of named output bits (multi-label).
/// </summary>
public sealed class EncodedDataSet
{
    private readonly bool[] _inputs;
    private readonly int[] _classes;
    private readonly bool[] _bits;
    private readonly int[] _lines;

    /// <summary>
    /// Builds a data set; <paramref name="inputs"/> is row-major (<c>row * InputCount + i</c>), and exactly one of
    /// <paramref name="classes"/> (one per row) and <paramref name="bits"/> (row-major, one per output) is non-empty.
    /// </summary>
    public EncodedDataSet(string source, ImmutableArray<string> inputNames, ImmutableArray<string> outputNames, bool multiLabel,
        bool[] inputs, int[] classes, bool[] bits, int[] lines, ImmutableArray<FeatureColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(bits);
        ArgumentNullException.ThrowIfNull(lines);
        int rows = lines.Length;
        if (inputs.Length != rows * inputNames.Length)
            throw new ArgumentException($"expected {rows}×{inputNames.Length} input values, got {inputs.Length}", nameof(inputs));
        if (multiLabel ? bits.Length != rows * outputNames.Length || classes.Length != 0 : classes.Length != rows || bits.Length != 0)
            throw new ArgumentException("labels do not match the rows and outputs", multiLabel ? nameof(bits) : nameof(classes));
        Source = source;
        InputNames = inputNames;
        OutputNames = outputNames;
        IsMultiLabel = multiLabel;
        _inputs = inputs;
        _classes = classes;
        _bits = bits;
        _lines = lines;
        Columns = columns;
    }

    /// <summary>Where the data came from (the path as the user gave it).</summary>
    public string Source { get; }

    /// <summary>The boolean inputs, in order.</summary>
    public ImmutableArray<string> InputNames { get; }

    /// <summary>The class names (argmax) or output bit names (multi-label).</summary>
    public ImmutableArray<string> OutputNames { get; }

    /// <summary>True for named output bits, false for an argmax over classes.</summary>
    public bool IsMultiLabel { get; }

    /// <summary>How each CSV column was encoded.</summary>
    public ImmutableArray<FeatureColumn> Columns { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => _lines.Length;

    /// <summary>Number of inputs per row.</summary>
    public int InputCount => InputNames.Length;

    /// <summary>Number of classes or output bits.</summary>
    public int OutputCount => OutputNames.Length;

    /// <summary>Row <paramref name="row"/>'s inputs (true = +1).</summary>
    public ReadOnlySpan<bool> Inputs(int row) => _inputs.AsSpan(row * InputCount, InputCount);

    /// <summary>Row <paramref name="row"/>'s class index (argmax data sets only).</summary>
    public int Class(int row) => _classes[row];

    /// <summary>Row <paramref name="row"/>'s output bits (multi-label data sets only).</summary>
    public ReadOnlySpan<bool> Bits(int row) => _bits.AsSpan(row * OutputCount, OutputCount);

    /// <summary>The 1-based line of the CSV file the row came from.</summary>
    public int Line(int row) => _lines[row];
}
