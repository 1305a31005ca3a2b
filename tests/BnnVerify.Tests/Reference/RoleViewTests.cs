using BnnVerify.Verifier.Reference.TicTacToe;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Reference;

public class RoleViewTests
{
    [Fact]
    public void Inputs_are_named_a0_to_a8_then_h0_to_h8()
    {
        Assert.Equal(
            ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8"],
            RoleView.InputNames);
    }

    [Fact]
    public void The_side_to_move_owns_the_a_inputs()
    {
        // X at 0 and 8, O at 4: O is to move, so O's centre is a4 and X's corners are h0 and h8.
        RoleView view = RoleView.ForSideToMove(Board.Parse("X../.O./..X"));
        IReadOnlyList<bool> inputs = view.ToInputs();

        var set = Enumerable.Range(0, RoleView.InputCount).Where(i => inputs[i]).Select(i => RoleView.InputNames[i]);
        Assert.Equal(["a4", "h0", "h8"], set);
        Assert.Equal("h../.a./..h", view.ToString());
    }

    [Fact]
    public void Every_legal_board_round_trips_through_the_view_of_either_side()
    {
        foreach (Board board in LegalPositions.All)
        {
            foreach (Side side in new[] { Side.X, Side.O })
            {
                RoleView view = RoleView.Of(board, side);

                Assert.Equal(board, view.ToBoard(side));
                Assert.Equal(view, RoleView.FromInputs(view.ToInputs()));
                Assert.Equal(board.HasLine(side), view.PlayerHasLine());
                Assert.Equal(board.HasLine(side.Opponent()), view.OpponentHasLine());
            }
        }
    }

    [Fact]
    public void Views_of_the_two_sides_swap_the_a_and_h_halves()
    {
        Board board = Board.Parse("XO./.X./..O");
        IReadOnlyList<bool> forX = RoleView.Of(board, Side.X).ToInputs();
        IReadOnlyList<bool> forO = RoleView.Of(board, Side.O).ToInputs();

        Assert.Equal(forX.Take(9), forO.Skip(9));
        Assert.Equal(forX.Skip(9), forO.Take(9));
        Assert.NotEqual(forX, forO);
    }

    [Fact]
    public void Any_consistent_set_of_inputs_round_trips()
    {
        // Each cell is empty (0), the player's (1) or the opponent's (2), so no cell is claimed twice.
        Gen<bool[]> inputs = Gen.ArrayOf(Gen.Choose(0, 2), Board.CellCount).Select(cells =>
            cells.Select(cell => cell == 1).Concat(cells.Select(cell => cell == 2)).ToArray());
        Prop.ForAll(inputs.ToArbitrary(), values =>
        {
            RoleView view = RoleView.FromInputs(values);
            return view.ToInputs().SequenceEqual(values)
                && RoleView.Of(view.ToBoard(Side.O), Side.O).Equals(view)
                && view.GetHashCode() == RoleView.FromInputs(values).GetHashCode();
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_cell_claimed_by_both_roles_or_a_wrong_count_is_rejected()
    {
        bool[] both = new bool[RoleView.InputCount];
        both[3] = true;
        both[9 + 3] = true;

        Assert.Throws<ArgumentException>(() => RoleView.FromInputs(both));
        Assert.Throws<ArgumentException>(() => RoleView.FromInputs(new bool[17]));
    }
}
