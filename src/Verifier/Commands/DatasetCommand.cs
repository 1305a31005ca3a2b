using System.CommandLine;
using System.Text;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Reference.TicTacToe;

namespace BnnVerify.Verifier.Commands;

/// <summary>The <c>dataset</c> verb: regenerates one of the bundled training sets as CSV.</summary>
internal static class DatasetCommand
{
    /// <summary>Builds <c>bnnverify dataset NAME [--output FILE]</c>.</summary>
    public static Command Create()
    {
        var name = new Argument<string>("name")
        {
            Description = $"The data set to write: {string.Join(", ", TicTacToeDatasets.Names)}",
        };
        name.AcceptOnlyFromAmong([.. TicTacToeDatasets.Names]);
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the CSV to this file instead of standard output",
            HelpName = "FILE",
        }.OutputFile();
        var command = new Command("dataset", "Write a bundled training set, generated from the tic-tac-toe reference code, as CSV.")
        {
            name,
            output,
        };
        command.SetAction(parseResult => (int)Run(
            parseResult.GetRequiredValue(name),
            parseResult.GetValue(output),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    private static ExitCode Run(string name, string? outputFile, TextWriter output, TextWriter error)
    {
        if (outputFile is null)
        {
            TicTacToeDatasets.Write(name, output);
            return ExitCode.Success;
        }
        try
        {
            // UTF-8 without a byte-order mark, so the file matches the committed copy byte for byte.
            using var writer = new StreamWriter(outputFile, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            TicTacToeDatasets.Write(name, writer);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{outputFile}: error: cannot write the data set: {exception.Message}");
            return ExitCode.InvalidInput;
        }
        return ExitCode.Success;
    }
}
