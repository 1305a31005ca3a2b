using BnnVerify.Bnn.Json;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Tests.Contracts;

/// <summary>
/// How a type error names the value it found: each kind of value of the elaborator has its own words, and a message
/// that names the wrong kind (a count called a constant, a family called an index) would mislead the user. Killed
/// mutants of Values.Describe that survived the diagnostic tests (docs/quality.md, "Mutation testing").
/// </summary>
public sealed class ValueDescriptionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bnnverify-values-" + Guid.NewGuid().ToString("N"));

    public ValueDescriptionTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("models/xor.json", "contract c { ensures true + 1 == 2 }", "expected an integer, found the constant true")]
    [InlineData("models/xor.json", "contract c { ensures false + 1 == 2 }", "expected an integer, found the constant false")]
    [InlineData("models/xor.json", "contract c { ensures (x0 && x1) + 1 == 2 }", "expected an integer, found a boolean")]
    [InlineData("models/xor.json", "contract c { ensures 3 }", "expected a boolean, found the integer 3")]
    [InlineData("models/xor.json", "contract c { ensures count(x0, x1) }", "expected a boolean, found a count")]
    [InlineData("models/xor.json", "contract c { ensures count(x0, y) }", "expected a boolean, found an integer expression over scores or outputs")]
    [InlineData("models/digits.json", "contract c { ensures px }", "found the family 'px' (index it, as in px[0])")]
    [InlineData("models/digits.json", "contract c { ensures px[3] }", "found part of the family 'px' (it needs another index)")]
    public void A_type_error_names_the_kind_of_value_it_found(string model, string spec, string message)
    {
        string path = Path.Combine(_folder, "spec.contract");
        File.WriteAllText(path, spec);
        var result = SpecLoader.Load(path, ModelReader.ReadFile(model).Model!);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
