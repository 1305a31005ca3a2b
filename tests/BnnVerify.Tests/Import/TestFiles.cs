using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace BnnVerify.Tests.Import;

/// <summary>Writes the small binary files the importer tests feed in: .npy arrays, .npz archives and PNGs.</summary>
internal static class TestFiles
{
    /// <summary>An .npy file: a version-1 header for <paramref name="descr"/> and <paramref name="shape"/>, then the raw data.</summary>
    public static byte[] Npy(string descr, int[] shape, byte[] data, bool fortran = false)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string header = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
        // numpy pads the header with spaces so that the data starts at a multiple of 64 bytes.
        header += new string(' ', (64 - (11 + header.Length) % 64) % 64) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange([1, 0, (byte)(header.Length & 255), (byte)(header.Length >> 8)]);
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }

    /// <summary>A little-endian float32 .npy of <paramref name="values"/> with <paramref name="shape"/>.</summary>
    public static byte[] Float32(int[] shape, params float[] values)
    {
        var data = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
        return Npy("<f4", shape, data);
    }

    /// <summary>The same array as float64 (the shape and values of a float32 .npy made by <see cref="Float32"/>).</summary>
    public static byte[] AsFloat64(byte[] float32Npy)
    {
        var array = BnnVerify.Bnn.Import.NpyReader.Read(float32Npy, "t", "t");
        var data = new byte[array.Values.Length * 8];
        for (int i = 0; i < array.Values.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), array.Values[i]);
        return Npy("<f8", [.. array.Shape], data);
    }

    /// <summary>A zip of the given members (name → content), as numpy.savez writes it.</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[] Content)> members)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in members)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(content);
            }
        }
        return stream.ToArray();
    }

    /// <summary>
    /// The arrays of a tiny Chainer bnn.BNN (4 inputs as a 2×2 image, one block of 3, 2 classes), valid as
    /// given; tests replace or remove members to make it wrong.
    /// </summary>
    public static Dictionary<string, byte[]> TinyChainer()
    {
        var members = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["input_bn/gamma.npy"] = Float32([4], 1f, 1.5f, -1f, 0.5f),
            ["input_bn/beta.npy"] = Float32([4], 0.1f, -0.2f, 0.3f, -0.05f),
            ["input_bn/avg_mean.npy"] = Float32([4], 0.5f, 0.25f, 0.5f, 0.7f),
            ["input_bn/avg_var.npy"] = Float32([4], 0.1f, 0.2f, 0.05f, 0.01f),
            ["input_bn/N.npy"] = Npy("<i8", [], new byte[8]),
            ["blocks/0/lin/W.npy"] = Float32([3, 4], 1, -1, 1, 1, -1, -1, 1, 0, 1, 1, 1, -1),
            ["blocks/0/lin/b.npy"] = Float32([3], 0.01f, -0.02f, 0.03f),
            ["blocks/0/bn/gamma.npy"] = Float32([3], 1.2f, -0.8f, 2f),
            ["blocks/0/bn/beta.npy"] = Float32([3], 0.2f, -0.1f, 0.05f),
            ["blocks/0/bn/avg_mean.npy"] = Float32([3], 0.3f, -1.1f, 0.6f),
            ["blocks/0/bn/avg_var.npy"] = Float32([3], 2f, 3f, 1.5f),
            ["blocks/0/bn/N.npy"] = Npy("<i8", [], new byte[8]),
            ["output_lin/W.npy"] = Float32([2, 3], 1, -1, 1, -1, 1, 1),
            ["output_lin/b.npy"] = Float32([2], 0.25f, -0.125f),
        };
        return members;
    }

    /// <summary>Writes <paramref name="bytes"/> to a fresh temporary file with <paramref name="extension"/> and returns its path.</summary>
    public static string Temporary(byte[] bytes, string extension)
    {
        string path = Path.Combine(Path.GetTempPath(), "bnnverify-import-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) + extension);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A PNG with the given colour type (0 grey, 2 RGB) and bit depth; pixel data all <paramref name="fill"/>.</summary>
    public static byte[] Png(int width, int height, int colourType = 0, int bitDepth = 8, byte fill = 0, Func<int, byte>? level = null)
    {
        int channels = colourType == 2 ? 3 : 1;
        int rowBytes = width * channels * bitDepth / 8;
        var raw = new byte[height * (rowBytes + 1)];
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < rowBytes; c++)
                raw[r * (rowBytes + 1) + 1 + c] = level is null ? fill : level(r * width + c);
        }
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(raw);
        var png = new List<byte>([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colourType;
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return [.. png];
    }

    private static void Chunk(List<byte> png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.AddRange(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.AddRange(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.AddRange(crc);
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
