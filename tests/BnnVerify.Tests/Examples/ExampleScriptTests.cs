using System.Diagnostics;

namespace BnnVerify.Tests.Examples;

/// <summary>
/// Runs the scripts of examples/ as a user would (bash, from the repository root), pointed at this build through
/// BNNVERIFY, and checks their exit codes and verdict lines. A script whose tools (gcc, ghc, iverilog, yosys, ABC) are missing
/// fails with the name of the missing tool: scripts/setup.sh installs them (scripts/install-tools.sh).
/// </summary>
public class ExampleScriptTests
{
    private static (int ExitCode, string Output) Run(string script)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add(Path.Combine("examples", script));
        start.Environment["BNNVERIFY"] = "dotnet " + Path.Combine(AppContext.BaseDirectory, "bnnverify.dll");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    private static void RequireTools(params string[] tools)
    {
        foreach (var tool in tools)
        {
            bool found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));
            Assert.True(found, $"{tool} is not installed; scripts/setup.sh installs it (examples/README.md)");
        }
    }

    [Fact]
    public void The_xor_network_equals_handwritten_xor_in_c_haskell_and_verilog()
    {
        RequireTools("gcc", "ghc", "iverilog", "vvp", "yosys", "berkeley-abc");
        var (exitCode, output) = Run("xor.sh");
        Assert.True(exitCode == 0, output);
        Assert.Equal(3, output.Split('\n').Count(line => line == "EQUIVALENT on all 4 inputs of the domain (exhaustive)"));
        Assert.Contains("Networks are equivalent.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tictactoe_script_counts_the_disagreements_with_each_player()
    {
        var (exitCode, output) = Run("tictactoe.sh");
        Assert.True(exitCode == 0, output);
        Assert.Contains("DIFFER on 8 of 2097 inputs of the domain (exhaustive)", output, StringComparison.Ordinal);
        Assert.Contains("DIFFER on 560 of 2097 inputs of the domain (exhaustive)", output, StringComparison.Ordinal);
        Assert.Contains("DIFFER on 281 of 2097 inputs of the domain (exhaustive)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_winner_script_compares_legal_boards_and_all_inputs()
    {
        var (exitCode, output) = Run("winner.sh");
        Assert.True(exitCode == 0, output);
        Assert.Contains("DIFFER on 105 of 8533 inputs of the domain (exhaustive)", output, StringComparison.Ordinal);
        Assert.Contains("DIFFER on 89898 of 262144 inputs of the domain (exhaustive)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_variant_script_proves_the_pruned_variant_and_finds_a_difference_in_the_changed_one()
    {
        var (exitCode, output) = Run("variant.sh");
        Assert.True(exitCode == 0, output);
        Assert.Contains("EQUIVALENT on the whole domain, proved by", output, StringComparison.Ordinal);
        Assert.Contains("DIFFER: a difference found by z3-pb (miter)", output, StringComparison.Ordinal);
        Assert.Contains("DIFFER: a difference found by native (miter)", output, StringComparison.Ordinal);
    }
}
