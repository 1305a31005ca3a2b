using System.Text.RegularExpressions;
using BnnVerify.Verifier.Cli;

namespace BnnVerify.Tests.Golden;

/// <summary>
/// Runs every golden case under tests/golden through the real command line (in process) and compares
/// the output and exit code exactly. Set BNNVERIFY_UPDATE_GOLDEN=1 to rewrite the expectations after a
/// deliberate change, then review the diff.
/// </summary>
/// <remarks>
/// One normalisation is applied to both sides before comparing: wall-clock times, which differ on
/// every run, are replaced by <c>&lt;time&gt;</c> — the JSON report's <c>"elapsedSeconds": 0.012</c> and
/// the JUnit report's <c>time="0.012"</c> attributes. Nothing else is normalised.
/// </remarks>
public partial class GoldenTests
{
    /// <summary>tests/golden, where the cases are.</summary>
    internal static readonly string Folder = Path.Combine(RepositoryRoot.Path, "tests", "golden");

    /// <summary>Where cases may write files (check --output, --save-counterexamples); git-ignored.</summary>
    internal static readonly string OutFolder = Path.Combine(Folder, "out");

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
        // Cases write reports and counterexamples under tests/golden/out (git-ignored), whichever runs first.
        Directory.CreateDirectory(OutFolder);
        var output = new ConsoleLikeWriter { NewLine = "\n" };
        // One writer for both streams keeps them in the order a terminal would show them.
        int exitCode = (int)CommandLine.Run(golden.Arguments, output, output);
        string actual = output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);

        if (Environment.GetEnvironmentVariable("BNNVERIFY_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(Folder, name), golden.Render(NormaliseTimes(actual), exitCode));
            return;
        }
        AssertMatches(golden, actual, exitCode, "the actual run");
    }

    /// <summary>Fails with a unified diff unless <paramref name="output"/> and <paramref name="exitCode"/> match <paramref name="golden"/> (timings normalised).</summary>
    internal static void AssertMatches(GoldenCase golden, string output, int exitCode, string run)
    {
        string actual = NormaliseTimes(output);
        string expected = NormaliseTimes(golden.ExpectedOutput);
        if (actual != expected || exitCode != golden.ExpectedExitCode)
        {
            Assert.Fail($"{golden.RelativePath} differs from {run}.\n{TextDiff.Unified(golden.Render(expected, golden.ExpectedExitCode), golden.Render(actual, exitCode))}");
        }
    }

    /// <summary>
    /// Collects the output like a console does: it reports UTF-8, as standard output does for the real
    /// process, so that the XML declaration of a JUnit report reads as users see it (a plain StringWriter
    /// reports UTF-16).
    /// </summary>
    private sealed class ConsoleLikeWriter : StringWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    }

    /// <summary>Replaces the timings of JSON and JUnit reports, and robust's <c>time 0.012 s</c>, by <c>&lt;time&gt;</c>.</summary>
    internal static string NormaliseTimes(string text) =>
        NormaliseCertificates(TextTime().Replace(JUnitTime().Replace(JsonElapsed().Replace(text, "\"elapsedSeconds\": <time>"), " time=\"<time>\""), "time <time>"));

    /// <summary>
    /// Replaces the size and time of a proof check (--certify): which of the native portfolio's searches answers first,
    /// and so how many lemmas its proof has, varies from run to run.
    /// </summary>
    private static string NormaliseCertificates(string text) =>
        CertificateCheck().Replace(JsonLemmas().Replace(JsonCheckTime().Replace(text, "\"checkSeconds\": <time>"), "\"lemmasChecked\": <n>"), "certified (<n> lemmas checked in <time>)");

    [GeneratedRegex(@"certified \([0-9]+ lemmas checked in [0-9]+\.[0-9]+ s\)")]
    private static partial Regex CertificateCheck();

    [GeneratedRegex(@"""lemmasChecked"": [0-9]+")]
    private static partial Regex JsonLemmas();

    [GeneratedRegex(@"""checkSeconds"": -?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")]
    private static partial Regex JsonCheckTime();

    [GeneratedRegex(@"time [0-9]+\.[0-9]+ s")]
    private static partial Regex TextTime();

    [GeneratedRegex(@"""elapsedSeconds"": -?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")]
    private static partial Regex JsonElapsed();

    [GeneratedRegex(@" time=""[0-9]+(\.[0-9]+)?""")]
    private static partial Regex JUnitTime();

    [Theory]
    [InlineData("\"elapsedSeconds\": 0.012,", "\"elapsedSeconds\": <time>,")]
    [InlineData("\"elapsedSeconds\": 3,", "\"elapsedSeconds\": <time>,")]
    [InlineData("\"elapsedSeconds\": 1E-05,", "\"elapsedSeconds\": <time>,")]
    [InlineData("<testcase name=\"a\" time=\"0.001\" line=\"3\">", "<testcase name=\"a\" time=\"<time>\" line=\"3\">")]
    [InlineData("\"inputsInScope\": 64, \"line\": 3", "\"inputsInScope\": 64, \"line\": 3")]
    [InlineData("name=\"runtime=\"1\"\"", "name=\"runtime=\"1\"\"")]
    [InlineData("enumeration, time 0.194 s)", "enumeration, time <time>)")]
    [InlineData("(time 0.270 s), certified (4 lemmas checked in 0.023 s)", "(time <time>), certified (<n> lemmas checked in <time>)")]
    [InlineData("\"lemmasChecked\": 12, \"checkSeconds\": 0.5,", "\"lemmasChecked\": <n>, \"checkSeconds\": <time>,")]
    public void Only_timings_are_normalised(string text, string normalised)
    {
        Assert.Equal(normalised, NormaliseTimes(text));
    }

    [Fact]
    public void There_are_golden_cases_for_every_verb()
    {
        var names = CaseNames().ToList();
        foreach (var verb in new[] { "info", "eval", "check", "replay", "robust" })
            Assert.Contains(names, n => n.StartsWith(verb + "/", StringComparison.Ordinal));
    }
}
