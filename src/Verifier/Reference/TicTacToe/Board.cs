using System.Text;

namespace BnnVerify.Verifier.Reference.TicTacToe;

/// <summary>
/// An immutable tic-tac-toe board: nine cells numbered 0..8 row by row from the top left, each
/// empty or holding an X or an O. Any arrangement can be represented; whether it can arise in a
/// game is the business of <see cref="GameRules"/>.
/// </summary>
public sealed class Board : IEquatable<Board>
{
    /// <summary>The number of cells.</summary>
    public const int CellCount = 9;

    /// <summary>The number of distinct boards, legal or not (3^9): the exclusive bound of <see cref="Code"/>.</summary>
    public const int CodeCount = 19683;

    private readonly Mark[] _cells;

    private Board(Mark[] cells)
    {
        _cells = cells;
        int code = 0;
        for (int cell = CellCount - 1; cell >= 0; cell--)
        {
            code = code * 3 + (int)cells[cell];
        }
        Code = code;
    }

    /// <summary>The board before the first move.</summary>
    public static Board Empty { get; } = new(new Mark[CellCount]);

    /// <summary>
    /// The board as a base-3 number: cell <c>i</c> contributes <c>mark × 3^i</c> with
    /// <see cref="Mark.Empty"/> = 0, <see cref="Mark.X"/> = 1, <see cref="Mark.O"/> = 2. Distinct
    /// boards have distinct codes, so the code gives a fixed order for enumerations.
    /// </summary>
    public int Code { get; }

    /// <summary>What cell <paramref name="cell"/> (0..8) holds.</summary>
    public Mark this[int cell]
    {
        get
        {
            CheckCell(cell);
            return _cells[cell];
        }
    }

    /// <summary>Whether no cell is free.</summary>
    public bool IsFull => Count(Mark.Empty) == 0;

    /// <summary>The board whose <see cref="Code"/> is <paramref name="code"/> (0 ≤ code &lt; 3^9).</summary>
    public static Board FromCode(int code)
    {
        if (code < 0 || code >= CodeCount)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, $"A board code lies in 0..{CodeCount - 1}.");
        }
        var cells = new Mark[CellCount];
        for (int cell = 0; cell < CellCount; cell++)
        {
            cells[cell] = (Mark)(code % 3);
            code /= 3;
        }
        return new Board(cells);
    }

    /// <summary>The board with the given nine cells, listed row by row.</summary>
    public static Board FromCells(IReadOnlyList<Mark> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count != CellCount)
        {
            throw new ArgumentException($"A board has {CellCount} cells, not {cells.Count}.", nameof(cells));
        }
        var copy = new Mark[CellCount];
        for (int cell = 0; cell < CellCount; cell++)
        {
            if (!Enum.IsDefined(cells[cell]))
            {
                throw new ArgumentException($"Cell {cell} holds {(int)cells[cell]}, which is not a mark.", nameof(cells));
            }
            copy[cell] = cells[cell];
        }
        return new Board(copy);
    }

    /// <summary>
    /// Reads the form <see cref="ToString"/> writes: nine characters <c>X</c>, <c>O</c> or <c>.</c>
    /// row by row; slashes may separate the rows (<c>"XO./.X./..O"</c>).
    /// </summary>
    /// <exception cref="FormatException">The text is not nine cells of that form.</exception>
    public static Board Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cells = new List<Mark>(CellCount);
        foreach (char character in text)
        {
            switch (character)
            {
                case '/':
                    break;
                case '.':
                    cells.Add(Mark.Empty);
                    break;
                case 'X':
                    cells.Add(Mark.X);
                    break;
                case 'O':
                    cells.Add(Mark.O);
                    break;
                default:
                    throw new FormatException($"Unexpected character '{character}' in board \"{text}\"; expected X, O, '.' or '/'.");
            }
        }
        if (cells.Count != CellCount)
        {
            throw new FormatException($"Board \"{text}\" has {cells.Count} cells; expected {CellCount}.");
        }
        return new Board([.. cells]);
    }

    /// <summary>How many cells hold <paramref name="mark"/>.</summary>
    public int Count(Mark mark)
    {
        int count = 0;
        for (int cell = 0; cell < CellCount; cell++)
        {
            if (_cells[cell] == mark)
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>Whether <paramref name="side"/> holds all three cells of at least one of the eight lines.</summary>
    public bool HasLine(Side side)
    {
        Mark mark = side.ToMark();
        foreach (Line line in WinningLines.All)
        {
            if (_cells[line.First] == mark && _cells[line.Second] == mark && _cells[line.Third] == mark)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// This board with <paramref name="side"/>'s piece put on the empty cell <paramref name="cell"/>.
    /// Only emptiness is checked; whose turn it is belongs to <see cref="GameRules.Play"/>.
    /// </summary>
    public Board Place(int cell, Side side)
    {
        CheckCell(cell);
        if (_cells[cell] != Mark.Empty)
        {
            throw new ArgumentException($"Cell {cell} of {this} is not empty.", nameof(cell));
        }
        var cells = (Mark[])_cells.Clone();
        cells[cell] = side.ToMark();
        return new Board(cells);
    }

    /// <inheritdoc/>
    public bool Equals(Board? other) => other is not null && other.Code == Code;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Board);

    /// <inheritdoc/>
    public override int GetHashCode() => Code;

    /// <summary>The three rows separated by slashes, X and O for pieces and '.' for empty: <c>"XO./.X./..O"</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(11);
        for (int cell = 0; cell < CellCount; cell++)
        {
            if (cell > 0 && cell % 3 == 0)
            {
                text.Append('/');
            }
            text.Append(_cells[cell] switch
            {
                Mark.X => 'X',
                Mark.O => 'O',
                _ => '.',
            });
        }
        return text.ToString();
    }

    private static void CheckCell(int cell)
    {
        if (cell < 0 || cell >= CellCount)
        {
            throw new ArgumentOutOfRangeException(nameof(cell), cell, "Cells are numbered 0..8 row by row.");
        }
    }
}
