using System.Diagnostics;

namespace BnnVerify.Tests;

/// <summary>Runs a child process to its end, reading both of its streams, and kills its whole tree when it takes too long.</summary>
internal static class ChildProcess
{
    /// <summary>The exit code and both streams of <paramref name="start"/> (which must redirect both), or null when it outlived <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Output, string Error)? Run(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return null;
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
