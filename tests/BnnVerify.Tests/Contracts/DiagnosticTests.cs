using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;

namespace BnnVerify.Tests.Contracts;

/// <summary>
/// Every diagnostic of docs/contract-language.md (BNN0300–BNN0311, BNN0350–BNN0352) on a spec that
/// provokes it: the id, the file, the line and column, and a fragment of the message.
/// </summary>
public sealed class DiagnosticTests : IDisposable
{
    /// <summary>Inputs a0..a8 and h0..h8, argmax over move0..move8.</summary>
    private const string Board = "tests/golden/models/board.json";

    /// <summary>Inputs x0, x1, one output bit y.</summary>
    private const string Xor = "models/xor.json";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bnnverify-diagnostics-" + Guid.NewGuid().ToString("N"));

    public DiagnosticTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string SpecPath => Path.Combine(_folder, "spec.contract");

    private static BnnModel Model(string path) => ModelReader.ReadFile(path).Model ?? throw new InvalidOperationException($"cannot read {path}");

    private SpecLoadResult Load(string text, string model = Board, params (string Name, string Text)[] others)
    {
        File.WriteAllText(SpecPath, text);
        foreach (var (name, content) in others)
            File.WriteAllText(Path.Combine(_folder, name), content);
        return SpecLoader.Load(SpecPath, Model(model));
    }

    private static void AssertDiagnostic(Diagnostic diagnostic, string id, string file, int line, int column, string fragment)
    {
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(file, diagnostic.Location.File);
        Assert.True((line, column) == (diagnostic.Location.Line, diagnostic.Location.Column),
            $"expected ({line},{column}), got ({diagnostic.Location.Line},{diagnostic.Location.Column}): {diagnostic}");
        Assert.Contains(fragment, diagnostic.Message, StringComparison.Ordinal);
    }

    private Diagnostic SingleError(SpecLoadResult result)
    {
        Assert.False(result.Succeeded);
        Assert.Null(result.Spec);
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        Assert.True(errors.Count == 1, $"expected one error in {SpecPath}, got: {string.Join("; ", errors)}");
        return errors[0];
    }

    [Theory]
    // BNN0301 lexical errors.
    [InlineData("contract c {\n  ensures a0 @ a1\n}", "BNN0301", 2, 14, "unexpected character '@'")]
    [InlineData("const S = \"abc\ncontract c { ensures a0 }", "BNN0301", 1, 11, "not closed on its line")]
    [InlineData("contract c { ensures a0 }\n/* never closed", "BNN0301", 2, 1, "never closed with '*/'")]
    [InlineData("contract c { ensures count(a[0..8]) >= 3a }", "BNN0301", 1, 41, "a number cannot run into a name")]
    [InlineData("contract c { ensures `xor }", "BNN0301", 1, 22, "between backquotes")]
    [InlineData("contract c { ensures count(a[0..8]) < 1234567890 }", "BNN0301", 1, 39, "the number 1234567890 is too large")]
    // BNN0302 syntax errors.
    [InlineData("contract c {\n  requires\n}", "BNN0302", 3, 1, "expected an expression, found '}'")]
    [InlineData("contract c { ensures a0 == a1 == a2 }", "BNN0302", 1, 31, "comparisons do not chain")]
    [InlineData("contract c { ensures a0 a1 }", "BNN0302", 1, 25, "expected 'requires', 'ensures' or '}' in contract 'c'")]
    [InlineData("contract { ensures a0 }", "BNN0302", 1, 10, "expected the contract's name")]
    [InlineData("ensures a0", "BNN0302", 1, 1, "expected a declaration")]
    [InlineData("contract c {\n  ensrues a0\n}", "BNN0302", 2, 3, "found 'ensrues'; did you mean 'ensures'?")]
    [InlineData("contarct c { ensures a0 }", "BNN0302", 1, 1, "found 'contarct'; did you mean 'contract'?")]
    [InlineData("contract c { ensures froall i in 0..8: a[i] }", "BNN0302", 1, 22, "did you mean 'forall'?")]
    [InlineData("render box(3, 3) { a: \"O\" }", "BNN0302", 1, 8, "the only rendering is 'grid'")]
    [InlineData("pred p(x) = true\ncontract c { ensures p(i in 0..2: a[i]) }", "BNN0302", 2, 24, "only allowed as an argument of count, atleast, atmost or exactly")]
    // BNN0303 unknown names, with a hint.
    [InlineData("contract c { ensures hh0 }", "BNN0303", 1, 22, "unknown name 'hh0': not an input, output, class, constant, predicate or bound variable; did you mean 'h0'?")]
    [InlineData("contract c { ensures cont(a[0..8]) > 1 }", "BNN0303", 1, 22, "unknown function or predicate 'cont'; did you mean 'count'?")]
    [InlineData("contract c { ensures class == mve4 }", "BNN0303", 1, 31, "did you mean 'move4'?")]
    // BNN0304 type errors.
    [InlineData("contract c { ensures count(a[0..8]) == true }", "BNN0304", 1, 37, "cannot compare a count with the constant true")]
    [InlineData("contract c { ensures count(a[0..2]) * count(h[0..2]) > 1 }", "BNN0304", 1, 37, "only a constant can multiply")]
    [InlineData("contract c { ensures a0 + 1 > 0 }", "BNN0304", 1, 22, "expected an integer, found a boolean")]
    [InlineData("contract c { ensures count(a[0..8]) }", "BNN0304", 1, 22, "expected a boolean, found a count")]
    [InlineData("contract c { ensures class == a0 }", "BNN0304", 1, 31, "expected a class name, found a boolean")]
    [InlineData("contract c { ensures exists (p, q) in [(0, 1, 2)]: a[p] }", "BNN0304", 1, 39, "(p, q) needs tuples of 2, but the domain holds a tuple of 3")]
    [InlineData("contract c { ensures a[a0] }", "BNN0304", 1, 24, "expected a constant integer, found a boolean")]
    // BNN0305 arity errors.
    [InlineData("pred empty(i) = !a[i] && !h[i]\ncontract c { ensures empty(1, 2) }", "BNN0305", 2, 22, "the predicate 'empty' takes 1 argument, not 2")]
    [InlineData("pred empty(i) = !a[i] && !h[i]\ncontract c { ensures empty }", "BNN0305", 2, 22, "takes 1 argument; call it as empty(i)")]
    [InlineData("contract c { ensures atleast(2) }", "BNN0305", 1, 22, "atleast takes a bound and then the conditions to count")]
    [InlineData("contract c { ensures score(move0, move1) > 0 }", "BNN0305", 1, 22, "score takes 1 argument, not 2")]
    // BNN0306 names declared twice or hidden.
    [InlineData("contract c { ensures forall a0 in 0..2: true }", "BNN0306", 1, 22, "the variable 'a0' would hide a model input")]
    [InlineData("contract c { ensures exists a in 0..2: true }", "BNN0306", 1, 22, "the variable 'a' would hide a family of model names")]
    [InlineData("contract c { ensures forall i in 0..2: forall i in 0..2: a[i] }", "BNN0306", 1, 40, "the variable 'i' would hide an enclosing bound variable")]
    [InlineData("const K = 1\nconst K = 2\ncontract c { ensures a[K] }", "BNN0306", 2, 1, "'K' is declared twice")]
    [InlineData("contract c { ensures a0 }\ncontract c { ensures a1 }", "BNN0306", 2, 1, "the contract 'c' is declared twice")]
    [InlineData("const a4 = 1\ncontract c { ensures a0 }", "BNN0306", 1, 1, "the constant 'a4' has the name of a model input")]
    [InlineData("pred count = true\ncontract c { ensures a0 }", "BNN0306", 1, 1, "'count' is a built-in function")]
    [InlineData("pred p(i, i) = a[i]\ncontract c { ensures p(0, 1) }", "BNN0306", 1, 1, "two parameters with the same name")]
    // BNN0307 indices, ranges, division.
    [InlineData("contract c { ensures a[9] }", "BNN0307", 1, 23, "a[9] does not exist: the model has no 'a9' or 'a_9' (a has members 0..8)")]
    [InlineData("contract c { ensures forall i in 3..1: a[i] }", "BNN0307", 1, 35, "the range 3..1 is empty")]
    [InlineData("contract c { ensures a[1 / 0] }", "BNN0307", 1, 26, "division by zero")]
    [InlineData("const L = [0, 1]\ncontract c { ensures a[L[2]] }", "BNN0307", 2, 25, "index 2 is outside 0..1")]
    // BNN0308 cycles.
    [InlineData("const K = K + 1\ncontract c { ensures a[K] }", "BNN0308", 1, 1, "the constant 'K' is defined in terms of itself")]
    [InlineData("pred p(i) = a[i] || p(i)\ncontract c { ensures p(0) }", "BNN0308", 1, 21, "the predicate 'p' calls itself")]
    // BNN0309 outputs in preconditions.
    [InlineData("contract c {\n  requires class == move0\n  ensures a0\n}", "BNN0309", 2, 3, "a precondition may only mention inputs")]
    [InlineData("contract c {\n  requires score(move1) > 0\n  ensures a0\n}", "BNN0309", 2, 3, "a precondition may only mention inputs")]
    // BNN0310 missing parts.
    [InlineData("contract c {\n  requires a0\n}", "BNN0310", 1, 1, "the contract 'c' has no 'ensures' clause")]
    // BNN0311 rendering hints that do not fit.
    [InlineData("render grid(0, 3) { a: \"O\" }\ncontract c { ensures a0 }", "BNN0311", 1, 1, "a grid needs between 1 and 4096 cells")]
    [InlineData("render grid(3, 3) { }\ncontract c { ensures a0 }", "BNN0311", 1, 1, "a grid needs at least one family")]
    [InlineData("render grid(4, 4) { a: \"O\" }\ncontract c { ensures a0 }", "BNN0311", 1, 21, "the grid cell (2, 1) has no input in family 'a'")]
    [InlineData("render grid(3, 3) { a: \"O\", z: \"Z\" }\ncontract c { ensures a0 }", "BNN0311", 1, 29, "the grid cell (0, 0) has no input in family 'z'")]
    public void Each_error_names_its_id_file_line_column_and_cause(string text, string id, int line, int column, string fragment)
    {
        var error = SingleError(Load(text));
        AssertDiagnostic(error, id, SpecPath, line, column, fragment);
        // The one-line form is what the CLI prints.
        Assert.StartsWith($"{SpecPath}({line},{column}): error {id}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("contract c { ensures class == y }", 1, 22, "'class' needs an argmax model")]
    [InlineData("contract c { ensures score(y) > 0 }", 1, 22, "score(…) needs an argmax model")]
    [InlineData("contract c {\n  requires x0\n  ensures y\n}\ncontract d {\n  requires !y\n  ensures y\n}", 6, 3, "a precondition may only mention inputs")]
    public void Errors_specific_to_bit_output_models(string text, int line, int column, string fragment)
    {
        var error = SingleError(Load(text, Xor));
        Assert.Contains(error.Id, new[] { ContractDiagnosticIds.TypeError, ContractDiagnosticIds.OutputInPrecondition });
        AssertDiagnostic(error, error.Id, SpecPath, line, column, fragment);
    }

    [Fact]
    public void A_missing_spec_file_is_BNN0300_at_the_file()
    {
        string missing = Path.Combine(_folder, "missing.contract");
        var error = SingleError(SpecLoader.Load(missing, Model(Board)));
        AssertDiagnostic(error, ContractDiagnosticIds.FileUnreadable, missing, 0, 0, "cannot read the spec file: no such file");
    }

    [Fact]
    public void A_missing_included_file_is_BNN0300_at_the_include()
    {
        var error = SingleError(Load("// the library\ninclude \"missing.contract\"\ncontract c { ensures a0 }"));
        AssertDiagnostic(error, ContractDiagnosticIds.FileUnreadable, SpecPath, 2, 1, "cannot read the included file");
        Assert.Contains(Path.Combine(_folder, "missing.contract"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_vector_is_BNN0300_at_the_call()
    {
        var error = SingleError(Load("const V = inputs(\"missing.inputs\")\ncontract c { ensures hamming(V) <= 1 }"));
        AssertDiagnostic(error, ContractDiagnosticIds.FileUnreadable, SpecPath, 1, 11, "cannot read the input vector");
    }

    [Fact]
    public void A_spec_without_contracts_is_BNN0310_at_the_file()
    {
        var result = Load("pred empty(i) = !a[i] && !h[i]\n");
        var error = SingleError(result);
        AssertDiagnostic(error, ContractDiagnosticIds.MissingPart, SpecPath, 0, 0, "the spec declares no contract");
    }

    [Fact]
    public void An_include_cycle_is_BNN0308_at_the_include_that_closes_it()
    {
        var result = Load("include \"lib.contract\"\ncontract c { ensures a0 }", Board,
            ("lib.contract", "// a library\npred empty(i) = !a[i] && !h[i]\ninclude \"spec.contract\"\n"));
        var error = SingleError(result);
        AssertDiagnostic(error, ContractDiagnosticIds.Cycle, Path.Combine(_folder, "lib.contract"), 3, 1, "including 'spec.contract' here makes a cycle of includes");
    }

    [Fact]
    public void A_file_included_twice_is_read_once_and_its_declarations_are_not_duplicated()
    {
        var result = Load("include \"lib.contract\"\ninclude \"more.contract\"\ncontract c { ensures empty(0) }", Board,
            ("lib.contract", "pred empty(i) = !a[i] && !h[i]\n"),
            ("more.contract", "include \"lib.contract\"\n"));
        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Errors_in_one_contract_do_not_hide_errors_in_the_others()
    {
        var result = Load("contract c {\n  ensures hh0\n}\ncontract d {\n  ensures a[9]\n}\ncontract e {\n  ensures a0\n}");
        Assert.False(result.Succeeded);
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        Assert.Equal(2, errors.Count);
        AssertDiagnostic(errors[0], ContractDiagnosticIds.UnknownName, SpecPath, 2, 11, "unknown name 'hh0'");
        AssertDiagnostic(errors[1], ContractDiagnosticIds.BadIndex, SpecPath, 5, 12, "a[9] does not exist");
    }

    [Fact]
    public void An_unused_constant_or_predicate_of_the_checked_spec_is_warning_BNN0350_but_not_in_included_files()
    {
        var result = Load("include \"lib.contract\"\nconst K = 1\npred unused_here = a0\ncontract c { ensures a0 }", Board,
            ("lib.contract", "const LIBRARY_CONSTANT = 3\n"));
        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Diagnostics.Length);
        Assert.All(result.Diagnostics, d => Assert.False(d.IsError));
        AssertDiagnostic(result.Diagnostics[0], ContractDiagnosticIds.UnusedDeclaration, SpecPath, 2, 1, "the constant 'K' is never used");
        AssertDiagnostic(result.Diagnostics[1], ContractDiagnosticIds.UnusedDeclaration, SpecPath, 3, 1, "the predicate 'unused_here' is never used");
    }

    [Fact]
    public void A_name_used_after_an_error_in_its_contract_is_not_reported_unused()
    {
        // The error stops the contract's elaboration before 'ensures empty0' is read.
        var result = Load("pred empty0 = !a0 && !h0\ncontract c {\n  requires class == move0\n  ensures empty0\n}");
        AssertDiagnostic(SingleError(result), ContractDiagnosticIds.OutputInPrecondition, SpecPath, 3, 3, "a precondition may only mention inputs");
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == ContractDiagnosticIds.UnusedDeclaration);
    }

    [Theory]
    [InlineData("contract c {\n  ensures true\n}", 2, 3, "this ensures clause is always true")]
    [InlineData("contract c {\n  requires a0\n  ensures count(a[0..2]) > 5 || false\n}", 3, 3, "this ensures clause is always false")]
    [InlineData("contract c {\n  ensures move1 == move2\n}", 2, 3, "always false")]
    public void A_constant_ensures_clause_is_warning_BNN0352(string text, int line, int column, string fragment)
    {
        var result = Load(text);
        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Diagnostics);
        Assert.False(warning.IsError);
        AssertDiagnostic(warning, ContractDiagnosticIds.ConstantClause, SpecPath, line, column, fragment);
        Assert.StartsWith($"{SpecPath}({line},{column}): warning BNN0352: ", warning.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_vacuous_contract_is_warning_BNN0351_at_the_contract_and_exits_0()
    {
        File.WriteAllText(SpecPath, "// no input has a piece of both players on cell 4\ncontract impossible {\n  requires a4 && h4 && !a4\n  ensures class == move4\n}\n");
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = CommandLine.Run(["check", Board, SpecPath, "--no-progress"], output, error);
        Assert.Equal(ExitCode.Success, exit);
        Assert.Equal($"{SpecPath}(2,1): warning BNN0351: no input satisfies the preconditions of contract 'impossible', so it holds vacuously\n", error.ToString());
        Assert.Contains("contract impossible (" + SpecPath + "(2,1)): VACUOUS", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_errors_past_the_limit_end_with_one_that_says_the_parser_stopped()
    {
        // One broken constant per line: line 21 holds the first error that is not reported.
        var result = Load(string.Concat(Enumerable.Range(0, 25).Select(i => $"const C{i} = +\n")) + "contract c { ensures a0 }");
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        Assert.Equal(Parser.MaxSyntaxErrors + 1, errors.Count);
        AssertDiagnostic(errors[^1], "BNN0313", SpecPath, Parser.MaxSyntaxErrors + 1, 13, "too many syntax errors; stopped after the first 20");
    }

    [Fact]
    public void Every_documented_diagnostic_id_is_a_constant_and_is_tested_here()
    {
        string doc = File.ReadAllText("docs/contract-language.md");
        // BNN03xx: the language's own diagnostics; BNN092x: its resource limits (docs/limits.md, tested in SpecLimitTests).
        var documented = System.Text.RegularExpressions.Regex.Matches(doc, @"\| (BNN03\d\d|BNN09\d\d) \|").Select(m => m.Groups[1].Value).ToImmutableSortedSet(StringComparer.Ordinal);
        var declared = typeof(ContractDiagnosticIds).GetFields().Select(f => (string)f.GetValue(null)!).ToImmutableSortedSet(StringComparer.Ordinal);
        Assert.Equal(declared, documented);
        string tests = File.ReadAllText("tests/BnnVerify.Tests/Contracts/DiagnosticTests.cs") + File.ReadAllText("tests/BnnVerify.Tests/Contracts/SpecLimitTests.cs");
        foreach (var id in documented)
        {
            string constant = typeof(ContractDiagnosticIds).GetFields().Single(f => (string)f.GetValue(null)! == id).Name;
            Assert.True(tests.Contains($"\"{id}\"", StringComparison.Ordinal) || tests.Contains($"ContractDiagnosticIds.{constant}", StringComparison.Ordinal)
                || tests.Contains($"warning {id}", StringComparison.Ordinal), $"no test asserts {id}");
        }
    }
}
