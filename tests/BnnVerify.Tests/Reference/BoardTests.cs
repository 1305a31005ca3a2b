using BnnVerify.Verifier.Reference.TicTacToe;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Reference;

public class BoardTests
{
    [Fact]
    public void The_eight_listed_lines_are_exactly_the_collinear_triples_of_the_grid()
    {
        var listed = WinningLines.All.Select(line => (line.First, line.Second, line.Third)).ToHashSet();

        Assert.Equal(8, WinningLines.All.Count);
        Assert.Equal(8, listed.Count);
        Assert.True(listed.SetEquals(IndependentTicTacToe.Lines));
    }

    [Fact]
    public void Each_line_alone_is_detected_for_its_owner_and_not_for_the_other_side()
    {
        foreach (Line line in WinningLines.All)
        {
            Board board = Board.Empty.Place(line.First, Side.O).Place(line.Second, Side.O).Place(line.Third, Side.O);

            Assert.True(board.HasLine(Side.O), $"O's line {line} on {board}");
            Assert.False(board.HasLine(Side.X), $"X has no piece on {board}");
        }
    }

    [Theory]
    [InlineData("XX./OO./...")]
    [InlineData("XOX/XOO/OXX")]
    [InlineData("X.X/.O./X.X")]
    public void Boards_without_three_in_a_line_have_no_line(string text)
    {
        Board board = Board.Parse(text);

        Assert.False(board.HasLine(Side.X));
        Assert.False(board.HasLine(Side.O));
    }

    [Fact]
    public void Every_board_survives_code_and_text_round_trips()
    {
        for (int code = 0; code < Board.CodeCount; code++)
        {
            Board board = Board.FromCode(code);

            Assert.Equal(code, board.Code);
            Assert.Equal(board, Board.Parse(board.ToString()));
        }
    }

    [Fact]
    public void Code_puts_cell_zero_in_the_lowest_base_three_digit()
    {
        Assert.Equal(0, Board.Empty.Code);
        Assert.Equal(1, Board.Parse("X../.../...").Code);
        Assert.Equal(2, Board.Parse("O../.../...").Code);
        Assert.Equal(2 * 6561, Board.Parse(".../.../..O").Code);
    }

    [Fact]
    public void Boards_built_from_the_same_cells_are_equal_and_hash_alike()
    {
        Gen<Mark[]> cells = Gen.ArrayOf(Gen.Elements(Mark.Empty, Mark.X, Mark.O), Board.CellCount);
        Prop.ForAll(cells.ToArbitrary(), marks =>
        {
            Board first = Board.FromCells(marks);
            Board second = Board.FromCells((Mark[])marks.Clone());
            Board fromCode = Board.FromCode(first.Code);
            return first.Equals(second) && first.Equals(fromCode) && first.GetHashCode() == fromCode.GetHashCode()
                && Enumerable.Range(0, Board.CellCount).All(cell => fromCode[cell] == marks[cell]);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Placing_on_a_taken_cell_is_refused()
    {
        Board board = Board.Parse("X../.../...");

        Assert.Throws<ArgumentException>(() => board.Place(0, Side.O));
        Assert.Equal(Mark.O, board.Place(1, Side.O)[1]);
        Assert.Equal(Mark.Empty, board[1]);
    }

    [Theory]
    [InlineData("XO.X")]
    [InlineData("XO./.X./..O/.")]
    [InlineData("xo./.x./..o")]
    [InlineData("XO-/.X./..O")]
    public void Malformed_board_text_is_rejected(string text)
    {
        Assert.Throws<FormatException>(() => Board.Parse(text));
    }
}
