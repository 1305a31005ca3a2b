using System.Text.RegularExpressions;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Verifier.Reports.Robustness;

/// <summary>
/// Where each input sits in a picture: the model's input image (row-major), or names <c>NAME_R_C</c> (or
/// <c>NAMER_C</c>) of one family that fill a rectangle exactly, such as the digits model's <c>px_0_0 … px_7_7</c>.
/// </summary>
internal sealed partial class InputGrid
{
    private InputGrid(int rows, int columns, int[] inputByCell)
    {
        Rows = rows;
        Columns = columns;
        InputByCell = inputByCell;
    }

    /// <summary>Rows of the picture.</summary>
    public int Rows { get; }

    /// <summary>Columns of the picture.</summary>
    public int Columns { get; }

    /// <summary>The input shown in each cell (row-major).</summary>
    public int[] InputByCell { get; }

    /// <summary>The grid of <paramref name="model"/>'s inputs, or null when they do not form one.</summary>
    public static InputGrid? For(BnnModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.ImageInput is { } image)
            return new InputGrid(image.Height, image.Width, [.. Enumerable.Range(0, image.PixelCount)]);
        var cells = new List<(int Row, int Column, int Input)>();
        string? family = null;
        for (int i = 0; i < model.InputCount; i++)
        {
            var match = CellName().Match(model.InputNames[i]);
            if (!match.Success || (family is not null && family != match.Groups[1].Value))
                return null;
            family = match.Groups[1].Value;
            cells.Add((int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), i));
        }
        int rows = cells.Max(c => c.Row) + 1, columns = cells.Max(c => c.Column) + 1;
        if (rows * columns != model.InputCount || rows > 64 || columns > 64)
            return null;
        var byCell = new int[rows * columns];
        Array.Fill(byCell, -1);
        foreach (var (row, column, input) in cells)
        {
            if (byCell[(row * columns) + column] >= 0)
                return null;
            byCell[(row * columns) + column] = input;
        }
        return new InputGrid(rows, columns, byCell);
    }

    /// <summary>
    /// Draws <paramref name="input"/> against <paramref name="center"/>: <c>#</c> true, <c>.</c> false, <c>+</c> turned
    /// true, <c>-</c> turned false, one row per line with <paramref name="indent"/>.
    /// </summary>
    public void Draw(TextWriter output, IReadOnlyList<bool> center, IReadOnlyList<bool> input, string indent)
    {
        for (int r = 0; r < Rows; r++)
        {
            var line = new char[Columns * 2 - 1];
            Array.Fill(line, ' ');
            for (int c = 0; c < Columns; c++)
            {
                int i = InputByCell[(r * Columns) + c];
                line[c * 2] = center[i] == input[i] ? (input[i] ? '#' : '.') : (input[i] ? '+' : '-');
            }
            output.WriteLine(indent + new string(line));
        }
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z_]*?)_?([0-9]+)_([0-9]+)$")]
    private static partial Regex CellName();
}
