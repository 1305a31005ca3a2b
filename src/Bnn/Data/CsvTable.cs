using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Bnn.Data;

/// <summary>
/// A CSV file as read: the header names and the rows of text cells, each row remembering its line
/// and each cell its column, so that later checks can point at the exact place of a mistake.
/// </summary>
public sealed class CsvTable
{
    private readonly string[][] _cells;
    private readonly int[][] _columns;
    private readonly int[] _lines;
    private readonly int[] _headerColumns;

    internal CsvTable(string path, ImmutableArray<string> header, int[] headerColumns, int headerLine, string[][] cells, int[][] columns, int[] lines)
    {
        Path = path;
        Header = header;
        _headerColumns = headerColumns;
        HeaderLine = headerLine;
        _cells = cells;
        _columns = columns;
        _lines = lines;
    }

    /// <summary>The file as the user named it, for diagnostics.</summary>
    public string Path { get; }

    /// <summary>The column names from the header line, in order.</summary>
    public ImmutableArray<string> Header { get; }

    /// <summary>The 1-based line of the header; 0 when the file has none and the names were given.</summary>
    public int HeaderLine { get; }

    /// <summary>Number of data rows (blank lines are not rows).</summary>
    public int RowCount => _cells.Length;

    /// <summary>Number of columns.</summary>
    public int ColumnCount => Header.Length;

    /// <summary>The text of row <paramref name="row"/>, column <paramref name="column"/> (unquoted, surrounding spaces trimmed).</summary>
    public string Cell(int row, int column) => _cells[row][column];

    /// <summary>The 1-based line on which row <paramref name="row"/> starts.</summary>
    public int Line(int row) => _lines[row];

    /// <summary>Where a cell is, for a diagnostic.</summary>
    public SourceLocation CellLocation(int row, int column) => new(Path, _lines[row], _columns[row][column]);

    /// <summary>Where a header name is, for a diagnostic.</summary>
    public SourceLocation HeaderLocation(int column) => new(Path, HeaderLine, _headerColumns[column]);

    /// <summary>The index of the column named <paramref name="name"/> (exact, case-sensitive), or −1.</summary>
    public int IndexOf(string name) => Header.IndexOf(name, StringComparer.Ordinal);
}
