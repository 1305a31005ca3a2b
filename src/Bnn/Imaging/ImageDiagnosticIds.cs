namespace BnnVerify.Bnn.Imaging;

/// <summary>The stable ids of image-file diagnostics (documented in docs/model-format.md).</summary>
public static class ImageDiagnosticIds
{
    /// <summary>The image file does not exist or cannot be read.</summary>
    public const string FileUnreadable = "BNN0720";

    /// <summary>The file is not a PNG, or the PNG cannot be decoded.</summary>
    public const string NotPng = "BNN0721";

    /// <summary>The PNG is not 8-bit grey (colour, 16-bit, a palette, transparency).</summary>
    public const string NotGrey = "BNN0722";

    /// <summary>The image's size is not the one the model reads.</summary>
    public const string WrongSize = "BNN0723";

    /// <summary>The model has no <c>inputImage</c>, so it cannot read an image.</summary>
    public const string ModelReadsNoImage = "BNN0724";
}
