using System.Collections.Immutable;
using System.IO.Compression;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Files;

namespace BnnVerify.Bnn.Data;

/// <summary>The outcome of reading a CSV file: the table, or the diagnostic that says what is wrong and where.</summary>
public sealed record CsvReadResult(CsvTable? Table, Diagnostic? Error)
{
    /// <summary>True when a table was read.</summary>
    public bool Succeeded => Table is not null;
}

/// <summary>
/// Reads comma-separated values with a header line (RFC 4180: fields may be double-quoted, a quote
/// inside a quoted field is doubled, a quoted field may span lines). Unquoted fields are trimmed of
/// spaces and tabs; blank lines are skipped. A file that starts with the gzip magic bytes is
/// decompressed first, whatever its name, so <c>digits.csv.gz</c> is read directly.
/// </summary>
public static class CsvReader
{
    /// <summary>
    /// Reads the CSV file at <paramref name="path"/>; a missing file, a bad gzip stream or a malformed row is a diagnostic.
    /// Non-empty <paramref name="columnNames"/> say that the file has no header line and name its columns.
    /// </summary>
    public static CsvReadResult ReadFile(string path, ImmutableArray<string> columnNames = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var contents = InputFileReader.Read(path, "the data file", DataDiagnosticIds.FileUnreadable);
        if (contents.Bytes is null)
            return new(null, contents.Error);
        string text;
        try
        {
            var bytes = contents.Bytes;
            if (IsGzip(bytes))
            {
                using var gzip = new GZipStream(new MemoryStream(bytes, writable: false), CompressionMode.Decompress);
                var decompressed = InputFileReader.ReadDecompressed(gzip, path, "the data file once decompressed");
                if (decompressed.Bytes is null)
                    return new(null, decompressed.Error);
                bytes = decompressed.Bytes;
            }
            using var reader = new StreamReader(new MemoryStream(bytes, writable: false), System.Text.Encoding.UTF8);
            text = reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or InvalidDataException)
        {
            string why = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            return new(null, Diagnostic.Error(DataDiagnosticIds.FileUnreadable, SourceLocation.OfFile(path), $"cannot read the data file: {why}"));
        }
        return Read(text, path, columnNames);
    }

    /// <summary>
    /// Parses CSV <paramref name="text"/>; <paramref name="path"/> is used in diagnostics only. Non-empty
    /// <paramref name="columnNames"/> say that the text has no header line and name its columns.
    /// </summary>
    public static CsvReadResult Read(string text, string path, ImmutableArray<string> columnNames = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text, path, columnNames.IsDefaultOrEmpty ? null : [.. columnNames]);
        try
        {
            return new(parser.ReadTable(), null);
        }
        catch (DiagnosticException e)
        {
            return new(null, e.Diagnostic);
        }
    }

    private static bool IsGzip(byte[] bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    /// <summary>A cursor over the text that tracks line and column.</summary>
    private sealed class Parser(string text, string path, List<string>? givenNames)
    {
        private int _position;
        private int _line = 1;
        private int _lineStart;

        public CsvTable ReadTable()
        {
            SkipBlankLines();
            if (_position >= text.Length)
                throw Fail(1, 1, DataDiagnosticIds.EmptyFile, "the file is empty: expected a header line naming the columns");
            int headerLine = givenNames is null ? _line : 0;
            var (header, headerColumns) = givenNames is null ? ReadRecord() : (givenNames, new List<int>(new int[givenNames.Count]));
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int c = 0; c < header.Count; c++)
            {
                if (seen.TryGetValue(header[c], out int first))
                    throw Fail(headerLine, headerColumns[c], DataDiagnosticIds.DuplicateColumn, $"the column name '{header[c]}' occurs twice (first as column {first + 1})");
                seen.Add(header[c], c);
            }
            var rows = new List<string[]>();
            var columns = new List<int[]>();
            var lines = new List<int>();
            while (true)
            {
                SkipBlankLines();
                if (_position >= text.Length)
                    break;
                int line = _line;
                var (cells, cellColumns) = ReadRecord();
                if (cells.Count != header.Count && givenNames is not null)
                {
                    throw Fail(line, 1, DataDiagnosticIds.BadColumnNames,
                        $"this row has {cells.Count} fields but --columns names {header.Count} columns");
                }
                if (cells.Count != header.Count)
                {
                    // Point at the first missing field's place (line end) or at the first extra field.
                    int column = cells.Count > header.Count ? cellColumns[header.Count] : cellColumns[^1] + cells[^1].Length;
                    throw Fail(line, column, DataDiagnosticIds.RaggedRow, $"this row has {cells.Count} fields but the header has {header.Count}");
                }
                rows.Add([.. cells]);
                columns.Add([.. cellColumns]);
                lines.Add(line);
            }
            return new CsvTable(path, [.. header], [.. headerColumns], headerLine, [.. rows], [.. columns], [.. lines]);
        }

        private void SkipBlankLines()
        {
            while (true)
            {
                int probe = _position;
                while (probe < text.Length && text[probe] is ' ' or '\t' or '\r')
                    probe++;
                if (probe < text.Length && text[probe] == '\n')
                {
                    _position = probe + 1;
                    _line++;
                    _lineStart = _position;
                    continue;
                }
                if (probe >= text.Length)
                    _position = probe;
                return;
            }
        }

        // Reads one record up to and including its line break; returns the fields and their 1-based columns.
        private (List<string> Cells, List<int> Columns) ReadRecord()
        {
            var cells = new List<string>();
            var columns = new List<int>();
            while (true)
            {
                while (_position < text.Length && text[_position] is ' ' or '\t')
                    _position++;
                columns.Add(_position - _lineStart + 1);
                if (_position < text.Length && text[_position] == '"')
                    cells.Add(ReadQuoted());
                else
                    cells.Add(ReadPlain());
                if (_position >= text.Length)
                    return (cells, columns);
                char c = text[_position];
                if (c == ',')
                {
                    _position++;
                    continue;
                }
                // Only a line break can end a field here (ReadPlain and ReadQuoted stop at ',' or a line break).
                if (c == '\r')
                    _position++;
                if (_position < text.Length && text[_position] == '\n')
                    _position++;
                _line++;
                _lineStart = _position;
                return (cells, columns);
            }
        }

        private string ReadPlain()
        {
            int start = _position;
            while (_position < text.Length && text[_position] is not (',' or '\n' or '\r'))
            {
                if (text[_position] == '"')
                    throw Fail(_line, _position - _lineStart + 1, DataDiagnosticIds.BadQuoting, "a quote inside an unquoted field; quote the whole field and double the quote (\"\")");
                _position++;
            }
            return text[start.._position].TrimEnd(' ', '\t');
        }

        private string ReadQuoted()
        {
            int openLine = _line, openColumn = _position - _lineStart + 1;
            _position++;
            var value = new System.Text.StringBuilder();
            while (true)
            {
                if (_position >= text.Length)
                    throw Fail(openLine, openColumn, DataDiagnosticIds.BadQuoting, "this quoted field is never closed");
                char c = text[_position++];
                if (c == '"')
                {
                    if (_position < text.Length && text[_position] == '"')
                    {
                        value.Append('"');
                        _position++;
                        continue;
                    }
                    break;
                }
                if (c == '\n')
                {
                    _line++;
                    _lineStart = _position;
                }
                value.Append(c);
            }
            while (_position < text.Length && text[_position] is ' ' or '\t')
                _position++;
            if (_position < text.Length && text[_position] is not (',' or '\n' or '\r'))
                throw Fail(_line, _position - _lineStart + 1, DataDiagnosticIds.BadQuoting, "text after a closing quote; a quote inside a quoted field is written twice (\"\")");
            return value.ToString();
        }

        private DiagnosticException Fail(int line, int column, string id, string message) =>
            new(Diagnostic.Error(id, new SourceLocation(path, line, column), message));
    }
}
