using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Json;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Contracts;

/// <summary>
/// Recovery after syntax errors (docs/contract-language.md, "Diagnostics"): every syntax error of a file is reported in
/// file order, the declarations between them are still read and elaborated, names that a broken declaration would have
/// declared cause no second error, and the keyword hints.
/// </summary>
public sealed class SyntaxRecoveryTests : IDisposable
{
    private const string Board = "tests/golden/models/board.json";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bnnverify-recovery-" + Guid.NewGuid().ToString("N"));

    public SyntaxRecoveryTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ParsedSpecFile Parse(string text, SpecLimits? limits = null) => Parser.ParseFileWithRecovery(text, "t.contract", limits);

    private List<Diagnostic> LoadErrors(string text, params (string Name, string Text)[] others)
    {
        string path = Path.Combine(_folder, "spec.contract");
        File.WriteAllText(path, text);
        foreach (var (name, content) in others)
            File.WriteAllText(Path.Combine(_folder, name), content);
        var model = ModelReader.ReadFile(Board).Model ?? throw new InvalidOperationException($"cannot read {Board}");
        var result = SpecLoader.Load(path, model);
        Assert.False(result.Succeeded);
        return result.Diagnostics.Where(d => d.IsError).ToList();
    }

    private static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics);

    [Fact]
    public void Every_syntax_error_is_reported_in_file_order_and_the_declarations_between_are_read()
    {
        var parsed = Parse("const A = 1 +\npred p = a0\ncontract c { ensures a0 a1 }\ncontract d { ensures a1 }\nrender grid(3 3) { a: \"O\" }\ncontract e { ensures h0 }");
        Assert.Equal([(2, 1), (3, 25), (5, 15)], parsed.Errors.Select(e => (e.Location.Line, e.Location.Column)));
        Assert.All(parsed.Errors, e => Assert.Equal(ContractDiagnosticIds.SyntaxError, e.Id));
        Assert.Equal(["p", "d", "e"], parsed.File.Declarations.Select(d => d switch
        {
            PredDeclaration p => p.Name,
            ContractDeclaration c => c.Name,
            _ => d.GetType().Name,
        }));
    }

    [Fact]
    public void A_missing_closing_brace_costs_only_its_own_contract()
    {
        var parsed = Parse("contract c {\n  ensures a0 &&\ncontract d { ensures a1 }");
        var error = Assert.Single(parsed.Errors);
        Assert.Equal((3, 1), (error.Location.Line, error.Location.Column));
        Assert.Equal("d", Assert.IsType<ContractDeclaration>(Assert.Single(parsed.File.Declarations)).Name);
    }

    [Fact]
    public void The_strict_parse_throws_the_first_error()
    {
        var e = Assert.Throws<DiagnosticException>(() => Parser.ParseFile("contract c { ensures }\ncontract d { ensures ( }", "t.contract"));
        Assert.Equal((1, 22), (e.Diagnostic.Location.Line, e.Diagnostic.Location.Column));
    }

    [Fact]
    public void After_twenty_errors_the_parser_stops_with_one_that_says_so()
    {
        string text = string.Concat(Enumerable.Range(0, 30).Select(i => $"const C{i} = )\n"));
        var parsed = Parse(text);
        Assert.Equal(Parser.MaxSyntaxErrors + 1, parsed.Errors.Length);
        Assert.All(parsed.Errors.Take(Parser.MaxSyntaxErrors), e => Assert.Equal(ContractDiagnosticIds.SyntaxError, e.Id));
        var last = parsed.Errors[^1];
        Assert.Equal(ContractDiagnosticIds.TooManySyntaxErrors, last.Id);
        Assert.Equal(Parser.MaxSyntaxErrors + 1, last.Location.Line);
        Assert.Contains("too many syntax errors", last.Message, StringComparison.Ordinal);
        // The unread rest of the file might declare anything.
        Assert.Contains(parsed.Unparsed, u => u.Name is null);
    }

    [Theory]
    [InlineData("pred p(x) = a[x] &&", "p")]
    [InlineData("const N = (1", "N")]
    [InlineData("cosnt N = 1", "N")]
    [InlineData("predicate p(x) = a[x]", "p")]
    [InlineData("pred (x) = a[x]", null)]
    [InlineData("include lib", null)]
    [InlineData("inclde \"lib.contract\"", null)]
    public void A_broken_declaration_records_the_name_it_would_have_declared(string text, string? name)
    {
        var parsed = Parse(text);
        Assert.Single(parsed.Errors);
        Assert.Equal(name, Assert.Single(parsed.Unparsed).Name);
    }

    [Theory]
    [InlineData("contract c { ensures a0 a1 }")]
    [InlineData("render grid(3, 3) { a: }")]
    [InlineData("] contract c { ensures a0 }")]
    [InlineData("contarct c { ensures a0 }")]
    public void A_broken_contract_rendering_or_stray_token_declares_nothing(string text)
    {
        var parsed = Parse(text);
        Assert.Single(parsed.Errors);
        Assert.Empty(parsed.Unparsed);
    }

    [Fact]
    public void A_contract_using_a_broken_predicate_is_not_reported_but_an_unrelated_error_is()
    {
        var errors = LoadErrors("pred empty(i) = !a[i] && !h[i\ncontract c { ensures empty(0) }\ncontract d { ensures a9 }");
        Assert.True(errors.Count == 2, Describe(errors));
        Assert.Equal(ContractDiagnosticIds.SyntaxError, errors[0].Id);
        Assert.Equal((ContractDiagnosticIds.UnknownName, 3), (errors[1].Id, errors[1].Location.Line));
        Assert.Contains("'a9'", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_constant_with_a_syntax_error_is_not_reported_again_where_it_is_used()
    {
        var errors = LoadErrors("const CORNERS = [0, 2, 6, 8\ncontract c { ensures forall i in CORNERS: !a[i] }\ncontract d { ensures count(a[0..8]) == true }");
        Assert.True(errors.Count == 2, Describe(errors));
        Assert.Equal([ContractDiagnosticIds.SyntaxError, ContractDiagnosticIds.TypeError], errors.Select(e => e.Id));
    }

    [Fact]
    public void A_broken_rendering_does_not_hide_unknown_names()
    {
        var errors = LoadErrors("render grid(3, 3) { a: }\ncontract c { ensures a9 }");
        Assert.Equal([ContractDiagnosticIds.SyntaxError, ContractDiagnosticIds.UnknownName], errors.Select(e => e.Id));
    }

    [Fact]
    public void A_broken_include_hides_unknown_names_since_the_file_could_declare_them()
    {
        var errors = LoadErrors("include lib\ncontract c { ensures empty(0) && a9 }");
        Assert.True(errors.Count == 1, Describe(errors));
        Assert.Equal(ContractDiagnosticIds.SyntaxError, errors[0].Id);
    }

    [Fact]
    public void Syntax_errors_of_an_included_file_are_reported_with_its_name()
    {
        var errors = LoadErrors("include \"lib.contract\"\ncontract c { ensures a0 a1 }", ("lib.contract", "pred p = a0 &&\n"));
        Assert.Equal(["spec.contract", "lib.contract"], errors.Select(e => Path.GetFileName(e.Location.File)));
        Assert.All(errors, e => Assert.Equal(ContractDiagnosticIds.SyntaxError, e.Id));
    }

    [Fact]
    public void Nesting_too_deep_in_one_declaration_does_not_stop_the_next()
    {
        var limits = SpecLimits.Default with { MaxDepth = 20 };
        string deep = new string('(', 30) + "a0" + new string(')', 30);
        string moderate = new string('(', 5) + "a0" + new string(')', 5);
        var parsed = Parse($"contract c {{ ensures {deep} }}\ncontract d {{ ensures {moderate} }}\ncontract e {{ ensures ) }}", limits);
        Assert.Equal([ContractDiagnosticIds.NestingTooDeep, ContractDiagnosticIds.SyntaxError], parsed.Errors.Select(e => e.Id));
        Assert.Equal("d", Assert.IsType<ContractDeclaration>(Assert.Single(parsed.File.Declarations)).Name);
    }

    [Theory]
    [InlineData("contract c { ensrues a0 }", "found 'ensrues'; did you mean 'ensures'?")]
    [InlineData("contract c { ensure a0 }", "found 'ensure'; did you mean 'ensures'?")]
    [InlineData("contract c { requries a0 ensures a1 }", "did you mean 'requires'?")]
    [InlineData("contract c { assume a0 ensures a1 }", "did you mean 'requires'?")]
    [InlineData("contract c { ensures a0 adn a1 }", "found 'adn'; did you mean 'and'?")]
    [InlineData("contract c { ensures a0 a1 }", "found 'a1'")]
    [InlineData("contarct c { ensures a0 }", "found 'contarct'; did you mean 'contract'?")]
    [InlineData("cosnt N = 1", "did you mean 'const'?")]
    [InlineData("constant N = 1", "did you mean 'const'?")]
    [InlineData("predicate p = a0", "did you mean 'pred'?")]
    [InlineData("inclde \"x.contract\"", "did you mean 'include'?")]
    [InlineData("rendre grid(3, 3) { a: \"O\" }", "did you mean 'render'?")]
    [InlineData("ensures a0", "a 'ensures' clause belongs inside 'contract NAME { … }'")]
    [InlineData("contract c { ensures froall i in 0..2: a[i] }", "expected an operator after 'froall', found 'i'; did you mean 'forall'?")]
    [InlineData("contract c { ensures exsits i in 0..2: a[i] }", "did you mean 'exists'?")]
    [InlineData("contract c { ensures all i in 0..2: a[i] }", "did you mean 'forall'?")]
    public void Keyword_hints(string text, string fragment)
    {
        var error = Assert.Single(Parse(text).Errors);
        Assert.Equal(ContractDiagnosticIds.SyntaxError, error.Id);
        Assert.EndsWith(fragment, error.Message, StringComparison.Ordinal);
        if (!fragment.Contains("did you mean", StringComparison.Ordinal) && !fragment.Contains("belongs", StringComparison.Ordinal))
            Assert.DoesNotContain("did you mean", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_literal_is_suggested_as_the_keyword()
    {
        var error = Assert.Single(LoadErrors("contract c { ensures ture }"));
        Assert.EndsWith("did you mean 'true'?", error.Message, StringComparison.Ordinal);
    }

    private static readonly string[] Vocabulary =
    [
        "contract", "pred", "const", "include", "render", "requires", "ensures", "forall", "exists", "in", "grid",
        "{", "}", "(", ")", "[", "]", ",", ":", ";", "=", "==", "==>", "&&", "..", "+", "!", "a0", "a", "x", "3", "\"f\"",
        "contarct", "cosnt", "\n",
    ];

    [Fact]
    public void Recovery_ends_on_any_token_soup_with_located_errors_in_file_order()
    {
        var soups = Gen.Elements(Vocabulary).ArrayOf().Select(tokens => string.Join(" ", tokens));
        Prop.ForAll(Arb.From(soups), text =>
        {
            var parsed = Parse(text);
            var errors = parsed.Errors;
            bool inOrder = errors.Zip(errors.Skip(1)).All(p => (p.First.Location.Line, p.First.Location.Column).CompareTo((p.Second.Location.Line, p.Second.Location.Column)) <= 0);
            return errors.Length <= Parser.MaxSyntaxErrors + 1 && inOrder && errors.All(e => e.Location.File == "t.contract" && e.Location.Line >= 1);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }
}
