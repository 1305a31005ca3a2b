using System.CommandLine;
using BnnVerify.Verifier.Commands;

namespace BnnVerify.Verifier.Cli;

/// <summary>Builds the root command from the verbs and runs it with the given writers.</summary>
public static class CommandLine
{
    /// <summary>Parses <paramref name="args"/>, runs the chosen verb, and returns its exit code.</summary>
    public static ExitCode Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("bnnverify: formal verification of binarized neural networks");
        root.Subcommands.Add(DatasetCommand.Create());
        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        int code = parse.Invoke(configuration);
        return parse.Errors.Count > 0 ? ExitCode.InvalidInput : (ExitCode)code;
    }
}
