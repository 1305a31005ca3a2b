using BnnVerify.Bnn.Engine;
using BnnVerify.Verifier.Reference.TicTacToe;

namespace BnnVerify.Verifier.Equivalence;

/// <summary>
/// The handwritten tic-tac-toe code of <c>src/Verifier/Reference/TicTacToe</c> as references. The network's inputs are
/// found by name as the data sets and specs name them: <c>a0..a8</c> the pieces of the side the network plays for,
/// <c>h0..h8</c> the opponent's. Players answer with the class <c>move0..move8</c> of the cell they play; the winner
/// check answers the bits <c>player_line</c> (the a side holds a line) and <c>opponent_line</c>.
/// </summary>
internal sealed class TicTacToeReference : IEquivalenceReference, IAcceptsAlternatives
{
    /// <summary>The prefix of these references' names.</summary>
    public const string Prefix = "tictactoe:";

    private enum Kind
    {
        RulePlayer,
        Minimax,
        Perfect,
        Winner,
    }

    /// <summary>Every name with what it computes, for <c>equiv --list-references</c>.</summary>
    public static IReadOnlyList<(string Name, string Description)> Catalogue { get; } =
    [
        (Prefix + "rule-player", "the rule-based player of BackMountainDevil/TicTacToe: first cell completing a line for either side, else centre, corners, edges; classes move0..move8; no answer once a side has a line or the board is full"),
        (Prefix + "minimax", "the perfect minimax player (lowest cell among the best moves) for the side to move on a legal board; classes move0..move8; no answer on illegal or finished positions"),
        (Prefix + "perfect", "any perfect move: like minimax, but a network that plays another cell keeping the game's value (win, draw or loss) agrees with it"),
        (Prefix + "winner", "which role holds three in a line; bits player_line (a0..a8) and opponent_line (h0..h8); answers every input"),
    ];

    // An array, not the IReadOnlyList: enumerating an interface allocates, twice per input of the winner check.
    private static readonly Line[] Lines = [.. WinningLines.All];

    private readonly Kind _kind;
    private readonly int[] _player = new int[Board.CellCount];
    private readonly int[] _opponent = new int[Board.CellCount];
    private readonly int[] _moveClass = new int[Board.CellCount];
    private int _playerLineBit, _opponentLineBit;

    private TicTacToeReference(string name, Kind kind)
    {
        Name = name;
        _kind = kind;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool IsThreadSafe => true;

    /// <inheritdoc/>
    public int PreferredBatchSize => 256;

    /// <summary>The reference called <paramref name="name"/> mapped onto <paramref name="space"/>'s model, or null with a message.</summary>
    public static TicTacToeReference? Create(string name, OutputSpace space, out string? problem)
    {
        problem = null;
        Kind? kind = name switch
        {
            Prefix + "rule-player" => Kind.RulePlayer,
            Prefix + "minimax" => Kind.Minimax,
            Prefix + "perfect" => Kind.Perfect,
            Prefix + "winner" => Kind.Winner,
            _ => null,
        };
        if (kind is null)
        {
            problem = $"unknown reference '{name}'{Inputs.NameSuggestions.DidYouMean(name, Catalogue.Select(c => c.Name))} ('bnnverify equiv --list-references' lists them)";
            return null;
        }
        var reference = new TicTacToeReference(name, kind.Value);
        var model = space.Model;
        var inputs = model.InputNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        for (int cell = 0; cell < Board.CellCount; cell++)
        {
            if (!inputs.TryGetValue($"a{cell}", out reference._player[cell]) || !inputs.TryGetValue($"h{cell}", out reference._opponent[cell]))
            {
                problem = $"reference {name} needs the inputs a0..a8 (the network's pieces) and h0..h8 (the opponent's); the model has no input 'a{cell}' or 'h{cell}'";
                return null;
            }
        }
        if (model.InputCount != RoleView.InputCount)
        {
            problem = $"reference {name} reads only a0..a8 and h0..h8; the model has {model.InputCount - RoleView.InputCount} other inputs";
            return null;
        }
        if (kind == Kind.Winner)
        {
            reference._playerLineBit = space.IndexOf("player_line");
            reference._opponentLineBit = space.IndexOf("opponent_line");
            if (space.IsArgmax || reference._playerLineBit < 0 || reference._opponentLineBit < 0 || space.Names.Length != 2)
            {
                problem = $"reference {name} answers the two output bits player_line and opponent_line; the model's outputs are {string.Join(", ", space.Names)}";
                return null;
            }
            return reference;
        }
        for (int cell = 0; cell < Board.CellCount; cell++)
        {
            reference._moveClass[cell] = space.IsArgmax ? space.IndexOf($"move{cell}") : -1;
            if (reference._moveClass[cell] < 0)
            {
                problem = $"reference {name} answers a class move0..move8 (the cell played); the model's outputs are {string.Join(", ", space.Names)}";
                return null;
            }
        }
        return reference;
    }

    /// <inheritdoc/>
    public void Answer(ReadOnlySpan<ulong> inputs, int count, Span<ulong> answers, bool isLast, CancellationToken cancellation)
    {
        int words = inputs.Length / Math.Max(1, count);
        Span<bool> mine = stackalloc bool[Board.CellCount];
        Span<bool> theirs = stackalloc bool[Board.CellCount];
        for (int item = 0; item < count; item++)
        {
            var input = inputs.Slice(item * words, words);
            for (int cell = 0; cell < Board.CellCount; cell++)
            {
                mine[cell] = Bit(input, _player[cell]);
                theirs[cell] = Bit(input, _opponent[cell]);
            }
            answers[item] = _kind switch
            {
                Kind.Winner => (HasLine(mine) ? 1UL << _playerLineBit : 0) | (HasLine(theirs) ? 1UL << _opponentLineBit : 0),
                Kind.RulePlayer => (ulong)_moveClass[RuleMove(mine, theirs)],
                _ => (ulong)_moveClass[MinimaxMove(mine, theirs)],
            };
        }
    }

    /// <summary>For <c>tictactoe:perfect</c>: whether the class <paramref name="answer"/> plays a cell that keeps the value minimax's own choice has.</summary>
    public bool Accepts(ReadOnlySpan<ulong> input, ulong answer)
    {
        if (_kind != Kind.Perfect)
            return false;
        int cell = Array.IndexOf(_moveClass, (int)answer);
        if (cell < 0)
            return false;
        Span<bool> mine = stackalloc bool[Board.CellCount];
        Span<bool> theirs = stackalloc bool[Board.CellCount];
        for (int c = 0; c < Board.CellCount; c++)
        {
            mine[c] = Bit(input, _player[c]);
            theirs[c] = Bit(input, _opponent[c]);
        }
        var board = LegalBoard(mine, theirs);
        if (board[cell] != Mark.Empty)
            return false;
        int best = -MinimaxPlayer.Score(GameRules.Play(board, MinimaxPlayer.ChooseMove(board)));
        // Perfect play keeps the game's value (win, draw or loss); a slower win is still a win.
        return Math.Sign(-MinimaxPlayer.Score(GameRules.Play(board, cell))) == Math.Sign(best);
    }

    /// <inheritdoc/>
    public NetworkOutput? Explain(ReadOnlySpan<bool> inputs) => null;

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private int RuleMove(ReadOnlySpan<bool> mine, ReadOnlySpan<bool> theirs)
    {
        var view = View(mine, theirs);
        if (view.PlayerHasLine() || view.OpponentHasLine() || Enumerable.Range(0, Board.CellCount).All(c => !view.IsEmpty(c)))
            throw new ReferenceFailedException($"{Name} has no move on {view} (a = the network's pieces, h = the opponent's): the game is over; restrict the domain, e.g. --domain specs/tictactoe-move.contract:agrees_with_the_rule_based_player");
        return RuleBasedPlayer.ChooseMove(view);
    }

    private int MinimaxMove(ReadOnlySpan<bool> mine, ReadOnlySpan<bool> theirs) => MinimaxPlayer.ChooseMove(LegalBoard(mine, theirs));

    private Board LegalBoard(ReadOnlySpan<bool> mine, ReadOnlySpan<bool> theirs)
    {
        var view = View(mine, theirs);
        int own = Count(mine), other = Count(theirs);
        // The network plays the side to move: X (first) when the counts are equal, O when X has one more piece.
        Side? side = own == other ? Side.X : other == own + 1 ? Side.O : null;
        var board = side is { } s ? view.ToBoard(s) : null;
        if (board is null || !GameRules.IsLegal(board) || GameRules.IsTerminal(board))
            throw new ReferenceFailedException($"{Name} has no move on {view} (a = the network's pieces, h = the opponent's): not a legal unfinished position with the a side to move; restrict the domain, e.g. --domain specs/tictactoe-move.contract:agrees_with_the_rule_based_player");
        return board;
    }

    private RoleView View(ReadOnlySpan<bool> mine, ReadOnlySpan<bool> theirs)
    {
        var inputs = new bool[RoleView.InputCount];
        for (int cell = 0; cell < Board.CellCount; cell++)
        {
            if (mine[cell] && theirs[cell])
                throw new ReferenceFailedException($"{Name} has no move when a cell holds both sides' pieces (a{cell} and h{cell} are both set); restrict the domain, e.g. --domain specs/tictactoe-move.contract:agrees_with_the_rule_based_player");
            inputs[cell] = mine[cell];
            inputs[Board.CellCount + cell] = theirs[cell];
        }
        return RoleView.FromInputs(inputs);
    }

    private static bool HasLine(ReadOnlySpan<bool> pieces)
    {
        foreach (Line line in Lines)
        {
            if (pieces[line.First] && pieces[line.Second] && pieces[line.Third])
                return true;
        }
        return false;
    }

    private static int Count(ReadOnlySpan<bool> pieces)
    {
        int count = 0;
        foreach (bool piece in pieces)
            count += piece ? 1 : 0;
        return count;
    }

    private static bool Bit(ReadOnlySpan<ulong> input, int index) => ((input[index >> 6] >> (index & 63)) & 1) != 0;
}
