using System.Collections.Immutable;
using System.Globalization;
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

    /// <summary>Diagnostic id for bytes that are not UTF-8.</summary>
    public const string InvalidUtf8Id = "BNN0117";

    /// <summary>Diagnostic id for objects and arrays nested deeper than <see cref="MaxDepth"/>.</summary>
    public const string TooDeepId = "BNN0118";

    /// <summary>Diagnostic id for a string whose escapes do not form Unicode text (a lone surrogate such as <c>\ud800</c>).</summary>
    public const string InvalidStringId = "BNN0119";

    /// <summary>
    /// The one nesting limit for JSON files (the whole file, metadata included; the document itself is depth 1).
    /// A model needs five levels; the limit keeps recursion and System.Text.Json's own limit (64) out of reach.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>Parses <paramref name="utf8"/>; on failure throws <see cref="DiagnosticException"/> located in <paramref name="fileName"/>.</summary>
    public static JsonTree Read(ReadOnlySpan<byte> utf8, string fileName)
    {
        // A UTF-8 byte order mark is legal at the start of a file but not JSON; skip it.
        if (utf8.StartsWith("\uFEFF"u8))
            utf8 = utf8[3..];
        var lines = new LineMap(utf8);
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
            throw new DiagnosticException(Diagnostic.Error(InvalidJsonId, new SourceLocation(fileName, 1, 1), "the file is empty; expected a JSON object"));
        RejectInvalidUtf8(utf8, lines, fileName);
        // One level of slack, so that our located BNN0118 always fires before the reader's own depth error.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth + 1 });
        try
        {
            reader.Read();
            var tree = ReadValue(ref reader, utf8, lines, fileName, "$", 1);
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

    private static JsonTree ReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, LineMap lines, string fileName, string path, int depth)
    {
        int start = (int)reader.TokenStartIndex;
        var (line, column) = lines.Locate(utf8, start);
        if (depth > MaxDepth && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            throw new DiagnosticException(Diagnostic.Error(TooDeepId, new SourceLocation(fileName, line, column, path),
                $"objects and arrays are nested more than {MaxDepth} deep here; bnnverify reads JSON files nested at most {MaxDepth} deep"));
        }
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
                    string key = GetString(ref reader, utf8, lines, fileName, path);
                    if (!seen.Add(key))
                    {
                        var (keyLine, keyColumn) = lines.Locate(utf8, (int)reader.TokenStartIndex);
                        throw new DiagnosticException(Diagnostic.Error(DuplicateKeyId, new SourceLocation(fileName, keyLine, keyColumn, path),
                            $"the key '{key}' occurs twice in this object"));
                    }
                    reader.Read();
                    members.Add(new(key, ReadValue(ref reader, utf8, lines, fileName, MemberPath(path, key), depth + 1)));
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
                    items.Add(ReadValue(ref reader, utf8, lines, fileName, $"{path}[{items.Count}]", depth + 1));
                }
                return new JsonTreeArray(line, column, path, items.ToImmutable());
            }
            case JsonTokenType.Number:
                return new JsonTreeNumber(line, column, path, Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.String:
                return new JsonTreeString(line, column, path, GetString(ref reader, utf8, lines, fileName, path));
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

    private static string GetString(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, LineMap lines, string fileName, string path)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // The bytes are valid UTF-8 (checked first), so what fails is an escape: a lone UTF-16 surrogate.
            var (line, column) = lines.Locate(utf8, (int)reader.TokenStartIndex);
            throw new DiagnosticException(Diagnostic.Error(InvalidStringId, new SourceLocation(fileName, line, column, path),
                "this string's escapes are not Unicode text: a \\uD800–\\uDFFF escape must be half of a surrogate pair"));
        }
    }

    private static void RejectInvalidUtf8(ReadOnlySpan<byte> utf8, LineMap lines, string fileName)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8))
            return;
        int offset = 0;
        while (System.Text.Rune.DecodeFromUtf8(utf8[offset..], out _, out int consumed) == System.Buffers.OperationStatus.Done)
            offset += consumed;
        var (line, column) = lines.Locate(utf8, offset);
        throw new DiagnosticException(Diagnostic.Error(InvalidUtf8Id, new SourceLocation(fileName, line, column),
            string.Create(CultureInfo.InvariantCulture, $"the file is not UTF-8 text: byte {offset} (0x{utf8[offset]:X2}) does not begin a valid UTF-8 sequence; save the file as UTF-8")));
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

    /// <summary>
    /// Byte offsets of line starts, to turn byte offsets into 1-based line and character column. Values are located
    /// in file order, so the map remembers the last answer and counts on from it: a minified one-line file of n values
    /// costs O(n), not O(n²) as counting from the start of the line each time did.
    /// </summary>
    private sealed class LineMap
    {
        private readonly List<int> _lineStarts = [0];
        private int _lastLine;
        private int _lastOffset;
        private int _lastCharacters;

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
            bool onLastLine = offset >= _lastOffset && (_lastLine + 1 >= _lineStarts.Count || offset < _lineStarts[_lastLine + 1]);
            if (!onLastLine)
            {
                int index = _lineStarts.BinarySearch(offset);
                _lastLine = index < 0 ? ~index - 1 : index;
                _lastOffset = _lineStarts[_lastLine];
                _lastCharacters = 0;
            }
            _lastCharacters += CountCharacters(utf8, _lastOffset, offset);
            _lastOffset = offset;
            return (_lastLine + 1, _lastCharacters + 1);
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
