using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Reference.TicTacToe;

namespace BnnVerify.Tests.Reference;

public class DatasetCommandTests
{
    private static (ExitCode Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        ExitCode code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string Generate(string name)
    {
        var writer = new StringWriter();
        TicTacToeDatasets.Write(name, writer);
        return writer.ToString();
    }

    [Theory]
    [InlineData("tictactoe-move")]
    [InlineData("tictactoe-winner")]
    public void It_writes_the_named_set_to_standard_output(string name)
    {
        var (code, output, error) = Run("dataset", name);

        Assert.Equal(ExitCode.Success, code);
        Assert.Equal(Generate(name), output);
        Assert.Equal("", error);
    }

    [Fact]
    public void With_output_it_writes_the_committed_bytes_to_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bnnverify-dataset-{Guid.NewGuid():N}.csv");
        try
        {
            var (code, output, _) = Run("dataset", "tictactoe-move", "--output", path);

            Assert.Equal(ExitCode.Success, code);
            Assert.Equal("", output);
            Assert.Equal(File.ReadAllBytes(RepositoryFiles.PathOf("data/tictactoe-move.csv")), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_unknown_set_is_invalid_input()
    {
        var (code, output, error) = Run("dataset", "tictactoe-draws");

        Assert.Equal(ExitCode.InvalidInput, code);
        Assert.DoesNotContain("a0,a1", output, StringComparison.Ordinal);
        Assert.Contains("tictactoe-draws", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unwritable_output_is_invalid_input()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bnnverify-missing-{Guid.NewGuid():N}", "out.csv");

        var (code, _, error) = Run("dataset", "tictactoe-winner", "--output", path);

        Assert.Equal(ExitCode.InvalidInput, code);
        Assert.Contains("cannot write", error, StringComparison.Ordinal);
    }
}
