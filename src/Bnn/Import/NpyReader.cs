using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Bnn.Import;

/// <summary>
/// Reads one numpy <c>.npy</c> array (format versions 1–3), strictly: little-endian (or single-byte)
/// floats, integers and booleans in C order only. Anything else — big-endian data, Fortran order,
/// object arrays, a header that is not the documented dictionary, a data size that does not match the
/// shape — is a diagnostic naming the array, not a guess.
/// </summary>
public static class NpyReader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads <paramref name="bytes"/> as an .npy array; diagnostics name <paramref name="file"/> and <paramref name="name"/> (the member).</summary>
    public static NumericArray Read(ReadOnlySpan<byte> bytes, string file, string name)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw Fail(file, name, "not a .npy array (the \\x93NUMPY signature is missing)");
        int major = bytes[6];
        int headerLength, headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
                headerStart = 10;
                break;
            case 2 or 3 when bytes.Length >= 12:
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
                if (length > int.MaxValue)
                    throw Fail(file, name, "the .npy header is implausibly long");
                headerLength = (int)length;
                headerStart = 12;
                break;
            default:
                throw Fail(file, name, $"unsupported .npy format version {major}.{bytes[7]}; versions 1 to 3 are read");
        }
        if ((long)headerStart + headerLength > bytes.Length)
            throw Fail(file, name, "the .npy header is cut off");
        string header;
        try
        {
            // Version 3 allows UTF-8; versions 1 and 2 promise Latin-1 but write ASCII in practice.
            header = new UTF8Encoding(false, true).GetString(bytes.Slice(headerStart, headerLength));
        }
        catch (DecoderFallbackException)
        {
            throw Fail(file, name, "the .npy header is not text");
        }
        var (descr, fortranOrder, shape) = ParseHeader(header, file, name);
        if (fortranOrder)
            throw Fail(file, name, "the array is in Fortran order; only C order is read (save it with numpy.ascontiguousarray)");
        var (type, size, read) = ElementReader(descr, file, name);
        long count = 1;
        foreach (int dimension in shape)
        {
            count *= dimension;
            if (count > int.MaxValue / 8)
                throw Fail(file, name, $"the array of shape {ShapeText(shape)} is too large");
        }
        var data = bytes[(headerStart + headerLength)..];
        if (data.Length != count * size)
            throw Fail(file, name, $"shape {ShapeText(shape)} of '{descr}' needs {count * size} bytes of data, the file has {data.Length}");
        var values = new double[count];
        for (int i = 0; i < values.Length; i++)
            values[i] = read(data.Slice(i * size, size));
        return new NumericArray(name, shape, type, ImmutableArray.Create(values));
    }

    private delegate double ElementRead(ReadOnlySpan<byte> bytes);

    private static (NumericElementType Type, int Size, ElementRead Read) ElementReader(string descr, string file, string name)
    {
        // '<' little-endian, '|' not applicable (one byte), '=' native (little-endian on every machine .NET runs here).
        if (descr.Length >= 3 && descr[0] is '<' or '|' or '=' && BitConverter.IsLittleEndian)
        {
            switch (descr[1..])
            {
                case "f4": return (NumericElementType.Float32, 4, b => BinaryPrimitives.ReadSingleLittleEndian(b));
                case "f8": return (NumericElementType.Float64, 8, b => BinaryPrimitives.ReadDoubleLittleEndian(b));
                case "i1": return (NumericElementType.Integer, 1, b => (sbyte)b[0]);
                case "u1": return (NumericElementType.Integer, 1, b => b[0]);
                case "b1": return (NumericElementType.Integer, 1, b => b[0] != 0 ? 1 : 0);
                case "i2": return (NumericElementType.Integer, 2, b => BinaryPrimitives.ReadInt16LittleEndian(b));
                case "u2": return (NumericElementType.Integer, 2, b => BinaryPrimitives.ReadUInt16LittleEndian(b));
                case "i4": return (NumericElementType.Integer, 4, b => BinaryPrimitives.ReadInt32LittleEndian(b));
                case "u4": return (NumericElementType.Integer, 4, b => BinaryPrimitives.ReadUInt32LittleEndian(b));
                case "i8": return (NumericElementType.Integer, 8, b => BinaryPrimitives.ReadInt64LittleEndian(b));
                case "u8": return (NumericElementType.Integer, 8, b => BinaryPrimitives.ReadUInt64LittleEndian(b));
            }
        }
        string why = descr.StartsWith('>') ? " (big-endian data is not read)" : "";
        throw Fail(file, name, $"unsupported element type '{descr}'{why}; expected little-endian float32/float64 or an integer type");
    }

    // The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (200, 784), }
    private static (string Descr, bool FortranOrder, ImmutableArray<int> Shape) ParseHeader(string header, string file, string name)
    {
        var cursor = new HeaderCursor(header.TrimEnd(' ', '\n', '\0'), file, name);
        string? descr = null;
        bool? fortran = null;
        ImmutableArray<int>? shape = null;
        cursor.Expect('{');
        while (!cursor.TryConsume('}'))
        {
            string key = cursor.ReadString();
            cursor.Expect(':');
            switch (key)
            {
                case "descr" when descr is null:
                    descr = cursor.ReadString();
                    break;
                case "fortran_order" when fortran is null:
                    fortran = cursor.ReadBoolean();
                    break;
                case "shape" when shape is null:
                    shape = cursor.ReadShape();
                    break;
                default:
                    throw Fail(file, name, $"unexpected or repeated key '{key}' in the .npy header (structured arrays are not read)");
            }
            if (!cursor.TryConsume(','))
            {
                cursor.Expect('}');
                break;
            }
        }
        cursor.ExpectEnd();
        if (descr is null || fortran is null || shape is null)
            throw Fail(file, name, "the .npy header lacks 'descr', 'fortran_order' or 'shape'");
        return (descr, fortran.Value, shape.Value);
    }

    private static string ShapeText(ImmutableArray<int> shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

    internal static DiagnosticException Fail(string file, string name, string message) =>
        new(Diagnostic.Error(ImportDiagnosticIds.BadArray, new SourceLocation(file, 0, 0, name), message));

    private sealed class HeaderCursor(string text, string file, string name)
    {
        private int _position;

        public void Expect(char c)
        {
            if (!TryConsume(c))
                throw Fail(file, name, $"malformed .npy header: expected '{c}' at offset {_position} of \"{text}\"");
        }

        public bool TryConsume(char c)
        {
            SkipSpaces();
            if (_position < text.Length && text[_position] == c)
            {
                _position++;
                return true;
            }
            return false;
        }

        public void ExpectEnd()
        {
            SkipSpaces();
            if (_position != text.Length)
                throw Fail(file, name, $"malformed .npy header: text after the dictionary in \"{text}\"");
        }

        public string ReadString()
        {
            SkipSpaces();
            if (_position >= text.Length || text[_position] is not ('\'' or '"'))
                throw Fail(file, name, $"malformed .npy header: expected a quoted string at offset {_position} of \"{text}\"");
            char quote = text[_position++];
            int end = text.IndexOf(quote, _position);
            if (end < 0)
                throw Fail(file, name, "malformed .npy header: an unterminated string");
            string value = text[_position..end];
            _position = end + 1;
            return value;
        }

        public bool ReadBoolean()
        {
            SkipSpaces();
            foreach (var (word, value) in new[] { ("True", true), ("False", false) })
            {
                if (string.CompareOrdinal(text, _position, word, 0, word.Length) == 0)
                {
                    _position += word.Length;
                    return value;
                }
            }
            throw Fail(file, name, $"malformed .npy header: expected True or False at offset {_position} of \"{text}\"");
        }

        public ImmutableArray<int> ReadShape()
        {
            Expect('(');
            var dimensions = ImmutableArray.CreateBuilder<int>();
            while (!TryConsume(')'))
            {
                SkipSpaces();
                int start = _position;
                while (_position < text.Length && char.IsAsciiDigit(text[_position]))
                    _position++;
                if (!int.TryParse(text.AsSpan(start, _position - start), NumberStyles.None, CultureInfo.InvariantCulture, out int dimension))
                    throw Fail(file, name, $"malformed .npy header: expected a dimension at offset {start} of \"{text}\"");
                dimensions.Add(dimension);
                if (!TryConsume(','))
                {
                    Expect(')');
                    break;
                }
            }
            return dimensions.ToImmutable();
        }

        private void SkipSpaces()
        {
            while (_position < text.Length && text[_position] == ' ')
                _position++;
        }
    }
}
