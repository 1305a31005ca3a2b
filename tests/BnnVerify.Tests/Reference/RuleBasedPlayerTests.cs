using BnnVerify.Verifier.Reference.TicTacToe;

namespace BnnVerify.Tests.Reference;

public class RuleBasedPlayerTests
{
    private static IEnumerable<Board> UnfinishedPositions =>
        LegalPositions.All.Where(board => !GameRules.IsTerminal(board));

    [Fact]
    public void It_always_plays_an_empty_cell_for_either_side()
    {
        int checkedPositions = 0;
        foreach (Board board in UnfinishedPositions)
        {
            int move = RuleBasedPlayer.ChooseMove(board);
            Assert.True(board[move] == Mark.Empty, $"played taken cell {move} on {board}");
            checkedPositions++;
        }
        Assert.Equal(5478 - 958, checkedPositions);
    }

    [Fact]
    public void It_agrees_with_a_transcription_of_the_original_programs_place_and_test_loop_everywhere()
    {
        foreach (string position in IndependentTicTacToe.ReachablePositions.Where(board => !IndependentTicTacToe.IsOver(board)))
        {
            Board board = Board.Parse(IndependentTicTacToe.ToParseable(position));

            Assert.Equal(IndependentTicTacToe.OriginalProgramMove(position), RuleBasedPlayer.ChooseMove(board));
        }
    }

    [Theory]
    // O holds 0 and 1: cell 2 completes O's row.
    [InlineData("OO./XX./..X", 2)]
    // X holds 6 and 8, and nothing else is two in a line: cell 7 blocks X's bottom row.
    [InlineData("OX./.O./X.X", 7)]
    // O can win at 2 and must block X at 6: the lower cell, here the win, comes first.
    [InlineData("OO./.X./.XX", 2)]
    public void It_takes_the_first_cell_that_wins_or_blocks(string text, int expected)
    {
        Assert.Equal(expected, RuleBasedPlayer.ChooseMove(Board.Parse(text)));
    }

    [Fact]
    public void A_block_on_a_lower_cell_is_preferred_to_a_win_on_a_higher_one_as_in_the_original_code()
    {
        // O wins at 8 (bottom row), X threatens 2 (top row). The README's "win first" reading would
        // play 8; the code scans cells in order and checks both sides at each, so it plays 2.
        Board board = Board.Parse("XX./..X/OO.");

        Assert.Equal(2, RuleBasedPlayer.ChooseMove(board));
        Assert.Equal(2, IndependentTicTacToe.OriginalProgramMove("xx...xoo."));
    }

    [Theory]
    // No line can be completed: the first empty cell of 4, 0, 2, 6, 8, 1, 3, 5, 7.
    [InlineData("X../.../...", 4)]
    [InlineData(".../.X./...", 0)]
    [InlineData("O../.X./..X", 2)]
    [InlineData("X../.O./..X", 2)]
    [InlineData(".../.../...", 4)]
    public void Without_a_line_to_complete_it_follows_centre_corners_edges(string text, int expected)
    {
        Assert.Equal(expected, RuleBasedPlayer.ChooseMove(Board.Parse(text)));
    }

    [Fact]
    public void Its_choice_depends_only_on_roles()
    {
        foreach (Board board in UnfinishedPositions)
        {
            RoleView view = RoleView.Of(board, GameRules.SideToMove(board));

            Assert.Equal(RuleBasedPlayer.ChooseMove(board), RuleBasedPlayer.ChooseMove(view));
        }
    }

    [Fact]
    public void Finished_games_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RuleBasedPlayer.ChooseMove(Board.Parse("XXX/OO./...")));
        Assert.Throws<ArgumentException>(() => RuleBasedPlayer.ChooseMove(Board.Parse("XOX/XOO/OXX")));
        Assert.Throws<ArgumentException>(() => RuleBasedPlayer.ChooseMove(RoleView.Of(Board.Parse("OOO/XX./X.."), Side.X)));
    }

    [Fact]
    public void Its_fallback_order_is_centre_then_corners_then_edges()
    {
        Assert.Equal([4, 0, 2, 6, 8, 1, 3, 5, 7], RuleBasedPlayer.FallbackOrder);
    }
}
