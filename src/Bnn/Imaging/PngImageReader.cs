using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Files;
using StbImageSharp;

namespace BnnVerify.Bnn.Imaging;

/// <summary>The outcome of reading an image: the image, or the one diagnostic that says what is wrong.</summary>
public sealed record ImageReadResult(GreyImage? Image, Diagnostic? Error)
{
    /// <summary>True when an image was read.</summary>
    public bool Succeeded => Image is not null;
}

/// <summary>
/// Reads 8-bit grey PNG files through StbImageSharp (a maintained port of stb_image), strictly: another
/// format, colour, a bit depth other than 8, or a size other than the expected one is a diagnostic,
/// never a silent conversion, because a converted image would not be the image the user meant.
/// </summary>
public static class PngImageReader
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads the PNG at <paramref name="path"/>; with <paramref name="width"/>/<paramref name="height"/> given, another size is refused.</summary>
    public static ImageReadResult ReadFile(string path, int? width = null, int? height = null)
    {
        var contents = InputFileReader.Read(path, "the image file", ImageDiagnosticIds.FileUnreadable);
        return contents.Bytes is null ? new(null, contents.Error) : Read(contents.Bytes, path, width, height);
    }

    /// <summary>Reads a PNG from memory; <paramref name="fileName"/> is used in diagnostics only.</summary>
    public static ImageReadResult Read(byte[] bytes, string fileName, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        // stb_image also decodes JPEG, BMP, GIF, …; only PNG is lossless and exact, so only PNG is accepted.
        if (bytes.Length < Signature.Length || !bytes.AsSpan(0, Signature.Length).SequenceEqual(Signature))
            return Fail(ImageDiagnosticIds.NotPng, fileName, "not a PNG file (the PNG signature is missing)");
        ImageInfo? info;
        ImageResult decoded;
        try
        {
            using (var stream = new MemoryStream(bytes, writable: false))
                info = ImageInfo.FromStream(stream);
            if (info is null)
                return Fail(ImageDiagnosticIds.NotPng, fileName, "the PNG cannot be decoded (a damaged or truncated file)");
            decoded = ImageResult.FromMemory(bytes, ColorComponents.Grey);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException or IOException or OverflowException)
        {
            // stb_image signals a corrupt file by throwing; it is the file's fault, not ours.
            return Fail(ImageDiagnosticIds.NotPng, fileName, $"the PNG cannot be decoded: {e.Message}");
        }
        var source = info.Value;
        if (source.ColorComponents != ColorComponents.Grey)
            return Fail(ImageDiagnosticIds.NotGrey, fileName, $"the PNG has colour components {Describe(source.ColorComponents)}; expected an 8-bit grey image");
        if (source.BitsPerChannel != 8)
            return Fail(ImageDiagnosticIds.NotGrey, fileName, $"the PNG has {source.BitsPerChannel} bits per channel; expected an 8-bit grey image");
        if ((width is { } w && decoded.Width != w) || (height is { } h && decoded.Height != h))
        {
            return Fail(ImageDiagnosticIds.WrongSize, fileName,
                $"the image is {decoded.Width}×{decoded.Height} pixels; the model reads {width ?? decoded.Width}×{height ?? decoded.Height}");
        }
        if (decoded.Data is null || decoded.Data.Length != decoded.Width * decoded.Height)
            return Fail(ImageDiagnosticIds.NotPng, fileName, "the PNG cannot be decoded (its pixel data is incomplete)");
        return new(new GreyImage(decoded.Width, decoded.Height, ImmutableArray.Create(decoded.Data)), null);
    }

    private static string Describe(ColorComponents components) => components switch
    {
        ColorComponents.GreyAlpha => "grey + alpha",
        ColorComponents.RedGreenBlue => "RGB",
        ColorComponents.RedGreenBlueAlpha => "RGBA",
        _ => components.ToString(),
    };

    private static ImageReadResult Fail(string id, string fileName, string message) =>
        new(null, Diagnostic.Error(id, SourceLocation.OfFile(fileName), message));
}
