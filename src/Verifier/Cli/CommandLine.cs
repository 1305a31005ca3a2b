using System.CommandLine;
using BnnVerify.Verifier.Commands;

namespace BnnVerify.Verifier.Cli;

/// <summary>Builds the root command from the verbs and runs it with the given writers.</summary>
public static class CommandLine
{
    /// <summary>Set this environment variable to 1 to see the stack trace of an internal error.</summary>
    public const string DebugVariable = "BNNVERIFY_DEBUG";

    /// <summary>Parses <paramref name="args"/>, runs the chosen verb, and returns its exit code.</summary>
    public static ExitCode Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("bnnverify: formal verification of binarized neural networks (BNNs) against contracts over their named inputs and outputs.");
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(RobustCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(DecodeCommand.Create());
        root.Subcommands.Add(SolveCommand.Create());
        root.Subcommands.Add(EquivCommand.Create());
        root.Subcommands.Add(CompileCommand.Create());
        root.Subcommands.Add(DatasetCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.HelpName = "bnnverify";
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line per mistake and a pointer to the help, rather than the whole help text. check's refused options
            // are located diagnostics, also written to its machine report so that CI finds one (docs/report-format.md).
            var refused = CheckCommand.RefusedOptions(parse);
            if (refused is not null)
            {
                foreach (var diagnostic in refused)
                    error.WriteLine(diagnostic.ToString());
            }
            else
            {
                foreach (var parseError in parse.Errors)
                    error.WriteLine(OptionRules.IsDiagnostic(parseError.Message) ? parseError.Message : $"error: {parseError.Message}");
            }
            string verb = parse.CommandResult.Command == root ? "" : parse.CommandResult.Command.Name + " ";
            error.WriteLine($"Run 'bnnverify {verb}--help' for usage.");
            if (refused is not null)
                CheckCommand.WriteRefusedOptionsReport(parse, refused, output, error);
            return ExitCode.InvalidInput;
        }
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return (ExitCode)parse.Invoke(configuration);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            error.WriteLine("This is a bug in bnnverify; please report it with the command line and files that caused it.");
            if (Environment.GetEnvironmentVariable(DebugVariable) == "1")
                error.WriteLine(e.ToString());
            else
                error.WriteLine($"(set {DebugVariable}=1 to see the stack trace)");
            return ExitCode.InternalError;
        }
    }
}
