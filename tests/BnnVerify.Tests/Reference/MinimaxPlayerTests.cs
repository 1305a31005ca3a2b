using BnnVerify.Verifier.Reference.TicTacToe;

namespace BnnVerify.Tests.Reference;

public class MinimaxPlayerTests
{
    private static IEnumerable<Board> UnfinishedPositions =>
        LegalPositions.All.Where(board => !GameRules.IsTerminal(board));

    [Theory]
    [InlineData(Side.X)]
    [InlineData(Side.O)]
    public void It_never_loses_from_the_start_against_any_sequence_of_replies(Side perfectSide)
    {
        int finishedGames = 0;
        PlayOut(Board.Empty);
        // Every reply of the opponent is explored, so many games end; none of them in a loss.
        Assert.True(finishedGames > 50, $"only {finishedGames} games were played out");

        void PlayOut(Board board)
        {
            GameOutcome outcome = GameRules.Outcome(board);
            if (outcome != GameOutcome.InProgress)
            {
                GameOutcome loss = perfectSide == Side.X ? GameOutcome.OWins : GameOutcome.XWins;
                Assert.True(outcome != loss, $"the perfect player ({perfectSide}) lost on {board}");
                finishedGames++;
                return;
            }
            if (GameRules.SideToMove(board) == perfectSide)
            {
                PlayOut(GameRules.Play(board, MinimaxPlayer.ChooseMove(board)));
                return;
            }
            foreach (int reply in GameRules.LegalMoves(board))
            {
                PlayOut(GameRules.Play(board, reply));
            }
        }
    }

    [Fact]
    public void Perfect_play_from_the_empty_board_is_a_draw()
    {
        Assert.Equal(0, MinimaxPlayer.Score(Board.Empty));
    }

    [Fact]
    public void It_takes_an_immediate_win_at_the_lowest_winning_cell()
    {
        int positionsWithAWin = 0;
        foreach (Board board in UnfinishedPositions)
        {
            Side mover = GameRules.SideToMove(board);
            var winningCells = GameRules.LegalMoves(board).Where(cell => board.Place(cell, mover).HasLine(mover)).ToList();
            if (winningCells.Count == 0)
            {
                continue;
            }
            positionsWithAWin++;
            Assert.Equal(winningCells[0], MinimaxPlayer.ChooseMove(board));
        }
        Assert.True(positionsWithAWin > 1000, $"only {positionsWithAWin} positions offered a win");
    }

    [Fact]
    public void Without_a_win_it_blocks_a_single_immediate_threat()
    {
        int threatenedPositions = 0;
        foreach (Board board in UnfinishedPositions)
        {
            Side mover = GameRules.SideToMove(board);
            IReadOnlyList<int> moves = GameRules.LegalMoves(board);
            if (moves.Any(cell => board.Place(cell, mover).HasLine(mover)))
            {
                continue;
            }
            var threats = moves.Where(cell => board.Place(cell, mover.Opponent()).HasLine(mover.Opponent())).ToList();
            // Against two threats every move loses on the next turn, so no choice is forced.
            if (threats.Count != 1)
            {
                continue;
            }
            threatenedPositions++;
            Assert.Equal(threats[0], MinimaxPlayer.ChooseMove(board));
        }
        Assert.True(threatenedPositions > 100, $"only {threatenedPositions} positions had a threat");
    }

    [Fact]
    public void It_matches_an_independent_negamax_with_the_same_tie_break_everywhere()
    {
        var memo = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string position in IndependentTicTacToe.ReachablePositions.Where(board => !IndependentTicTacToe.IsOver(board)))
        {
            Board board = Board.Parse(IndependentTicTacToe.ToParseable(position));
            int expected = BestCell(position, memo);

            Assert.Equal(expected, MinimaxPlayer.ChooseMove(board));
            Assert.Equal(Value(position, memo), MinimaxPlayer.Score(board));
        }
    }

    [Fact]
    public void It_is_deterministic()
    {
        foreach (Board board in UnfinishedPositions)
        {
            Assert.Equal(MinimaxPlayer.ChooseMove(board), MinimaxPlayer.ChooseMove(Board.FromCode(board.Code)));
        }
    }

    [Fact]
    public void It_prefers_the_faster_win()
    {
        // X wins at once at 8 (bottom row). Cell 3 (blocking O's middle row) also wins, by force, but
        // later; a player that only asked "does it win?" would take the lower cell 3.
        Board board = Board.Parse(".../.OO/XX.");

        Assert.Equal(8, MinimaxPlayer.ChooseMove(board));
        Assert.Equal(5, MinimaxPlayer.Score(board));
        Assert.True(-MinimaxPlayer.Score(GameRules.Play(board, 3)) > 0, "cell 3 should also win for X");
    }

    [Fact]
    public void Finished_games_and_illegal_boards_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MinimaxPlayer.ChooseMove(Board.Parse("XXX/OO./...")));
        Assert.Throws<ArgumentException>(() => MinimaxPlayer.Score(Board.Parse("XX./.../...")));
    }

    /// <summary>Value for the mover: a win with e empty cells left is worth e + 1, a loss the negative, a draw 0.</summary>
    private static int Value(string board, Dictionary<string, int> memo)
    {
        if (memo.TryGetValue(board, out int known))
        {
            return known;
        }
        int empty = board.Count(c => c == '.');
        int value;
        if (IndependentTicTacToe.LineHolder(board) != '.')
        {
            value = -(empty + 1);
        }
        else if (empty == 0)
        {
            value = 0;
        }
        else
        {
            value = Enumerable.Range(0, 9).Where(i => board[i] == '.').Max(i => -Value(Play(board, i), memo));
        }
        memo[board] = value;
        return value;
    }

    private static int BestCell(string board, Dictionary<string, int> memo)
    {
        var moves = Enumerable.Range(0, 9).Where(i => board[i] == '.').ToList();
        int best = moves.Max(i => -Value(Play(board, i), memo));
        return moves.First(i => -Value(Play(board, i), memo) == best);
    }

    private static string Play(string board, int cell) =>
        board[..cell] + IndependentTicTacToe.Mover(board) + board[(cell + 1)..];
}
