using BnnVerify.Verifier.Cli;

namespace BnnVerify.Verifier;

/// <summary>The <c>bnnverify</c> entry point: hands the command line to <see cref="CommandLine"/>.</summary>
public static class Program
{
    /// <summary>Runs one verb and returns its <see cref="ExitCode"/> as the process exit code.</summary>
    public static int Main(string[] args) => (int)CommandLine.Run(args, Console.Out, Console.Error);
}
