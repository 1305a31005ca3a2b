namespace BnnVerify.Bnn.Data;

/// <summary>The stable ids of data-set and training diagnostics, BNN0600–BNN0699 (documented in docs/training.md).</summary>
public static class DataDiagnosticIds
{
    /// <summary>The data file does not exist or cannot be read (or is a damaged gzip stream).</summary>
    public const string FileUnreadable = "BNN0600";

    /// <summary>The file has no header line (it is empty or blank).</summary>
    public const string EmptyFile = "BNN0601";

    /// <summary>A row has more or fewer fields than the header.</summary>
    public const string RaggedRow = "BNN0602";

    /// <summary>A quoted field is not closed, or text follows a closing quote.</summary>
    public const string BadQuoting = "BNN0603";

    /// <summary>Two header columns have the same name.</summary>
    public const string DuplicateColumn = "BNN0604";

    /// <summary>An option names a column the header does not have.</summary>
    public const string UnknownColumn = "BNN0605";

    /// <summary>A numeric, non-boolean column has no binarisation: say <c>--binarize</c> or <c>--categorical</c>.</summary>
    public const string NumericColumnNeedsTreatment = "BNN0606";

    /// <summary>A cell of a column binarised by a threshold is not a number.</summary>
    public const string NotANumber = "BNN0607";

    /// <summary>A target cell is unknown (<c>?</c> or empty): a row needs its label.</summary>
    public const string MissingTarget = "BNN0608";

    /// <summary>Two inputs or outputs get the same name after sanitising, or an output has an input's name.</summary>
    public const string NameClash = "BNN0609";

    /// <summary>With several target columns (named output bits), a target column is not boolean.</summary>
    public const string TargetNotBoolean = "BNN0610";

    /// <summary>The data cannot train a model: no rows, no feature columns, or a single class.</summary>
    public const string NothingToLearn = "BNN0611";

    /// <summary>A <c>--binarize</c> rule is not of the form <c>COLUMN&gt;=NUMBER</c> (or <c>&gt;</c>, with <c>*</c> as a wildcard).</summary>
    public const string BadBinarizeRule = "BNN0612";

    /// <summary>A column is named in two options that contradict each other (e.g. target and ignored).</summary>
    public const string ConflictingColumnOptions = "BNN0613";

    /// <summary>A training option is out of range (no epochs, a validation fraction outside [0, 1), ...).</summary>
    public const string BadTrainingOption = "BNN0614";

    /// <summary>A <c>--columns</c> pattern is malformed, or names a different number of columns than the file has.</summary>
    public const string BadColumnNames = "BNN0616";

    /// <summary>The trained model cannot be written to the output path.</summary>
    public const string OutputUnwritable = "BNN0617";

    /// <summary>The validation split left no training rows, or no validation rows when some were asked for.</summary>
    public const string SplitTooSmall = "BNN0615";
}
