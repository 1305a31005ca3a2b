using System.Collections.Immutable;
using System.IO.Compression;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Files;

namespace BnnVerify.Bnn.Import;

/// <summary>
/// An .npz file (a zip archive of .npy arrays, as <c>numpy.savez</c> and Chainer's <c>save_npz</c> write
/// it), read whole into memory: member name without ".npy" → array.
/// </summary>
public sealed class NpzArchive
{
    private readonly Dictionary<string, NumericArray> _arrays;

    private NpzArchive(string file, Dictionary<string, NumericArray> arrays)
    {
        File = file;
        _arrays = arrays;
    }

    /// <summary>The file as the user named it.</summary>
    public string File { get; }

    /// <summary>The member names (without ".npy"), sorted.</summary>
    public ImmutableArray<string> Names => [.. _arrays.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The array called <paramref name="name"/>, or null.</summary>
    public NumericArray? this[string name] => _arrays.GetValueOrDefault(name);

    /// <summary>Reads the archive at <paramref name="path"/>; throws <see cref="DiagnosticException"/> for a bad file.</summary>
    public static NpzArchive Read(string path)
    {
        return Read(InputFileReader.Read(path, "the .npz file", ImportDiagnosticIds.Unreadable).BytesOrThrow(), path);
    }

    /// <summary>Reads an archive from memory; <paramref name="file"/> is used in diagnostics only.</summary>
    public static NpzArchive Read(byte[] bytes, string file)
    {
        var arrays = new Dictionary<string, NumericArray>(StringComparer.Ordinal);
        var limit = InputFileReader.LimitBytes();
        if (limit.Error is not null)
            throw new DiagnosticException(limit.Error);
        long decompressedBytes = 0;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                    continue;
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                    throw Fail(ImportDiagnosticIds.UnexpectedArray, file, entry.FullName, "an .npz holds only .npy arrays; this member is something else");
                string name = entry.FullName[..^4];
                // The sizes the archive declares are checked before anything is decompressed, against the limit of an
                // input file (BNN0900): a small archive can declare gigabytes.
                decompressedBytes += entry.Length;
                if (decompressedBytes > limit.Bytes)
                    throw new DiagnosticException(InputFileReader.TooLarge(file, "the .npz archive once decompressed", limit.Bytes));
                var content = new byte[entry.Length];
                using (var stream = entry.Open())
                    stream.ReadExactly(content);
                if (!arrays.TryAdd(name, NpyReader.Read(content, file, entry.FullName)))
                    throw Fail(ImportDiagnosticIds.BadArray, file, entry.FullName, "the archive holds this array twice");
            }
        }
        catch (InvalidDataException e)
        {
            throw Fail(ImportDiagnosticIds.NotNpz, file, null, $"not an .npz (zip) archive: {e.Message}");
        }
        catch (EndOfStreamException)
        {
            throw Fail(ImportDiagnosticIds.NotNpz, file, null, "the .npz archive is truncated");
        }
        return new NpzArchive(file, arrays);
    }

    private static DiagnosticException Fail(string id, string file, string? member, string message) =>
        new(Diagnostic.Error(id, new SourceLocation(file, 0, 0, member), message));
}
