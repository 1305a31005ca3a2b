using System.Collections.Immutable;

namespace BnnVerify.Bnn.Data;

/// <summary>How one CSV column was encoded: its kind and the model names it produced, in order.</summary>
/// <param name="Column">The header name.</param>
/// <param name="Kind">How it was encoded.</param>
/// <param name="Names">The inputs (or classes, or output bit) it became; for a column with unknown cells under <see cref="UnknownValueTreatment.Indicator"/> the last one is <c>column_unknown</c>.</param>
/// <param name="Rule">For <see cref="FeatureKind.Threshold"/>, the rule that binarised it.</param>
public sealed record FeatureColumn(string Column, FeatureKind Kind, ImmutableArray<string> Names, BinarizeRule? Rule = null);
