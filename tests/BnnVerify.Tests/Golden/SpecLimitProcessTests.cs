using System.Diagnostics;
using System.Text;

namespace BnnVerify.Tests.Golden;

/// <summary>
/// The spec limits through the built executable as a separate process, whose main thread has the stack the
/// operating system gives it (not the test host's): deep nesting is exit 2 with one located error on standard
/// error, never a crash (exit 134) or a stack trace; the term budget and its override reach every verb.
/// </summary>
public sealed class SpecLimitProcessTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bnnverify-limit-process-" + Guid.NewGuid().ToString("N"));

    public SpecLimitProcessTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int ExitCode, string Output, string Error) Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bnnverify.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    private static void AssertOneError(string error, string prefix)
    {
        var lines = error.Trim().Split('\n');
        Assert.True(lines.Length == 1, $"expected one line on standard error, got:\n{error}");
        Assert.StartsWith(prefix, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parens", 522)]
    [InlineData("predicates", 14)]
    public void Ten_thousand_levels_are_exit_2_with_one_located_error(string kind, int column)
    {
        const int deep = 10_000;
        string text = kind == "parens"
            ? "contract c { ensures " + Repeat("(", deep) + "x0" + Repeat(")", deep) + " }\n"
            : "pred p0 = x0\n" + string.Concat(Enumerable.Range(1, deep - 1).Select(i => $"pred p{i} = p{i - 1}\n")) + $"contract c {{ ensures p{deep - 1} }}\n";
        string spec = Write(kind + ".contract", text);
        int line = kind == "parens" ? 1 : deep - 499;
        foreach (var verb in new[] { "check", "export" })
        {
            string[] arguments = verb == "check"
                ? ["check", "models/xor.json", spec]
                : ["export", "models/xor.json", spec, "--format", "dimacs", "--output", Path.Combine(_folder, "out.cnf")];
            var (exitCode, output, error) = Run(null, arguments);
            Assert.True(exitCode == 2, $"{verb}: exit {exitCode}\n{error}");
            AssertOneError(error, $"{spec}({line},{column}): error BNN0920: ");
            Assert.DoesNotContain("BNN0920", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_flat_chain_of_ten_thousand_conjuncts_is_checked()
    {
        string spec = Write("chain.contract", "contract c { ensures " + string.Join(" && ", Enumerable.Repeat("(!x0 || !x1 || y)", 10_000)) + " }\n");
        var (exitCode, output, error) = Run(null, "check", "models/xor.json", spec, "--backend", "native");
        Assert.True(exitCode == 1, $"exit {exitCode}\n{output}\n{error}");
        // y is x0 xor x1, so only x0 = x1 = 1 falsifies a conjunct.
        Assert.Contains("VIOLATED", output, StringComparison.Ordinal);
        Assert.Contains("true inputs: x0, x1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_term_budget_is_exit_2_and_its_environment_variable_overrides_it()
    {
        string spec = Write("grid.contract", "contract c {\n  ensures forall i in 0..299: forall j in 0..299: !x0 || !x1 || y\n}\n");
        var small = new Dictionary<string, string> { ["BNNVERIFY_SPEC_MAX_TERMS"] = "50000" };
        var (exitCode, _, error) = Run(small, "check", "models/xor.json", spec);
        Assert.True(exitCode == 2, $"exit {exitCode}\n{error}");
        AssertOneError(error, $"{spec}(2,11): error BNN0921: expanding this forall over i takes more than 50000 terms");

        // Within the default budget (about 450,000 terms) the same spec is checked.
        (exitCode, var output, error) = Run(null, "check", "models/xor.json", spec, "--backend", "exhaustive");
        Assert.True(exitCode == 1, $"exit {exitCode}\n{output}\n{error}");

        var bad = new Dictionary<string, string> { ["BNNVERIFY_SPEC_MAX_TERMS"] = "lots" };
        (exitCode, _, error) = Run(bad, "check", "models/xor.json", spec);
        Assert.True(exitCode == 2, $"exit {exitCode}\n{error}");
        AssertOneError(error, $"{spec}: error BNN0923: the environment variable BNNVERIFY_SPEC_MAX_TERMS='lots'");
    }

    [Fact]
    public void A_vacuous_contract_is_vacuous_with_BNN0351_on_a_solver_backend()
    {
        string spec = Write("vacuous.contract", "contract v {\n  requires (x0 || x1) && (x0 || !x1) && (!x0 || x1) && (!x0 || !x1)\n  ensures y\n}\n");
        foreach (var backend in new[] { "native", "z3-pb" })
        {
            var (exitCode, output, error) = Run(null, "check", "models/xor.json", spec, "--backend", backend, "--verbose");
            Assert.True(exitCode == 0, $"{backend}: exit {exitCode}\n{output}\n{error}");
            Assert.Contains($"{spec}(1,1): warning BNN0351: ", error, StringComparison.Ordinal);
            Assert.Contains("VACUOUS: no input satisfies the preconditions", output, StringComparison.Ordinal);
            // The backend itself decided (not exhaustive checking): --verbose names it.
            Assert.Contains($"decided by {backend}", output, StringComparison.Ordinal);
        }
    }
}
