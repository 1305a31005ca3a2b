using System.Text;

namespace BnnVerify.Verifier.Reference.TicTacToe;

/// <summary>
/// A board seen from one side, described by role rather than by X and O: the 18 network inputs
/// <c>a0..a8</c> (the player's own pieces, "my pieces") and <c>h0..h8</c> (the opponent's pieces),
/// cell numbers as on <see cref="Board"/>. The view forgets which of X and O the player is, so
/// <see cref="ToBoard"/> must be told.
/// </summary>
public sealed class RoleView : IEquatable<RoleView>
{
    /// <summary>The number of network inputs: nine player cells then nine opponent cells.</summary>
    public const int InputCount = 2 * Board.CellCount;

    private readonly bool[] _player;
    private readonly bool[] _opponent;

    private RoleView(bool[] player, bool[] opponent)
    {
        _player = player;
        _opponent = opponent;
    }

    /// <summary>The input names in input order: <c>a0..a8</c> then <c>h0..h8</c>.</summary>
    public static IReadOnlyList<string> InputNames { get; } = CreateInputNames();

    /// <summary>The view of <paramref name="board"/> for <paramref name="player"/>: its pieces become <c>a</c>, the other side's <c>h</c>.</summary>
    public static RoleView Of(Board board, Side player)
    {
        ArgumentNullException.ThrowIfNull(board);
        Mark mine = player.ToMark();
        Mark theirs = player.Opponent().ToMark();
        var playerCells = new bool[Board.CellCount];
        var opponentCells = new bool[Board.CellCount];
        for (int cell = 0; cell < Board.CellCount; cell++)
        {
            playerCells[cell] = board[cell] == mine;
            opponentCells[cell] = board[cell] == theirs;
        }
        return new RoleView(playerCells, opponentCells);
    }

    /// <summary>The view of a legal board for the side whose turn it is (<see cref="GameRules.SideToMove"/>).</summary>
    /// <exception cref="ArgumentException">The board is not legal.</exception>
    public static RoleView ForSideToMove(Board board) => Of(board, GameRules.SideToMove(board));

    /// <summary>
    /// The view whose inputs are <paramref name="inputs"/>, in the order of <see cref="InputNames"/>.
    /// </summary>
    /// <exception cref="ArgumentException">There are not 18 inputs, or a cell holds both sides' pieces.</exception>
    public static RoleView FromInputs(IReadOnlyList<bool> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != InputCount)
        {
            throw new ArgumentException($"A role view has {InputCount} inputs (a0..a8, h0..h8), not {inputs.Count}.", nameof(inputs));
        }
        var playerCells = new bool[Board.CellCount];
        var opponentCells = new bool[Board.CellCount];
        for (int cell = 0; cell < Board.CellCount; cell++)
        {
            playerCells[cell] = inputs[cell];
            opponentCells[cell] = inputs[Board.CellCount + cell];
            if (playerCells[cell] && opponentCells[cell])
            {
                throw new ArgumentException($"Inputs a{cell} and h{cell} are both set; a cell holds at most one piece.", nameof(inputs));
            }
        }
        return new RoleView(playerCells, opponentCells);
    }

    /// <summary>Whether the player's own piece is on <paramref name="cell"/> (input <c>a</c>cell).</summary>
    public bool IsPlayerPiece(int cell) => _player[CheckCell(cell)];

    /// <summary>Whether the opponent's piece is on <paramref name="cell"/> (input <c>h</c>cell).</summary>
    public bool IsOpponentPiece(int cell) => _opponent[CheckCell(cell)];

    /// <summary>Whether <paramref name="cell"/> holds neither side's piece.</summary>
    public bool IsEmpty(int cell) => !IsPlayerPiece(cell) && !IsOpponentPiece(cell);

    /// <summary>Whether the player holds all three cells of some line.</summary>
    public bool PlayerHasLine() => HasLine(_player);

    /// <summary>Whether the opponent holds all three cells of some line.</summary>
    public bool OpponentHasLine() => HasLine(_opponent);

    /// <summary>The board this view shows when the player is <paramref name="player"/>.</summary>
    public Board ToBoard(Side player)
    {
        var cells = new Mark[Board.CellCount];
        for (int cell = 0; cell < Board.CellCount; cell++)
        {
            if (_player[cell])
            {
                cells[cell] = player.ToMark();
            }
            else if (_opponent[cell])
            {
                cells[cell] = player.Opponent().ToMark();
            }
        }
        return Board.FromCells(cells);
    }

    /// <summary>The 18 inputs in the order of <see cref="InputNames"/>.</summary>
    public IReadOnlyList<bool> ToInputs()
    {
        var inputs = new bool[InputCount];
        for (int cell = 0; cell < Board.CellCount; cell++)
        {
            inputs[cell] = _player[cell];
            inputs[Board.CellCount + cell] = _opponent[cell];
        }
        return inputs;
    }

    /// <inheritdoc/>
    public bool Equals(RoleView? other) =>
        other is not null && _player.AsSpan().SequenceEqual(other._player) && _opponent.AsSpan().SequenceEqual(other._opponent);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as RoleView);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        int hash = 0;
        for (int cell = 0; cell < Board.CellCount; cell++)
        {
            hash = hash * 3 + (_player[cell] ? 1 : _opponent[cell] ? 2 : 0);
        }
        return hash;
    }

    /// <summary>The rows separated by slashes, <c>a</c> for the player's pieces, <c>h</c> for the opponent's, '.' for empty.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(11);
        for (int cell = 0; cell < Board.CellCount; cell++)
        {
            if (cell > 0 && cell % 3 == 0)
            {
                text.Append('/');
            }
            text.Append(_player[cell] ? 'a' : _opponent[cell] ? 'h' : '.');
        }
        return text.ToString();
    }

    private static bool HasLine(bool[] pieces)
    {
        foreach (Line line in WinningLines.All)
        {
            if (pieces[line.First] && pieces[line.Second] && pieces[line.Third])
            {
                return true;
            }
        }
        return false;
    }

    private static int CheckCell(int cell)
    {
        if (cell < 0 || cell >= Board.CellCount)
        {
            throw new ArgumentOutOfRangeException(nameof(cell), cell, "Cells are numbered 0..8 row by row.");
        }
        return cell;
    }

    private static string[] CreateInputNames()
    {
        var names = new string[InputCount];
        for (int cell = 0; cell < Board.CellCount; cell++)
        {
            names[cell] = $"a{cell}";
            names[Board.CellCount + cell] = $"h{cell}";
        }
        return names;
    }
}
