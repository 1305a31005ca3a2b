using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Bnn.Imaging;

/// <summary>Reads the image a model with an <see cref="ImageInput"/> is to be evaluated on.</summary>
public static class ModelImage
{
    /// <summary>
    /// Reads the PNG at <paramref name="path"/> for <paramref name="model"/>: refused when the model reads no image
    /// (no <c>inputImage</c>) or the image is not 8-bit grey of the model's width × height.
    /// </summary>
    public static ImageReadResult ReadFor(BnnModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.ImageInput is not { } encoding)
        {
            return new(null, Diagnostic.Error(ImageDiagnosticIds.ModelReadsNoImage, SourceLocation.OfFile(path),
                $"model '{model.Name}' has no 'inputImage' (per-pixel thresholds), so it cannot read an image; give its inputs by name instead"));
        }
        return PngImageReader.ReadFile(path, encoding.Width, encoding.Height);
    }

    /// <summary>The model's input bits for <paramref name="image"/> through its stored per-pixel thresholds.</summary>
    public static bool[] InputBits(BnnModel model, GreyImage image)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        var encoding = model.ImageInput ?? throw new ArgumentException("the model reads no image", nameof(model));
        return encoding.Binarize(image.Levels.AsSpan());
    }
}
