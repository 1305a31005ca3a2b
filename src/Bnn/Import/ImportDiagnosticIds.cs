namespace BnnVerify.Bnn.Import;

/// <summary>The stable ids of importer diagnostics (documented in docs/model-format.md); every one means exit code 2.</summary>
public static class ImportDiagnosticIds
{
    /// <summary>The file or directory to import does not exist or cannot be read.</summary>
    public const string Unreadable = "BNN0700";

    /// <summary>The file is not a zip archive of .npy arrays (an .npz).</summary>
    public const string NotNpz = "BNN0701";

    /// <summary>An .npy member is malformed or of an unsupported kind (dtype, byte order, Fortran order, size).</summary>
    public const string BadArray = "BNN0702";

    /// <summary>An array (or CSV file) the layout needs is missing.</summary>
    public const string MissingArray = "BNN0703";

    /// <summary>An array the layout does not define: probably another architecture.</summary>
    public const string UnexpectedArray = "BNN0704";

    /// <summary>An array of the wrong shape (sizes that do not chain, a matrix where a vector belongs, …).</summary>
    public const string WrongShape = "BNN0705";

    /// <summary>A parameter that is NaN or infinite.</summary>
    public const string NonFinite = "BNN0706";

    /// <summary>A network the model format cannot represent exactly (a value exactly 0 before sign, ties rounding creates, …).</summary>
    public const string NotRepresentable = "BNN0707";

    /// <summary>A CSV file that is not a table of numbers.</summary>
    public const string BadCsv = "BNN0708";

    /// <summary>An import option that does not fit the network (image size, weight orientation).</summary>
    public const string BadOption = "BNN0709";

    /// <summary>A batch-norm variance (+ ε) that is not positive.</summary>
    public const string NonPositiveVariance = "BNN0710";
}
