using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Numerics;

namespace BnnVerify.Bnn.Import;

/// <summary>A CSV file of decimal numbers read exactly: every cell a rational, every row the same length.</summary>
internal sealed class CsvMatrix
{
    private CsvMatrix(string file, ImmutableArray<ImmutableArray<Rational>> rows)
    {
        File = file;
        Rows = rows;
    }

    /// <summary>The file as the user named it.</summary>
    public string File { get; }

    /// <summary>The rows, each the same length.</summary>
    public ImmutableArray<ImmutableArray<Rational>> Rows { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => Rows.Length;

    /// <summary>Number of columns.</summary>
    public int ColumnCount => Rows.IsEmpty ? 0 : Rows[0].Length;

    /// <summary>Reads the CSV at <paramref name="path"/>; a missing file, a bad number or a ragged row is a located diagnostic.</summary>
    public static CsvMatrix Read(string path, string what)
    {
        string[] lines;
        try
        {
            lines = System.IO.File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string id = e is FileNotFoundException or DirectoryNotFoundException ? ImportDiagnosticIds.MissingArray : ImportDiagnosticIds.Unreadable;
            string why = e is FileNotFoundException or DirectoryNotFoundException ? $"missing {what}" : $"cannot read {what}: {e.Message}";
            throw new DiagnosticException(Diagnostic.Error(id, SourceLocation.OfFile(path), why));
        }
        var rows = ImmutableArray.CreateBuilder<ImmutableArray<Rational>>();
        for (int l = 0; l < lines.Length; l++)
        {
            string line = lines[l].TrimEnd('\r');
            if (line.Trim().Length == 0)
                continue;
            var cells = line.Split(',');
            var row = ImmutableArray.CreateBuilder<Rational>(cells.Length);
            int column = 1;
            foreach (var cell in cells)
            {
                string text = cell.Trim();
                if (!Rational.TryParseDecimal(text, out var value))
                {
                    string why = text.TrimStart('-', '+').ToLowerInvariant() is "nan" or "inf" or "infinity"
                        ? $"'{text}': NaN and infinities have no place in a model"
                        : $"'{text}' is not a decimal number";
                    throw new DiagnosticException(Diagnostic.Error(text.Contains("nan", StringComparison.OrdinalIgnoreCase) || text.Contains("inf", StringComparison.OrdinalIgnoreCase)
                        ? ImportDiagnosticIds.NonFinite : ImportDiagnosticIds.BadCsv, new SourceLocation(path, l + 1, column), why));
                }
                row.Add(value);
                column += cell.Length + 1;
            }
            if (rows.Count > 0 && row.Count != rows[0].Length)
                throw new DiagnosticException(Diagnostic.Error(ImportDiagnosticIds.BadCsv, new SourceLocation(path, l + 1, 1), $"this row has {row.Count} values, the first row {rows[0].Length}"));
            rows.Add(row.MoveToImmutable());
        }
        if (rows.Count == 0)
            throw new DiagnosticException(Diagnostic.Error(ImportDiagnosticIds.BadCsv, SourceLocation.OfFile(path), $"{what} is empty"));
        return new CsvMatrix(path, rows.ToImmutable());
    }

    /// <summary>The one row of a vector file, of <paramref name="length"/> values.</summary>
    public ImmutableArray<Rational> Vector(int length, string what)
    {
        if (RowCount != 1 || ColumnCount != length)
            throw new DiagnosticException(Diagnostic.Error(ImportDiagnosticIds.WrongShape, SourceLocation.OfFile(File),
                $"expected {what} as one row of {length} values, found {RowCount} row(s) of {ColumnCount}"));
        return Rows[0];
    }
}
