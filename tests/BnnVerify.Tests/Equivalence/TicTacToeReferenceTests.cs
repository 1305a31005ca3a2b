using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Tests.Reference;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Equivalence;

namespace BnnVerify.Tests.Equivalence;

/// <summary>
/// The counts <c>equiv</c> reports against the tic-tac-toe references equal counts computed here from the test suite's
/// independent implementation of the game (<see cref="IndependentTicTacToe"/>: string boards, lines from geometry,
/// positions from a game-tree search) and the network evaluated directly on the packed engine.
/// </summary>
public class TicTacToeReferenceTests
{
    [Fact]
    public void Against_the_winner_check_the_count_over_all_inputs_is_the_independent_count()
    {
        var model = ModelReader.ReadFile(Path.Combine(RepositoryRoot.Path, "models", "tictactoe-winner.json")).Model!;
        var network = PackedNetwork.Compile(model);
        int player = model.Output.Names.IndexOf("player_line"), opponent = model.Output.Names.IndexOf("opponent_line");
        // Whether a side's pieces, as a 9-bit cell mask, hold a line: from the independent game, once per mask.
        var holdsLine = new bool[512];
        for (int mask = 0; mask < 512; mask++)
            holdsLine[mask] = IndependentTicTacToe.LineHolder(new string([.. Enumerable.Range(0, 9).Select(c => ((mask >> c) & 1) != 0 ? 'x' : '.')])) != '.';
        var maskOf = model.InputNames.Select(name => (Mine: name[0] == 'a', Bit: 1 << (name[1] - '0'))).ToArray();
        const int Batch = 4096;
        var workspace = network.CreateBatchWorkspace(Batch);
        var packed = new ulong[Batch];
        var outputs = new ulong[Batch];
        long expected = 0;
        for (int start = 0; start < 1 << 18; start += Batch)
        {
            for (int k = 0; k < Batch; k++)
                packed[k] = (ulong)(start + k);
            network.EvaluateBatch(packed, Batch, outputs, workspace);
            for (int k = 0; k < Batch; k++)
            {
                int code = start + k, mine = 0, theirs = 0;
                for (int i = 0; i < 18; i++)
                {
                    if (((code >> i) & 1) != 0 && maskOf[i].Mine)
                        mine |= maskOf[i].Bit;
                    else if (((code >> i) & 1) != 0)
                        theirs |= maskOf[i].Bit;
                }
                // Each side's pieces alone: overlapping pieces do not hide a line.
                bool playerBit = ((outputs[k] >> player) & 1) != 0, opponentBit = ((outputs[k] >> opponent) & 1) != 0;
                if (playerBit != holdsLine[mine] || opponentBit != holdsLine[theirs])
                    expected++;
            }
        }
        var result = Compare("tictactoe-winner", "tictactoe:winner", Formulas.True);
        Assert.Equal(EquivalenceVerdict.Differ, result.Verdict);
        Assert.Equal(1L << 18, result.InputsInDomain);
        Assert.Equal(expected, result.DifferenceCount);
    }

    [Fact]
    public void Against_any_perfect_move_the_count_is_the_positions_where_the_network_changes_the_game_value()
    {
        var model = ModelReader.ReadFile(Path.Combine(RepositoryRoot.Path, "models", "tictactoe-move.json")).Model!;
        var network = PackedNetwork.Compile(model);
        var values = new Dictionary<string, int>();
        long expected = 0, positions = 0;
        foreach (var board in IndependentTicTacToe.ReachablePositions)
        {
            if (IndependentTicTacToe.IsOver(board) || IndependentTicTacToe.Mover(board) != 'o')
                continue;
            positions++;
            var inputs = model.InputNames.Select(name => board[name[1] - '0'] == (name[0] == 'a' ? 'o' : 'x')).ToArray();
            int cell = model.Output.Names[network.Evaluate(inputs).Class][4] - '0';
            int best = board.Select((c, i) => (c, i)).Where(p => p.c == '.').Max(p => -Value(Play(board, p.i), values));
            if (board[cell] != '.' || -Value(Play(board, cell), values) != best)
                expected++;
        }
        Assert.Equal(2097, positions);
        var result = Compare("tictactoe-move", "tictactoe:perfect", Domain("tictactoe-move", "agrees_with_the_rule_based_player"));
        Assert.Equal(positions, result.InputsInDomain);
        Assert.Equal(expected, result.DifferenceCount);
    }

    private static EquivalenceResult Compare(string modelName, string referenceName, Formula domain)
    {
        var model = ModelReader.ReadFile(Path.Combine(RepositoryRoot.Path, "models", modelName + ".json")).Model!;
        var space = OutputSpace.Of(model, out _)!;
        using var reference = TicTacToeReference.Create(referenceName, space, out string? problem);
        Assert.True(reference is not null, problem);
        return ExhaustiveEquivalence.Compare(PackedNetwork.Compile(model), reference, domain, new ExhaustiveOptions(1 << 20, 1), CancellationToken.None);
    }

    private static Formula Domain(string modelName, string contract)
    {
        var model = ModelReader.ReadFile(Path.Combine(RepositoryRoot.Path, "models", modelName + ".json")).Model!;
        var spec = SpecLoader.Load(Path.Combine(RepositoryRoot.Path, "specs", modelName + ".contract"), model).Spec!;
        return spec.Contracts.Single(c => c.Name == contract).Precondition;
    }

    private static string Play(string board, int cell)
    {
        var next = board.ToCharArray();
        next[cell] = IndependentTicTacToe.Mover(board);
        return new string(next);
    }

    // The game's value for the side to move under best play: 1 win, 0 draw, −1 loss.
    private static int Value(string board, Dictionary<string, int> memo)
    {
        if (memo.TryGetValue(board, out int known))
            return known;
        int value;
        if (IndependentTicTacToe.LineHolder(board) != '.')
            value = -1; // the side that just moved made the line
        else if (!board.Contains('.', StringComparison.Ordinal))
            value = 0;
        else
            value = board.Select((c, i) => (c, i)).Where(p => p.c == '.').Max(p => -Value(Play(board, p.i), memo));
        memo[board] = value;
        return value;
    }
}
