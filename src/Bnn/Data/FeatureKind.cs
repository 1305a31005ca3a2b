namespace BnnVerify.Bnn.Data;

/// <summary>How one CSV column became boolean inputs (or outputs).</summary>
public enum FeatureKind
{
    /// <summary>A boolean column (0/1, n/y, no/yes, f/t, false/true): one input named after the column.</summary>
    Boolean,

    /// <summary>A categorical column: one input per value, named <c>column_value</c>, exactly one true per known row.</summary>
    Categorical,

    /// <summary>A numeric column binarised by a threshold rule: one input named after the column.</summary>
    Threshold,

    /// <summary>The target column of an argmax model: its values are the classes.</summary>
    TargetClasses,

    /// <summary>One of several boolean target columns: a named output bit.</summary>
    TargetBit,

    /// <summary>A column left out by <c>--ignore</c>.</summary>
    Ignored,
}
