using System.Text.Json;
using System.Text.Json.Nodes;
using BnnVerify.Tests.Golden;
using BnnVerify.Verifier.Cli;
using Json.Schema;

namespace BnnVerify.Tests.Reports;

/// <summary>
/// Every JSON report that the golden cases produce satisfies the schema of its verb — check: docs/report.schema.json,
/// robust: docs/schemas/robust-report.schema.json, equiv: docs/schemas/equiv-report.schema.json, and the JSON of
/// <c>info --json</c> and <c>eval --json</c>: docs/schemas/info.schema.json, eval.schema.json — and every SARIF report
/// satisfies docs/schemas/sarif-schema-2.1.0.json (OASIS, see docs/schemas/PROVENANCE.md). The cases are run again here
/// with standard output apart from standard error, and a report that goes to <c>--output FILE</c> is read from a file
/// of this test's own.
/// </summary>
public sealed class ReportSchemaTests : IDisposable
{
    /// <summary>Per verb with a JSON report: its schema file and the value of the report's <c>format</c> member.</summary>
    private static readonly Dictionary<string, (string Schema, string Format)> JsonReports = new(StringComparer.Ordinal)
    {
        ["check"] = (Path.Combine("docs", "report.schema.json"), "bnnverify-report"),
        ["robust"] = (Path.Combine("docs", "schemas", "robust-report.schema.json"), "bnnverify-robust-report"),
        ["equiv"] = (Path.Combine("docs", "schemas", "equiv-report.schema.json"), "bnnverify-equiv-report"),
        ["info"] = (Path.Combine("docs", "schemas", "info.schema.json"), "bnnverify-info"),
        ["eval"] = (Path.Combine("docs", "schemas", "eval.schema.json"), "bnnverify-eval"),
    };

    private static readonly Dictionary<string, Lazy<JsonSchema>> Schemas = JsonReports.ToDictionary(
        pair => pair.Key,
        pair => new Lazy<JsonSchema>(() => LoadSchema(pair.Value.Schema)),
        StringComparer.Ordinal);

    private static readonly Lazy<JsonSchema> SarifSchema = new(LoadSarifSchema);

    private readonly string _folder = Path.Combine(GoldenTests.OutFolder, "schema-" + Guid.NewGuid().ToString("N"));

    public ReportSchemaTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> JsonCases() => new(CasesWith(_ => true, "json"));

    public static TheoryData<string> SarifCases() => new(CasesWith(_ => true, "sarif"));

    [Theory]
    [MemberData(nameof(JsonCases))]
    public void Every_json_report_satisfies_the_schema_of_its_verb(string name)
    {
        string verb = VerbOf(name);
        Assert.True(JsonReports.ContainsKey(verb), $"{name}: '{verb} --format json' has no report schema; add one to JsonReports and docs/report-format.md");
        if (IsBatch(name))
        {
            // JSON lines, one object per input line, without the format header (docs/schemas/eval.schema.json).
            var lines = LinesOf(name);
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                Assert.False(line.TryGetProperty("format", out _), $"{name}: a --batch line carries no format");
                AssertValid(Schemas[verb].Value, line, name);
            }
            return;
        }
        var report = ReportOf(name);
        Assert.Equal(JsonReports[verb].Format, report.GetProperty("format").GetString());
        Assert.Equal(1, report.GetProperty("version").GetInt32());
        AssertValid(Schemas[verb].Value, report, name);
    }

    [Theory]
    [MemberData(nameof(SarifCases))]
    public void Every_result_of_a_sarif_report_has_its_own_fingerprint(string name)
    {
        // Code-scanning services merge results with equal fingerprints: two diagnostics with one message would show as one.
        var fingerprints = ReportOf(name).GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(result => result.GetProperty("partialFingerprints").GetProperty("bnnverify/v1").GetString())
            .ToList();
        Assert.Equal(fingerprints.Count, fingerprints.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(SarifCases))]
    public void Every_sarif_report_satisfies_the_sarif_2_1_0_schema(string name)
    {
        var report = ReportOf(name);
        Assert.Equal("2.1.0", report.GetProperty("version").GetString());
        AssertValid(SarifSchema.Value, report, name);
    }

    [Fact]
    public void There_are_json_and_sarif_cases_for_results_and_for_errors_of_every_verb()
    {
        var json = CasesWith(_ => true, "json").ToList();
        var sarif = CasesWith(_ => true, "sarif").ToList();
        Assert.Contains(json, n => n.StartsWith("check/", StringComparison.Ordinal) && n.Contains("error", StringComparison.Ordinal));
        Assert.Contains(json, n => n.StartsWith("check/", StringComparison.Ordinal) && !n.Contains("error", StringComparison.Ordinal));
        foreach (var verb in JsonReports.Keys)
            Assert.Contains(json, n => VerbOf(n) == verb);
        Assert.Contains(json, IsBatch);
        Assert.Contains(sarif, n => n.Contains("error", StringComparison.Ordinal));
        Assert.Contains(sarif, n => n.StartsWith("equiv/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("check/xor-json.golden", "format", "\"other-report\"")]
    [InlineData("check/xor-json.golden", "version", "2")]
    [InlineData("check/xor-json.golden", "exitCode", "\"1\"")]
    [InlineData("check/xor-json.golden", "summary", "{\"holds\": 1}")]
    [InlineData("robust/digits-min-json-ties-change.golden", "format", "\"bnnverify-report\"")]
    [InlineData("robust/digits-min-json-ties-change.golden", "version", "2")]
    [InlineData("robust/digits-min-json-ties-change.golden", "question", "\"hamming\"")]
    [InlineData("robust/digits-min-json-ties-change.golden", "targets", "[{\"target\": \"x\"}]")]
    [InlineData("robust/digits-hamming-json.golden", "exitCode", "2")]
    [InlineData("equiv/model-pair-differs.golden", "format", "\"bnnverify-report\"")]
    [InlineData("equiv/model-pair-differs.golden", "verdict", "\"equivalent\"")]
    [InlineData("equiv/model-pair-differs.golden", "counterexamples", "[{\"inputs\": {}}]")]
    [InlineData("equiv/miter-json.golden", "method", "\"enumeration\"")]
    [InlineData("equiv/miter-json.golden", "domain", "{\"contract\": \"c\"}")]
    [InlineData("info/xor-json.golden", "format", "\"bnnverify-eval\"")]
    [InlineData("info/xor-json.golden", "output", "{\"kind\": \"bits\", \"names\": [\"y\"], \"tieBreak\": \"lowest-index\"}")]
    [InlineData("info/xor-json.golden", "signAtZero", "0")]
    [InlineData("eval/showcase-trace-json.golden", "format", "\"bnnverify-info\"")]
    [InlineData("eval/showcase-trace-json.golden", "output", "{\"class\": 1}")]
    [InlineData("eval/showcase-trace-json.golden", "rows", "[]")]
    [InlineData("eval/xor-truth-table-json.golden", "rows", "[{\"inputs\": {\"x0\": 1}, \"output\": {\"bits\": {}}}]")]
    public void A_report_schema_rejects_a_report_with_a_wrong_member(string name, string member, string value)
    {
        var valid = ReportOf(name);
        AssertValid(Schemas[VerbOf(name)].Value, valid, name);
        var report = JsonNode.Parse(valid.GetRawText())!.AsObject();
        report[member] = JsonNode.Parse(value);
        var results = Schemas[VerbOf(name)].Value.Evaluate(JsonDocument.Parse(report.ToJsonString()).RootElement);
        Assert.False(results.IsValid, $"{name} with {member}: {value} satisfies the schema");
    }

    [Theory]
    [InlineData("check/xor-json.golden", "tool")]
    [InlineData("robust/digits-hamming-json.golden", "tool")]
    [InlineData("robust/digits-hamming-json.golden", "radius")]
    [InlineData("equiv/model-pair-differs.golden", "version")]
    [InlineData("equiv/process-slower-than-timeout-json.golden", "reason")]
    [InlineData("info/xor-json.golden", "layers")]
    [InlineData("eval/showcase-trace-json.golden", "inputs")]
    [InlineData("eval/xor-truth-table-json.golden", "tool")]
    public void A_report_schema_rejects_a_report_without_a_required_member(string name, string member)
    {
        var report = JsonNode.Parse(ReportOf(name).GetRawText())!.AsObject();
        Assert.True(report.Remove(member), $"{name} has no member {member}");
        Assert.False(Schemas[VerbOf(name)].Value.Evaluate(JsonDocument.Parse(report.ToJsonString()).RootElement).IsValid);
    }

    [Fact]
    public void The_sarif_schema_rejects_a_result_without_a_message()
    {
        var log = JsonNode.Parse(ReportOf("check/showcase-sarif.golden").GetRawText())!.AsObject();
        log["runs"]![0]!["results"]![0]!.AsObject().Remove("message");
        Assert.False(SarifSchema.Value.Evaluate(JsonDocument.Parse(log.ToJsonString()).RootElement).IsValid);
    }

    private static string VerbOf(string name) =>
        GoldenCase.Load(Path.Combine(RepositoryRoot.Path, "tests", "golden", name)).Arguments[0];

    private static JsonSchema LoadSchema(string relativePath) =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryRoot.Path, relativePath)));

    private static bool IsBatch(string name) =>
        GoldenCase.Load(Path.Combine(RepositoryRoot.Path, "tests", "golden", name)).Arguments.Contains("--batch");

    /// <summary>The JSON lines a golden case prints (eval --batch --json).</summary>
    private static List<JsonElement> LinesOf(string name)
    {
        var arguments = GoldenCase.Load(Path.Combine(RepositoryRoot.Path, "tests", "golden", name)).Arguments.ToArray();
        var standardOutput = new StringWriter { NewLine = "\n" };
        var exit = CommandLine.Run(arguments, standardOutput, new StringWriter());
        Assert.Equal(ExitCode.Success, exit);
        return [.. standardOutput.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    private static IEnumerable<string> CasesWith(Func<string, bool> verb, string format)
    {
        string folder = Path.Combine(RepositoryRoot.Path, "tests", "golden");
        foreach (var file in Directory.EnumerateFiles(folder, "*.golden", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var golden = GoldenCase.Load(file);
            var arguments = golden.Arguments;
            int at = Array.IndexOf(arguments, "--format");
            // eval and info say --json for --format json.
            bool json = format == "json" && arguments.Contains("--json");
            if (arguments.Length > 0 && verb(arguments[0]) && (json || (at >= 0 && at + 1 < arguments.Length && arguments[at + 1] == format)))
                yield return Path.GetRelativePath(folder, file).Replace('\\', '/');
        }
    }

    /// <summary>Runs the golden case and parses its report, from standard output or from its --output file.</summary>
    private JsonElement ReportOf(string name)
    {
        var arguments = GoldenCase.Load(Path.Combine(RepositoryRoot.Path, "tests", "golden", name)).Arguments.ToArray();
        int output = Array.IndexOf(arguments, "--output");
        string? file = null;
        if (output >= 0)
        {
            file = Path.Combine(_folder, Path.GetFileName(arguments[output + 1]));
            arguments[output + 1] = file;
        }
        var standardOutput = new StringWriter { NewLine = "\n" };
        var standardError = new StringWriter { NewLine = "\n" };
        var exit = CommandLine.Run(arguments, standardOutput, standardError);
        Assert.NotEqual(ExitCode.InternalError, exit);
        string text = file is null ? standardOutput.ToString() : File.ReadAllText(file);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static void AssertValid(JsonSchema schema, JsonElement report, string name)
    {
        var results = schema.Evaluate(report, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!results.IsValid)
        {
            var errors = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"));
            Assert.Fail($"{name}: the report does not satisfy its schema:\n{string.Join("\n", errors)}");
        }
    }

    /// <summary>
    /// The OASIS schema is draft-04, which the validator does not read; it is read as draft-07, for which this schema
    /// differs only in its id keyword, dropped here (it uses no exclusiveMinimum or exclusiveMaximum, whose meaning changed).
    /// </summary>
    private static JsonSchema LoadSarifSchema()
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "schemas", "sarif-schema-2.1.0.json")))!.AsObject();
        node["$schema"] = "http://json-schema.org/draft-07/schema#";
        // Its references are all local (#/definitions/…): the id is not needed to resolve them.
        node.Remove("id");
        return JsonSchema.FromText(node.ToJsonString());
    }
}
