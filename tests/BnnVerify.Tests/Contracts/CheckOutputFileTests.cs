using BnnVerify.Tests.Golden;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Reports;

namespace BnnVerify.Tests.Contracts;

/// <summary>
/// The files <c>check</c> writes: saved counterexamples are byte for byte the ones committed under
/// tests/golden/counterexamples (which the replay golden cases read, so those cases do not depend on
/// the order tests run in), they read back, and <c>--output</c> holds the same report as standard output.
/// </summary>
public sealed class CheckOutputFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(GoldenTests.OutFolder, "check-output-" + Guid.NewGuid().ToString("N"));

    public CheckOutputFileTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (ExitCode Exit, string Output, string Error) Run(params string[] arguments)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = CommandLine.Run(arguments, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("models/showcase.json", "tests/golden/specs/showcase-checks.contract", "no_request_means_wait", "showcase-no_request_means_wait-1.json")]
    [InlineData("tests/golden/models/board.json", "tests/golden/specs/board.contract", "blocks_the_opponent", "board-blocks_the_opponent-1.json")]
    public void Saved_counterexamples_are_the_committed_replay_inputs(string model, string spec, string contract, string committed)
    {
        var (exit, _, error) = Run("check", model, spec, "--contract", contract, "--max-counterexamples", "1", "--save-counterexamples", _folder);
        Assert.Equal(ExitCode.Violated, exit);
        Assert.Equal("", error);
        Assert.Equal([$"{contract}-1.json"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        string saved = Path.Combine(_folder, $"{contract}-1.json");
        // The committed files are version 1, which replay still reads; a saved file is version 2, with the model and
        // spec paths relative to itself. Everything else is byte for byte the same.
        string savedText = File.ReadAllText(saved);
        Assert.Contains("\"version\": 2,", savedText, StringComparison.Ordinal);
        Assert.Contains($"\"spec\": \"{CounterexampleFile.RelativeTo(saved, spec)}\",", savedText, StringComparison.Ordinal);
        Assert.Equal(WithoutPaths(File.ReadAllText(Path.Combine("tests/golden/counterexamples", committed))), WithoutPaths(savedText));

        var (read, problem) = CounterexampleFile.Read(saved);
        Assert.Null(problem);
        Assert.Equal(contract, read!.Contract);
        Assert.Equal(spec, read.SpecPath);
        var (replayExit, replayOutput, _) = Run("replay", model, saved);
        Assert.Equal(ExitCode.Violated, replayExit);
        Assert.EndsWith($"the input violates contract {contract}\n", replayOutput, StringComparison.Ordinal);
    }

    private static string WithoutPaths(string json) =>
        string.Join("\n", json.Split('\n').Where(line => !line.StartsWith("  \"version\":", StringComparison.Ordinal)
            && !line.StartsWith("  \"model\":", StringComparison.Ordinal) && !line.StartsWith("  \"spec\":", StringComparison.Ordinal)));

    [Fact]
    public void Every_counterexample_up_to_the_maximum_is_saved()
    {
        var (exit, _, _) = Run("check", "models/showcase.json", "tests/golden/specs/showcase-checks.contract", "--max-counterexamples", "5", "--save-counterexamples", _folder);
        Assert.Equal(ExitCode.Violated, exit);
        // Only no_request_means_wait is violated, on 3 inputs.
        Assert.Equal(["no_request_means_wait-1.json", "no_request_means_wait-2.json", "no_request_means_wait-3.json"],
            Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("junit")]
    [InlineData("sarif")]
    public void The_output_file_holds_the_report_that_standard_output_would_show(string format)
    {
        string[] check = ["check", "models/showcase.json", "tests/golden/specs/showcase-checks.contract", "--format", format];
        var (exit, direct, _) = Run(check);
        string file = Path.Combine(_folder, "report." + format);
        var (fileExit, summary, _) = Run([.. check, "--output", file]);
        Assert.Equal(ExitCode.Violated, exit);
        Assert.Equal(exit, fileExit);
        // Standard output then shows the text report, for the people watching the CI log.
        Assert.StartsWith("checking models/showcase.json against tests/golden/specs/showcase-checks.contract\n", summary, StringComparison.Ordinal);
        string written = File.ReadAllText(file);
        // The file is UTF-8 and says so; standard output in these tests is a UTF-16 string writer.
        Assert.Equal(GoldenTests.NormaliseTimes(direct).Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), GoldenTests.NormaliseTimes(written));
    }
}
