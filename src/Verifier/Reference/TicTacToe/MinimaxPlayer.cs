namespace BnnVerify.Verifier.Reference.TicTacToe;

/// <summary>
/// A perfect player: full minimax over the game tree. Among the moves with the best score it
/// plays the lowest-numbered cell, so its choice is a fixed function of the board.
/// </summary>
/// <remarks>
/// The score counts remaining empty cells, so the player prefers a faster win to a slower one and,
/// when every move loses against best play, the slowest loss. Draws score zero.
/// </remarks>
public static class MinimaxPlayer
{
    private static readonly Lazy<Dictionary<Board, int>> Scores = new(ScoreAllLegalPositions);

    /// <summary>
    /// The value of a legal board for the side to move under best play by both sides: positive when
    /// it wins, zero for a draw, negative when it loses. A game that ends in a win with <c>e</c>
    /// cells still empty is worth <c>e + 1</c> to the winner and <c>-(e + 1)</c> to the loser.
    /// </summary>
    /// <exception cref="ArgumentException">The board is not legal.</exception>
    public static int Score(Board board)
    {
        if (!GameRules.IsLegal(board))
        {
            throw new ArgumentException($"Board {board} cannot arise in a game with X moving first.", nameof(board));
        }
        return Scores.Value[board];
    }

    /// <summary>The cell the perfect player plays for the side to move: the lowest-numbered cell among the best-scoring moves.</summary>
    /// <exception cref="ArgumentException">The board is not legal or the game on it is over.</exception>
    public static int ChooseMove(Board board)
    {
        IReadOnlyList<int> moves = GameRules.LegalMoves(board);
        if (moves.Count == 0)
        {
            throw new ArgumentException($"The game on {board} is over; there is no move to choose.", nameof(board));
        }
        int bestCell = -1;
        int bestScore = int.MinValue;
        foreach (int cell in moves)
        {
            // The child's score is for the opponent, who moves next; what is good for it is bad for us.
            int score = -Score(GameRules.Play(board, cell));
            // Strictly greater: on a tie the lower cell, seen first, stays.
            if (score > bestScore)
            {
                bestScore = score;
                bestCell = cell;
            }
        }
        return bestCell;
    }

    private static Dictionary<Board, int> ScoreAllLegalPositions()
    {
        var scores = new Dictionary<Board, int>();
        foreach (Board board in LegalPositions.All)
        {
            ScoreOf(board, scores);
        }
        return scores;
    }

    private static int ScoreOf(Board board, Dictionary<Board, int> scores)
    {
        if (scores.TryGetValue(board, out int known))
        {
            return known;
        }
        int score;
        GameOutcome outcome = GameRules.Outcome(board);
        if (outcome == GameOutcome.Draw)
        {
            score = 0;
        }
        else if (outcome != GameOutcome.InProgress)
        {
            // Only the side that just moved can hold a line, so the side to move has lost.
            score = -(board.Count(Mark.Empty) + 1);
        }
        else
        {
            score = int.MinValue;
            foreach (int cell in GameRules.LegalMoves(board))
            {
                score = Math.Max(score, -ScoreOf(GameRules.Play(board, cell), scores));
            }
        }
        scores.Add(board, score);
        return score;
    }
}
