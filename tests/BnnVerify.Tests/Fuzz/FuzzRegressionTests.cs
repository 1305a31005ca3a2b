using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Json;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;

namespace BnnVerify.Tests.Fuzz;

/// <summary>
/// One test per crash the fuzzer found and that was fixed here (docs/quality.md, "Fuzzing"); the input that
/// crashed is kept in fuzz/crashes/TARGET/ as well, where FuzzCorpusReplayTests replays it.
/// </summary>
public sealed class FuzzRegressionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bnnverify-fuzz-regression-" + Guid.NewGuid().ToString("N"));

    public FuzzRegressionTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private SpecLoadResult LoadSpec(string text)
    {
        string path = Path.Combine(_folder, "spec.contract");
        File.WriteAllText(path, text);
        var model = ModelReader.ReadFile("models/xor.json").Model!;
        return SpecLoader.Load(path, model);
    }

    private static Diagnostic SingleError(SpecLoadResult result)
    {
        Assert.False(result.Succeeded);
        return Assert.Single(result.Diagnostics, d => d.IsError);
    }

    [Fact]
    public void An_include_path_with_a_NUL_character_is_BNN0300_at_the_include_not_an_ArgumentException()
    {
        // fuzz/crashes/spec/nul-in-include-path.contract: Path.GetFullPath threw "Null character in path".
        var error = SingleError(LoadSpec("contract c { ensures y }\ninclude \"lib\0.contract\"\n"));
        Assert.Equal(ContractDiagnosticIds.FileUnreadable, error.Id);
        Assert.Equal((2, 1), (error.Location.Line, error.Location.Column));
        Assert.Contains("lib\\0.contract': the name is empty or holds a NUL character", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_vector_path_with_a_NUL_character_is_BNN0300_at_the_call_not_an_ArgumentException()
    {
        var error = SingleError(LoadSpec("const v = inputs(\"v\0.inputs\")\ncontract c { ensures hamming(v) <= 1 }\n"));
        Assert.Equal(ContractDiagnosticIds.FileUnreadable, error.Id);
        Assert.Equal((1, 11), (error.Location.Line, error.Location.Column));
        Assert.Contains("cannot read the input vector", error.Message, StringComparison.Ordinal);
    }
}
