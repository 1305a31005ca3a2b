using BnnVerify.Verifier.Cli;

namespace BnnVerify.Tests.Golden;

/// <summary>
/// Runs every golden case under tests/golden through the real command line (in process) and compares
/// the output and exit code exactly. Set BNNVERIFY_UPDATE_GOLDEN=1 to rewrite the expectations after a
/// deliberate change, then review the diff.
/// </summary>
public class GoldenTests
{
    private static readonly string Folder = Path.Combine(RepositoryRoot.Path, "tests", "golden");

    public static TheoryData<string> Cases() => new(CaseNames());

    private static IEnumerable<string> CaseNames() =>
        Directory.EnumerateFiles(Folder, "*.golden", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Folder, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Command_output_and_exit_code_match_the_golden_file(string name)
    {
        var golden = GoldenCase.Load(Path.Combine(Folder, name));
        var output = new StringWriter { NewLine = "\n" };
        // One writer for both streams keeps them in the order a terminal would show them.
        int exitCode = (int)CommandLine.Run(golden.Arguments, output, output);
        string actual = output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);

        if (Environment.GetEnvironmentVariable("BNNVERIFY_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(Folder, name), golden.Render(actual, exitCode));
            return;
        }
        if (actual != golden.ExpectedOutput || exitCode != golden.ExpectedExitCode)
        {
            Assert.Fail($"{golden.RelativePath} differs from the actual run.\n{TextDiff.Unified(golden.Render(golden.ExpectedOutput, golden.ExpectedExitCode), golden.Render(actual, exitCode))}");
        }
    }

    [Fact]
    public void There_are_golden_cases_for_every_verb()
    {
        var names = CaseNames().ToList();
        foreach (var verb in new[] { "info", "eval" })
            Assert.Contains(names, n => n.StartsWith(verb + "/", StringComparison.Ordinal));
    }
}
