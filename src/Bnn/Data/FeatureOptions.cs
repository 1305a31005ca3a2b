using System.Collections.Immutable;

namespace BnnVerify.Bnn.Data;

/// <summary>
/// How CSV columns become a model's boolean inputs and outputs. Every choice that is not obvious from
/// the data is named here; the defaults are documented in docs/training.md.
/// </summary>
public sealed record FeatureOptions
{
    /// <summary>
    /// The target columns. One column: its values are the argmax classes. Several: each must be boolean
    /// and becomes a named output bit (multi-label).
    /// </summary>
    public required ImmutableArray<string> Targets { get; init; }

    /// <summary>
    /// For a file without a header line, the column names (see <see cref="ColumnNamePattern"/>); the first
    /// line is then data. Empty (the default) reads the names from the first line.
    /// </summary>
    public ImmutableArray<string> ColumnNames { get; init; } = [];

    /// <summary>Columns left out (an identifier like <c>animal</c> in the zoo data).</summary>
    public ImmutableArray<string> Ignored { get; init; } = [];

    /// <summary>Columns treated as categorical even though their values are numbers (zoo's <c>legs</c>).</summary>
    public ImmutableArray<string> Categorical { get; init; } = [];

    /// <summary>Threshold rules for numeric columns; the first rule that matches a column applies.</summary>
    public ImmutableArray<BinarizeRule> Binarize { get; init; } = [];

    /// <summary>What an unknown cell (<c>?</c> or empty) becomes.</summary>
    public UnknownValueTreatment Unknown { get; init; } = UnknownValueTreatment.Indicator;
}
