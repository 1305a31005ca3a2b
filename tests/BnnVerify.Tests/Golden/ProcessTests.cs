using System.Diagnostics;

namespace BnnVerify.Tests.Golden;

/// <summary>The built executable, run as a separate process: exit codes reach the shell and streams stay apart.</summary>
public class ProcessTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bnnverify.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    [Fact]
    public void Success_prints_to_standard_output_and_exits_0()
    {
        var (exitCode, output, error) = Run("eval", "models/xor.json", "--input", "x1");
        Assert.Equal(0, exitCode);
        Assert.Equal("true inputs: x1\ny: 1\n", output.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal("", error);
    }

    [Fact]
    public void A_malformed_model_prints_one_line_to_standard_error_and_exits_2()
    {
        var (exitCode, output, error) = Run("info", "tests/golden/models/bad-binary-weight-2.json");
        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("tests/golden/models/bad-binary-weight-2.json(7,39): error BNN0110:", error, StringComparison.Ordinal);
    }
}
