namespace BnnVerify.Bnn.Json;

/// <summary>The stable ids of model-file diagnostics (documented in docs/model-format.md).</summary>
public static class ModelDiagnosticIds
{
    /// <summary>The model file does not exist or cannot be read.</summary>
    public const string FileUnreadable = "BNN0100";

    /// <summary>The file is not JSON (see <see cref="JsonTreeReader.InvalidJsonId"/>).</summary>
    public const string InvalidJson = JsonTreeReader.InvalidJsonId;

    /// <summary>An object has the same key twice (see <see cref="JsonTreeReader.DuplicateKeyId"/>).</summary>
    public const string DuplicateKey = JsonTreeReader.DuplicateKeyId;

    /// <summary>A field this format version does not define.</summary>
    public const string UnknownField = "BNN0103";

    /// <summary>A required field is absent.</summary>
    public const string MissingField = "BNN0104";

    /// <summary>A value has the wrong JSON type (a string where a number belongs, ...).</summary>
    public const string WrongType = "BNN0105";

    /// <summary>The file is not a bnnverify model, or of a version this build cannot read.</summary>
    public const string UnsupportedVersion = "BNN0106";

    /// <summary>An input, class, bit or model name is empty or not an identifier.</summary>
    public const string InvalidName = "BNN0107";

    /// <summary>A name occurs twice among the inputs and outputs.</summary>
    public const string DuplicateName = "BNN0108";

    /// <summary>Sizes do not fit: a row of the wrong length, a threshold count unlike the neuron count, ...</summary>
    public const string DimensionMismatch = "BNN0109";

    /// <summary>A weight outside what the layer's precision allows (e.g. 2 in a binary layer).</summary>
    public const string WeightOutOfRange = "BNN0110";

    /// <summary>A number that is not finite, not an integer where one is needed, or too large.</summary>
    public const string BadNumber = "BNN0111";

    /// <summary>A layer kind this version does not support (e.g. a convolution).</summary>
    public const string UnsupportedLayer = "BNN0112";

    /// <summary>Parts that contradict each other (thresholds and batch norm on one layer, scores before the last layer, ...).</summary>
    public const string InconsistentLayer = "BNN0113";

    /// <summary>The model depends on sign(0) but does not declare <c>signAtZero</c>.</summary>
    public const string SignAtZeroRequired = "BNN0114";

    /// <summary>A batch-norm variance + ε that is not positive.</summary>
    public const string NonPositiveVariance = "BNN0115";

    /// <summary>A string field with a value outside its allowed set.</summary>
    public const string BadEnumValue = "BNN0116";
}
