using System.Text;
using System.Text.RegularExpressions;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Contracts;

/// <summary>A generated spec text; prints its length and start, so that a failing case can be told apart (FsCheck prints the seed).</summary>
public sealed record GeneratedText(string Text)
{
    public override string ToString() => $"{Text.Length} characters: {(Text.Length > 300 ? Text[..300] + "…" : Text)}";
}

/// <summary>
/// Random deep and large spec texts — nesting of every construct thousands deep, closed or not, long chains of every
/// operator, chains and doublings of predicates, token soup with CR, NUL and non-ASCII characters — never make the
/// loader throw (which the CLI turns into exit 4) or crash the process: each gives a spec or located diagnostics.
/// </summary>
public sealed partial class SpecBoundaryProperties : IDisposable
{
    private static readonly BnnModel Board = ModelReader.ReadFile("tests/golden/models/board.json").Model!;

    private static readonly string[] Openers = ["(", "!", "not ", "-", "[", "{", "forall i in 0..1: ", "exists q in [1, 2]: ", "count(", "atleast(1, ", "a0 ==> ", "a[", "p(", "(a0, "];

    private static readonly string[] Closers = [")", "]", "}", ")", " ]", ""];

    private static readonly string[] Operators = [" && ", " || ", " ^ ", " ==> ", " <==> ", " + ", " - ", " * ", " / ", " % ", " == ", " != ", " < ", " in ", "..", " and ", " implies "];

    private static readonly string[] Operands = ["a0", "h8", "true", "count(a[0..8])", "1", "0", "999999999", "move4", "class", "i", "(a1)", "[1, 2]", "-5", "score(move0)", "p(0)", "K"];

    private static readonly string[] Soup =
    [
        "contract", "c", "{", "}", "requires", "ensures", "pred", "p", "const", "K", "=", "(", ")", "[", "]", ",", ":", ";", "forall", "in",
        "0..8", "a0", "\r", "\n", "\r\n", "//", "/*", "*/", "\"", "`", "\\", "\0", "é", "✓", "\t", "999999999", "1234567890", "include", "\"x.contract\"", "render", "grid",
    ];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bnnverify-boundary-" + Guid.NewGuid().ToString("N"));

    public SpecBoundaryProperties() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Gen<string> Nesting() =>
        from depth in Gen.Choose(1, 3_000)
        from openers in Gen.ArrayOf(Gen.Elements(Openers), depth)
        from closer in Gen.Elements(Closers)
        from closed in Gen.Elements(true, true, false)
        select Clause(string.Concat(openers) + "a0" + (closed ? Repeat(closer, depth) : ""));

    private static Gen<string> Chain() =>
        from length in Gen.Choose(1, 4_000)
        from operators in Gen.ArrayOf(Gen.Elements(Operators), length)
        from operands in Gen.ArrayOf(Gen.Elements(Operands), length + 1)
        select Clause(Interleave(operands, operators));

    private static Gen<string> Predicates() =>
        from length in Gen.Choose(1, 3_000)
        from body in Gen.Elements("p{0}", "p{0} && p{0}", "!p{0}", "p{0} ^ a0", "count(p{0}, p{0}) > 0", "forall i in 0..3: p{0}")
        select "pred p0 = a0\n" + string.Concat(Enumerable.Range(1, length).Select(i => $"pred p{i} = {string.Format(System.Globalization.CultureInfo.InvariantCulture, body, $"p{i - 1}")}\n"))
            + $"contract c {{ ensures p{length} }}\n";

    private static Gen<string> TokenSoup() =>
        from length in Gen.Choose(0, 400)
        from tokens in Gen.ArrayOf(Gen.Elements(Soup), length)
        select string.Join(" ", tokens);

    private static string Clause(string expression) => "pred p(x) = a0\nconst K = 2\ncontract c {\n  ensures " + expression + "\n}\n";

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    private static string Interleave(string[] operands, string[] operators)
    {
        var text = new StringBuilder(operands[0]);
        for (int i = 0; i < operators.Length; i++)
            text.Append(operators[i]).Append(operands[i + 1]);
        return text.ToString();
    }

    [GeneratedRegex(@"^BNN0[39][0-9][0-9]$")]
    private static partial Regex SpecDiagnosticId();

    [Fact]
    public void Random_deep_and_large_specs_give_diagnostics_never_an_exception()
    {
        string path = Path.Combine(_folder, "random.contract");
        // A smaller budget than the default keeps a hundred cases within seconds; the depth limit is the default.
        var limits = SpecLimits.Default with { MaxTerms = 200_000 };
        var texts = Gen.OneOf(Nesting(), Chain(), Predicates(), TokenSoup()).Select(t => new GeneratedText(t));
        Prop.ForAll(Arb.From(texts), generated =>
        {
            File.WriteAllText(path, generated.Text);
            SpecLoadResult result;
            try
            {
                result = SpecLoader.Load(path, Board, limits);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"the loader threw {e.GetType().Name} (exit 4 in the CLI): {e.Message}", e);
            }
            Assert.True(result.Succeeded == (result.Spec is not null), "a spec comes exactly when there are no errors");
            foreach (var diagnostic in result.Diagnostics)
            {
                Assert.Matches(SpecDiagnosticId(), diagnostic.Id);
                Assert.Equal(path, diagnostic.Location.File);
                Assert.DoesNotContain('\n', diagnostic.ToString());
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(120));
    }
}
