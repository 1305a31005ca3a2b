using System.Globalization;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Bnn.Files;

/// <summary>The bytes of a user's input file, or the one diagnostic that says why it could not be read.</summary>
public sealed record InputFileContents(byte[]? Bytes, Diagnostic? Error)
{
    /// <summary>The bytes; throws the diagnostic (for readers that report through <see cref="DiagnosticException"/>).</summary>
    public byte[] BytesOrThrow() => Bytes ?? throw new DiagnosticException(Error!);

    /// <summary>The bytes decoded as text the way <c>File.ReadAllText</c> does (UTF-8 unless a byte order mark says otherwise).</summary>
    public string TextOrThrow()
    {
        using var reader = new StreamReader(new MemoryStream(BytesOrThrow()), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}

/// <summary>
/// Reads every file a user hands to bnnverify (models, specs and their includes, input vectors, counterexamples,
/// problem files, images, data) through one size limit checked while reading — a device such as /dev/zero has no
/// length to check beforehand — so that a huge or endless file is refused by name instead of exhausting memory.
/// The limit is <see cref="DefaultLimitBytes"/>; the environment variable <see cref="LimitVariable"/> changes it
/// (docs/limits.md).
/// </summary>
public static class InputFileReader
{
    /// <summary>Diagnostic id for a file larger than the limit.</summary>
    public const string TooLargeId = "BNN0900";

    /// <summary>Diagnostic id for a value of <see cref="LimitVariable"/> that is not a size.</summary>
    public const string BadLimitId = "BNN0901";

    /// <summary>The environment variable that overrides the limit: bytes, or a number with K, M or G (binary units).</summary>
    public const string LimitVariable = "BNNVERIFY_MAX_FILE_SIZE";

    /// <summary>
    /// 64 MiB: about a hundred times the bundled MNIST model; a JSON model of that size holds some twenty million
    /// weights, which the reader keeps as located values (about 150 bytes each), i.e. a few GB of memory.
    /// </summary>
    public const long DefaultLimitBytes = 64L << 20;

    private const int ChunkBytes = 1 << 16;

    /// <summary>
    /// Reads the file at <paramref name="path"/>. <paramref name="what"/> names it in messages ("the model file",
    /// "the included file 'x'"); a missing, unreadable or directory path gets <paramref name="unreadableId"/>, located at
    /// <paramref name="location"/> (default: the file itself).
    /// </summary>
    public static InputFileContents Read(string path, string what, string unreadableId, SourceLocation? location = null)
    {
        var limit = LimitBytes();
        return limit.Error is not null ? new(null, limit.Error) : Read(path, what, unreadableId, location, limit.Bytes);
    }

    /// <summary>As <see cref="Read(string, string, string, SourceLocation?)"/>, with the limit given (tests use a small one).</summary>
    internal static InputFileContents Read(string path, string what, string unreadableId, SourceLocation? location, long limitBytes)
    {
        // An empty path is named as the shell shows it, so that the diagnostic does not begin with a bare colon.
        location ??= SourceLocation.OfFile(path.Length == 0 ? "''" : path);
        if (Directory.Exists(path))
            return Unreadable(unreadableId, location, what, $"'{path}' is a directory, not a file");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            return ReadBounded(stream, path, what, limitBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            string why = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                ArgumentException when path.Length == 0 => "the path is empty",
                _ => e.Message,
            };
            return Unreadable(unreadableId, location, what, why);
        }
    }

    /// <summary>The limit in force: <see cref="DefaultLimitBytes"/>, or what <see cref="LimitVariable"/> says.</summary>
    public static (long Bytes, Diagnostic? Error) LimitBytes()
    {
        string? setting = Environment.GetEnvironmentVariable(LimitVariable);
        if (string.IsNullOrWhiteSpace(setting))
            return (DefaultLimitBytes, null);
        if (TryParseSize(setting.Trim(), out long bytes))
            return (bytes, null);
        return (0, Diagnostic.Error(BadLimitId, SourceLocation.OfFile(LimitVariable),
            $"'{setting}' is not a file size; give a positive number of bytes, optionally with K, M or G (e.g. 512M)"));
    }

    /// <summary>A size such as <c>1048576</c>, <c>512K</c>, <c>64M</c> or <c>1G</c>: positive, and at most the largest array .NET allocates.</summary>
    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        int shift = 0;
        if (text.Length > 0)
        {
            shift = char.ToUpperInvariant(text[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, _ => 0 };
            if (shift > 0)
                text = text[..^1];
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long number) || number <= 0 || number > (long)Array.MaxLength >> shift)
            return false;
        bytes = number << shift;
        return true;
    }

    /// <summary>A limit for messages: "64 MiB (67108864 bytes)".</summary>
    public static string Describe(long bytes)
    {
        string exact = bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
        foreach (var (shift, unit) in new[] { (30, "GiB"), (20, "MiB"), (10, "KiB") })
        {
            if (bytes >= 1L << shift && bytes % (1L << shift) == 0)
                return string.Create(CultureInfo.InvariantCulture, $"{bytes >> shift} {unit} ({exact})");
        }
        return exact;
    }

    private static InputFileContents ReadBounded(Stream stream, string path, string what, long limit)
    {
        // Read in chunks and stop one byte past the limit: the length of a device or pipe is unknown until its end.
        var buffer = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        while (true)
        {
            int want = (int)Math.Min(chunk.Length, limit + 1 - buffer.Length);
            int read = stream.Read(chunk, 0, want);
            if (read == 0)
                return new(buffer.ToArray(), null);
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
                return new(null, TooLarge(path, what, limit));
        }
    }

    /// <summary>
    /// Reads what <paramref name="decompressing"/> yields under the same limit as a file read from disk: a compressed
    /// file passes the limit small and could expand a thousandfold when read (a "zip bomb"). <paramref name="what"/>
    /// names the content, e.g. "the CSV file once decompressed".
    /// </summary>
    public static InputFileContents ReadDecompressed(Stream decompressing, string path, string what)
    {
        var limit = LimitBytes();
        return limit.Error is not null ? new(null, limit.Error) : ReadBounded(decompressing, path, what, limit.Bytes);
    }

    /// <summary>The diagnostic for content larger than <paramref name="limit"/> bytes (BNN0900).</summary>
    public static Diagnostic TooLarge(string path, string what, long limit) =>
        Diagnostic.Error(TooLargeId, SourceLocation.OfFile(path),
            $"{what} is larger than the limit of {Describe(limit)} for an input file; set {LimitVariable} (e.g. {LimitVariable}=1G) to read larger files");

    private static InputFileContents Unreadable(string id, SourceLocation location, string what, string why) =>
        new(null, Diagnostic.Error(id, location, $"cannot read {what}: {why}"));
}
