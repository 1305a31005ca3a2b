namespace BnnVerify.Bnn.Data;

/// <summary>
/// How an unknown cell (<c>?</c> or empty) of a feature column becomes inputs. In every treatment the
/// column's ordinary inputs are all false for that row (a boolean reads as "no", a one-hot group has no
/// value set, a threshold is not reached); the treatments differ in whether the fact "unknown" is kept.
/// </summary>
public enum UnknownValueTreatment
{
    /// <summary>
    /// A column with at least one unknown cell gets one more boolean input, <c>column_unknown</c>, true
    /// exactly on those rows. The default: nothing is lost (an abstention in a vote is information).
    /// </summary>
    Indicator,

    /// <summary>No extra input: an unknown cell only makes the column's inputs false.</summary>
    AllFalse,
}
