using System.Text.Json;
using System.Xml.Linq;
using BnnVerify.Tests.Golden;
using BnnVerify.Verifier.Cli;

namespace BnnVerify.Tests.Reports;

/// <summary>
/// Report files CI relies on: a run stopped by a malformed spec or model, or by an option check refuses, still writes the JSON, JUnit or SARIF report
/// (with the located errors), and <c>--output</c> into a missing folder creates it, or fails before checking.
/// </summary>
public sealed class ReportFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(GoldenTests.OutFolder, "report-files-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    private static (ExitCode Exit, string Output, string Error) Run(params string[] arguments)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = CommandLine.Run(arguments, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("json")]
    [InlineData("junit")]
    [InlineData("sarif")]
    public void A_spec_error_still_writes_the_report_file_with_the_located_error(string format)
    {
        string file = Path.Combine(_folder, "report." + format);
        var (exit, output, error) = Run("check", "tests/golden/models/board.json", "tests/golden/specs/error-syntax.contract", "--format", format, "--output", file);
        Assert.Equal(ExitCode.InvalidInput, exit);
        Assert.Equal("", output);
        Assert.StartsWith("tests/golden/specs/error-syntax.contract(2,44): error BNN0302:", error, StringComparison.Ordinal);
        string report = File.ReadAllText(file);
        switch (format)
        {
            case "json":
                var json = JsonDocument.Parse(report).RootElement;
                Assert.Equal(2, json.GetProperty("exitCode").GetInt32());
                var only = Assert.Single(json.GetProperty("errors").EnumerateArray());
                Assert.Equal("BNN0302", only.GetProperty("id").GetString());
                Assert.Equal(44, only.GetProperty("location").GetProperty("column").GetInt32());
                break;
            case "junit":
                var testcase = Assert.Single(XDocument.Parse(report).Descendants("testcase"));
                Assert.Equal("BNN0302", testcase.Element("error")!.Attribute("type")!.Value);
                Assert.Equal("2", testcase.Attribute("line")!.Value);
                break;
            default:
                var result = Assert.Single(JsonDocument.Parse(report).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
                Assert.Equal("BNN0302", result.GetProperty("ruleId").GetString());
                Assert.Equal(2, result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
                break;
        }
    }

    [Theory]
    [InlineData("BNN0310", "specs/xor.contract", "--contract", "nope")]
    [InlineData("BNN0952", "--backend", "--backend", "nope")]
    [InlineData("BNN0902", "--max-counterexamples", "--max-counterexamples", "-1")]
    [InlineData("BNN0902", "--threads", "--threads", "-2")]
    [InlineData("BNN0960", "--count", "--fail-fast", "--count")]
    [InlineData("BNN0953", "--verbose", "--quiet", "--verbose")]
    [InlineData("BNN0902", "--timeout", "--timeout", "0")]
    [InlineData("BNN0954", "--threads", "--threads", "many")]
    [InlineData("BNN0905", "--save-counterexamples", "--save-counterexamples", "README.md")]
    public void An_option_check_refuses_still_writes_every_report_file_with_the_error(string id, string location, params string[] options)
    {
        // A diagnostic about an option is located at the option's name; the JUnit and SARIF reports then name no file.
        string? file = location.StartsWith("--", StringComparison.Ordinal) ? null : location;
        foreach (var format in new[] { "json", "junit", "sarif" })
        {
            string path = Path.Combine(_folder, $"{id}.{format}");
            var (exit, output, error) = Run(["check", "models/xor.json", "specs/xor.contract", .. options, "--format", format, "--output", path]);
            Assert.Equal(ExitCode.InvalidInput, exit);
            Assert.Equal("", output);
            Assert.StartsWith($"{location}: error {id}:", error, StringComparison.Ordinal);
            string report = File.ReadAllText(path);
            switch (format)
            {
                case "json":
                    var json = JsonDocument.Parse(report).RootElement;
                    Assert.Equal(2, json.GetProperty("exitCode").GetInt32());
                    Assert.Equal(0, json.GetProperty("contracts").GetArrayLength());
                    var only = Assert.Single(json.GetProperty("errors").EnumerateArray());
                    Assert.Equal(id, only.GetProperty("id").GetString());
                    Assert.Equal(location, only.GetProperty("location").GetProperty("file").GetString());
                    break;
                case "junit":
                    var testcase = Assert.Single(XDocument.Parse(report).Descendants("testcase"));
                    Assert.Equal(id, testcase.Element("error")!.Attribute("type")!.Value);
                    // An option is no file: the test case names a file only when the error is in one.
                    Assert.Equal(file, testcase.Attribute("file")?.Value);
                    break;
                default:
                    var result = Assert.Single(JsonDocument.Parse(report).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
                    Assert.Equal(id, result.GetProperty("ruleId").GetString());
                    Assert.Equal(file, result.TryGetProperty("locations", out var locations)
                        ? locations[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()
                        : null);
                    break;
            }
        }
    }

    [Fact]
    public void A_command_line_wrong_elsewhere_than_in_an_option_writes_no_report()
    {
        // An unknown option may be a misspelt --output: where the report should go is not known (docs/report-format.md).
        string path = Path.Combine(_folder, "unknown-option.json");
        var (exit, output, error) = Run("check", "models/xor.json", "specs/xor.contract", "--bogus", "--timeout", "0", "--format", "json", "--output", path);
        Assert.Equal(ExitCode.InvalidInput, exit);
        Assert.Equal("", output);
        Assert.Contains("'--bogus'", error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_model_error_still_writes_the_json_report_with_the_json_path()
    {
        string file = Path.Combine(_folder, "report.json");
        var (exit, _, _) = Run("check", "tests/golden/models/bad-binary-weight-2.json", "specs/xor.contract", "--format", "json", "--output", file);
        Assert.Equal(ExitCode.InvalidInput, exit);
        var error = Assert.Single(JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("BNN0110", error.GetProperty("id").GetString());
        Assert.StartsWith("$.layers[0]", error.GetProperty("location").GetProperty("jsonPath").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Output_into_a_missing_folder_creates_the_folder()
    {
        string file = Path.Combine(_folder, "a", "b", "xor.json");
        Assert.False(Directory.Exists(_folder));
        var (exit, output, error) = Run("check", "models/xor.json", "specs/xor.contract", "--format", "json", "--output", file);
        Assert.Equal(ExitCode.Success, exit);
        Assert.Equal("", error);
        Assert.StartsWith("checking models/xor.json", output, StringComparison.Ordinal);
        Assert.Equal("bnnverify-report", JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public void A_folder_that_cannot_be_created_fails_before_checking()
    {
        Directory.CreateDirectory(_folder);
        string blocker = Path.Combine(_folder, "a-file");
        File.WriteAllText(blocker, "");
        // The model does not exist: had the check started, the error would be BNN0100-something about it instead.
        var (exit, output, error) = Run("check", "missing-model.json", "specs/xor.contract", "--format", "json", "--output", Path.Combine(blocker, "report.json"));
        Assert.Equal(ExitCode.InvalidInput, exit);
        Assert.Equal("", output);
        string report = Path.Combine(blocker, "report.json");
        Assert.Equal($"{report}: error BNN0950: cannot create the folder '{blocker}' of the report (--output): '{blocker}' is a file, not a folder\n", error);
    }
}
