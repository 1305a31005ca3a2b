using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Bnn.Json;

/// <summary>
/// Reads strict JSON (no comments, no trailing commas, no duplicate keys) into a <see cref="JsonTree"/>
/// whose every value knows its line, column and JSON path. Syntax errors become a located diagnostic.
/// </summary>
public static class JsonTreeReader
{
    /// <summary>Diagnostic id for text that is not JSON.</summary>
    public const string InvalidJsonId = "BNN0101";

    /// <summary>Diagnostic id for a key that occurs twice in one object.</summary>
    public const string DuplicateKeyId = "BNN0102";

    /// <summary>Parses <paramref name="utf8"/>; on failure throws <see cref="DiagnosticException"/> located in <paramref name="fileName"/>.</summary>
    public static JsonTree Read(ReadOnlySpan<byte> utf8, string fileName)
    {
        // A UTF-8 byte order mark is legal at the start of a file but not JSON; skip it.
        if (utf8.StartsWith("\uFEFF"u8))
            utf8 = utf8[3..];
        var lines = new LineMap(utf8);
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
            throw new DiagnosticException(Diagnostic.Error(InvalidJsonId, new SourceLocation(fileName, 1, 1), "the file is empty; expected a JSON object"));
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        try
        {
            reader.Read();
            var tree = ReadValue(ref reader, utf8, lines, fileName, "$");
            if (reader.Read())
            {
                var (line, column) = lines.Locate(utf8, (int)reader.TokenStartIndex);
                throw new DiagnosticException(Diagnostic.Error(InvalidJsonId, new SourceLocation(fileName, line, column), "unexpected text after the end of the JSON value"));
            }
            return tree;
        }
        catch (JsonException e)
        {
            int line = (int)(e.LineNumber ?? 0) + 1;
            int column = lines.ColumnOfByte(utf8, line, (int)(e.BytePositionInLine ?? 0));
            throw new DiagnosticException(Diagnostic.Error(InvalidJsonId, new SourceLocation(fileName, line, column), "invalid JSON: " + StripPositionSuffix(e.Message)));
        }
    }

    private static JsonTree ReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, LineMap lines, string fileName, string path)
    {
        int start = (int)reader.TokenStartIndex;
        var (line, column) = lines.Locate(utf8, start);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var members = ImmutableArray.CreateBuilder<KeyValuePair<string, JsonTree>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (true)
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.EndObject)
                        break;
                    string key = reader.GetString()!;
                    if (!seen.Add(key))
                    {
                        var (keyLine, keyColumn) = lines.Locate(utf8, (int)reader.TokenStartIndex);
                        throw new DiagnosticException(Diagnostic.Error(DuplicateKeyId, new SourceLocation(fileName, keyLine, keyColumn, path),
                            $"the key '{key}' occurs twice in this object"));
                    }
                    reader.Read();
                    members.Add(new(key, ReadValue(ref reader, utf8, lines, fileName, MemberPath(path, key))));
                }
                int end = (int)reader.TokenStartIndex + 1;
                return new JsonTreeObject(line, column, path, members.ToImmutable(), Encoding.UTF8.GetString(utf8[start..end]));
            }
            case JsonTokenType.StartArray:
            {
                var items = ImmutableArray.CreateBuilder<JsonTree>();
                while (true)
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.EndArray)
                        break;
                    items.Add(ReadValue(ref reader, utf8, lines, fileName, $"{path}[{items.Count}]"));
                }
                return new JsonTreeArray(line, column, path, items.ToImmutable());
            }
            case JsonTokenType.Number:
                return new JsonTreeNumber(line, column, path, Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.String:
                return new JsonTreeString(line, column, path, reader.GetString()!);
            case JsonTokenType.True:
                return new JsonTreeBoolean(line, column, path, true);
            case JsonTokenType.False:
                return new JsonTreeBoolean(line, column, path, false);
            case JsonTokenType.Null:
                return new JsonTreeNull(line, column, path);
            default:
                throw new DiagnosticException(Diagnostic.Error(InvalidJsonId, new SourceLocation(fileName, line, column), $"unexpected JSON token {reader.TokenType}"));
        }
    }

    private static string MemberPath(string parent, string key)
    {
        bool plain = key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_');
        foreach (char c in key)
            plain &= char.IsAsciiLetterOrDigit(c) || c == '_';
        return plain ? $"{parent}.{key}" : $"{parent}['{key.Replace("'", "\\'", StringComparison.Ordinal)}']";
    }

    // System.Text.Json appends " LineNumber: 3 | BytePositionInLine: 7." to its messages; we print our own location.
    private static string StripPositionSuffix(string message)
    {
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        string text = at >= 0 ? message[..at] : message;
        return text.TrimEnd();
    }

    /// <summary>Byte offsets of line starts, to turn byte offsets into 1-based line and character column.</summary>
    private sealed class LineMap
    {
        private readonly List<int> _lineStarts = [0];

        public LineMap(ReadOnlySpan<byte> utf8)
        {
            for (int i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n')
                    _lineStarts.Add(i + 1);
            }
        }

        public (int Line, int Column) Locate(ReadOnlySpan<byte> utf8, int offset)
        {
            int index = _lineStarts.BinarySearch(offset);
            if (index < 0)
                index = ~index - 1;
            return (index + 1, CountCharacters(utf8, _lineStarts[index], offset) + 1);
        }

        public int ColumnOfByte(ReadOnlySpan<byte> utf8, int line, int byteInLine)
        {
            if (line - 1 >= _lineStarts.Count)
                return byteInLine + 1;
            int start = _lineStarts[line - 1];
            int end = Math.Min(utf8.Length, start + byteInLine);
            return CountCharacters(utf8, start, end) + 1;
        }

        // Counts UTF-8 sequences (not continuation bytes), so that columns are characters, as editors show them.
        private static int CountCharacters(ReadOnlySpan<byte> utf8, int from, int to)
        {
            int count = 0;
            for (int i = from; i < to; i++)
            {
                if ((utf8[i] & 0xC0) != 0x80)
                    count++;
            }
            return count;
        }
    }
}
