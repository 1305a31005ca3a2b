using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;

namespace BnnVerify.Tests.Contracts;

/// <summary>
/// The input boundary of the contract language (docs/limits.md, "Specs"; docs/contract-language.md): every case that
/// once overflowed the stack, expanded without bound, was wrongly accepted or mislocated is now one located error
/// with its own id, and what is legitimate (long flat chains, CR line ends, count(…) in lo..hi) works.
/// </summary>
public sealed class SpecLimitTests : IDisposable
{
    /// <summary>Inputs x0, x1, one output bit y.</summary>
    private const string Xor = "models/xor.json";

    /// <summary>Inputs a0..a8 and h0..h8, argmax over move0..move8.</summary>
    private const string Board = "tests/golden/models/board.json";

    private const int Deep = 10_000;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bnnverify-limits-" + Guid.NewGuid().ToString("N"));

    public SpecLimitTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string SpecPath => Path.Combine(_folder, "spec.contract");

    private static BnnModel Model(string path) => ModelReader.ReadFile(path).Model ?? throw new InvalidOperationException($"cannot read {path}");

    private SpecLoadResult Load(string text, string model = Xor, SpecLimits? limits = null)
    {
        File.WriteAllText(SpecPath, text);
        return SpecLoader.Load(SpecPath, Model(model), limits ?? SpecLimits.Default);
    }

    private static Diagnostic SingleError(SpecLoadResult result)
    {
        Assert.False(result.Succeeded);
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        Assert.True(errors.Count == 1, $"expected one error, got: {string.Join("; ", errors)}");
        return errors[0];
    }

    private void AssertError(SpecLoadResult result, string id, int line, int column, string fragment)
    {
        var error = SingleError(result);
        Assert.True(error.Id == id && error.Location.File == SpecPath && (error.Location.Line, error.Location.Column) == (line, column),
            $"expected {id} at ({line},{column}), got {error}");
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    private static string Chain(string separator, int count, Func<int, string> operand) =>
        string.Join(separator, Enumerable.Range(0, count).Select(operand));

    public static TheoryData<string, string, int, int> DeepNesting() => new()
    {
        // text, id, line, column: the error is where nesting passes the limit of 500.
        { "contract c { ensures " + Repeat("(", Deep) + "x0" + Repeat(")", Deep) + " }", ContractDiagnosticIds.NestingTooDeep, 1, 22 + 500 },
        { "contract c { ensures " + Repeat("!", Deep) + "x0 }", ContractDiagnosticIds.NestingTooDeep, 1, 22 + 500 },
        { "contract c { ensures " + Repeat("not ", Deep) + "x0 }", ContractDiagnosticIds.NestingTooDeep, 1, 22 + (4 * 500) },
        { "contract c { ensures " + Repeat("-", Deep) + "1 == 1 }", ContractDiagnosticIds.NestingTooDeep, 1, 22 + 500 },
        { "const L = " + Repeat("[", Deep) + "1" + Repeat("]", Deep) + "\ncontract c { ensures x0 }", ContractDiagnosticIds.NestingTooDeep, 1, 11 + 500 },
        // The 500th quantifier is level 500, so the first operand of its domain is the 501st level.
        { "contract c { ensures " + Repeat("forall i in 0..1: ", Deep) + "x0 }", ContractDiagnosticIds.NestingTooDeep, 1, 22 + (18 * 499) + 12 },
        { "contract c { ensures count(" + Repeat("count(", Deep) + "x0" + Repeat(") + 0", Deep) + ") > 0 }", ContractDiagnosticIds.NestingTooDeep, 1, 28 + (6 * 499) },
        // Predicates and constants inlined in each other: the chain passes the limit 500 definitions from its end.
        { "pred p0 = x0\n" + string.Concat(Enumerable.Range(1, Deep - 1).Select(i => $"pred p{i} = p{i - 1}\n")) + $"contract c {{ ensures p{Deep - 1} }}",
            ContractDiagnosticIds.NestingTooDeep, Deep - 499, 14 },
        { "const c0 = 1\n" + string.Concat(Enumerable.Range(1, Deep - 1).Select(i => $"const c{i} = c{i - 1}\n")) + $"contract c {{ ensures c{Deep - 1} == 1 || x0 }}",
            ContractDiagnosticIds.NestingTooDeep, Deep - 497, 15 },
        // A flat chain of ^ nests in the formula it builds (xor is binary): refused where the formula passes 500 levels.
        { "contract c { ensures " + Chain(" ^ ", Deep, _ => "x0") + " }", ContractDiagnosticIds.NestingTooDeep, 1, 22 + (5 * 499) + 3 },
    };

    [Theory]
    [MemberData(nameof(DeepNesting))]
    public void Nesting_ten_thousand_deep_is_one_located_error_not_a_stack_overflow(string text, string id, int line, int column)
    {
        AssertError(Load(text), id, line, column, "500 levels");
    }

    public static TheoryData<string, string, int, int> CommandLineCases()
    {
        var data = new TheoryData<string, string, int, int>();
        foreach (var row in DeepNesting())
            data.Add((string)row[0], (string)row[1], (int)row[2], (int)row[3]);
        // The default budget, as the CLI has it.
        data.Add("pred p0 = x0\n" + string.Concat(Enumerable.Range(1, 40).Select(i => $"pred p{i} = p{i - 1} && p{i - 1}\n")) + "contract c { ensures p40 }", ContractDiagnosticIds.ExpansionTooLarge, 42, 22);
        data.Add("contract c { ensures forall i in 0..999: forall j in 0..999: forall k in 0..999: x0 }", ContractDiagnosticIds.ExpansionTooLarge, 1, 22);
        data.Add("contract c { ensures " + new string('n', 257) + " }", ContractDiagnosticIds.NameTooLong, 1, 22);
        data.Add("contract x0 { ensures x0 }", ContractDiagnosticIds.DuplicateDeclaration, 1, 1);
        data.Add("contract count { ensures x0 }", ContractDiagnosticIds.DuplicateDeclaration, 1, 1);
        data.Add("contract c { ensures 999999999 * 999999999 * 999999999 > 0 }", ContractDiagnosticIds.ArithmeticOverflow, 1, 44);
        data.Add("// CR only\rcontract c {\r  ensures zz\r}\r", ContractDiagnosticIds.UnknownName, 3, 11);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandLineCases))]
    public void Through_check_each_is_exit_2_with_one_located_error(string text, string id, int line, int column)
    {
        File.WriteAllText(SpecPath, text);
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = BnnVerify.Verifier.Cli.CommandLine.Run(["check", Xor, SpecPath, "--no-progress"], output, error);
        Assert.Equal(BnnVerify.Verifier.Cli.ExitCode.InvalidInput, exit);
        var lines = error.ToString().TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, $"expected one line on standard error, got:\n{error}");
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{SpecPath}({line},{column}): error {id}: "), lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_depth_limit_is_the_same_for_every_construct_and_can_be_raised()
    {
        var limits = SpecLimits.Default with { MaxDepth = 40 };
        // 39 parentheses and the atom are 40 levels: accepted; with 40 the atom is the 41st level, refused.
        Assert.True(Load("contract c { ensures " + Repeat("(", 39) + "x0" + Repeat(")", 39) + " }", limits: limits).Succeeded);
        AssertError(Load("contract c { ensures " + Repeat("(", 40) + "x0" + Repeat(")", 40) + " }", limits: limits), ContractDiagnosticIds.NestingTooDeep, 1, 22 + 40, "40 levels");
        Assert.True(Load("contract c { ensures " + Repeat("!", 39) + "x0 }", limits: limits).Succeeded);
        AssertError(Load("contract c { ensures " + Repeat("!", 40) + "x0 }", limits: limits), ContractDiagnosticIds.NestingTooDeep, 1, 22 + 40, "40 levels");
        // Raised to the largest override, 900 levels of brackets and of predicates work.
        var raised = SpecLimits.Default with { MaxDepth = SpecLimits.LargestMaxDepth };
        Assert.True(Load("contract c { ensures " + Repeat("(", 900) + "x0" + Repeat(")", 900) + " }", limits: raised).Succeeded);
        var chain = "pred p0 = x0\n" + string.Concat(Enumerable.Range(1, 899).Select(i => $"pred p{i} = p{i - 1}\n")) + "contract c { ensures p899 }";
        var contract = Assert.Single(Load(chain, limits: raised).Spec!.Contracts);
        Assert.Equal(0, Assert.IsType<InputFormula>(contract.Ensures[0].Formula).Index);
    }

    [Fact]
    public void Long_flat_chains_of_ten_thousand_operands_are_legitimate()
    {
        var and = Assert.Single(Load("contract c { ensures " + Chain(" && ", Deep, i => $"x{i % 2}") + " }").Spec!.Contracts);
        Assert.Equal(Deep, Assert.IsType<JunctionFormula>(and.Ensures[0].Formula).Operands.Length);

        var or = Assert.Single(Load("contract c { ensures " + Chain(" || ", Deep, i => $"x{i % 2}") + " }").Spec!.Contracts);
        Assert.Equal(Deep, Assert.IsType<JunctionFormula>(or.Ensures[0].Formula).Operands.Length);

        // x0 ==> x0 ==> … ==> x1 is !x0 || … || !x0 || x1.
        var implies = Assert.Single(Load("contract c { ensures " + Chain(" ==> ", Deep, i => i == Deep - 1 ? "x1" : "x0") + " }").Spec!.Contracts);
        var operands = Assert.IsType<JunctionFormula>(implies.Ensures[0].Formula).Operands;
        Assert.Equal(Deep, operands.Length);
        Assert.IsType<NotFormula>(operands[0]);
        Assert.IsType<InputFormula>(operands[^1]);

        // count(x0) + count(x0) - count(x1) + …: one linear sum with a coefficient per term.
        var plus = Assert.Single(Load("contract c { ensures count(x0)" + string.Concat(Enumerable.Range(1, Deep - 1).Select(i => i % 2 == 0 ? " + count(x0)" : " - count(x1)")) + " >= 0 }").Spec!.Contracts);
        var sum = Assert.IsType<ComparisonFormula>(plus.Ensures[0].Formula).Sum;
        Assert.Equal(Deep, sum.Terms.Length);
        Assert.Equal(Deep / 2, sum.Terms.Count(t => t.Coefficient == -1 && t.Indicator is InputFormula { Index: 1 }));

        // The canonical text of the clause is printed without recursing down the chain either.
        Assert.StartsWith("x0 && x1 && x0", and.Ensures[0].Text, StringComparison.Ordinal);
    }

    public static TheoryData<string, int, int, string> Explosions() => new()
    {
        // text, line, column of the outermost construct to blame, and how the message names it.
        { "pred p0 = x0\n" + string.Concat(Enumerable.Range(1, 40).Select(i => $"pred p{i} = p{i - 1} && p{i - 1}\n")) + "contract c { ensures p40 }", 42, 22, "the predicate 'p40'" },
        { "contract c { ensures forall i in 0..999: forall j in 0..999: forall k in 0..999: x0 }", 1, 22, "this forall over i" },
        { "contract c {\n  ensures exists i in 0..999999: exists j in 0..999999: x0\n}", 2, 11, "this exists over i" },
        { "pred p(i) = forall j in 0..999999: x0\ncontract c { ensures count(i in 0..999999: p(i)) >= 0 }", 2, 28, "this comprehension over i" },
        { "const BIG = count(i in 0..999999: x0 && x1)\ncontract c { ensures BIG >= 0 }", 1, 1, "the constant 'BIG'" },
    };

    [Theory]
    [MemberData(nameof(Explosions))]
    public void An_expansion_beyond_the_term_budget_is_refused_at_the_construct_that_multiplies(string text, int line, int column, string construct)
    {
        // A small budget keeps the test fast; the default is checked once below and through the CLI.
        var result = Load(text, limits: SpecLimits.Default with { MaxTerms = 20_000 });
        AssertError(result, ContractDiagnosticIds.ExpansionTooLarge, line, column, $"expanding {construct} takes more than 20000 terms");
    }

    [Fact]
    public void The_default_budget_stops_forty_doublings_and_leaves_room_for_the_bundled_specs()
    {
        var doubling = "pred p0 = x0\n" + string.Concat(Enumerable.Range(1, 40).Select(i => $"pred p{i} = p{i - 1} && p{i - 1}\n")) + "contract c { ensures p40 }";
        AssertError(Load(doubling), ContractDiagnosticIds.ExpansionTooLarge, 42, 22, "more than 1000000 terms");
        // Sixteen doublings (65,536 copies) are within the default budget.
        var sixteen = "pred p0 = x0\n" + string.Concat(Enumerable.Range(1, 16).Select(i => $"pred p{i} = p{i - 1} && p{i - 1}\n")) + "contract c { ensures p16 }";
        Assert.True(Load(sixteen).Succeeded);
    }

    [Fact]
    public void Each_contract_has_its_own_budget()
    {
        var text = "contract big { ensures forall i in 0..99: forall j in 0..99: x0 }\ncontract small { ensures forall i in 0..99: x1 }";
        var result = Load(text, limits: SpecLimits.Default with { MaxTerms = 5_000 });
        AssertError(result, ContractDiagnosticIds.ExpansionTooLarge, 1, 24, "this forall over i");
        // The second is fine alone and within the same budget once the first is gone.
        Assert.True(Load("contract small { ensures forall i in 0..99: x1 }", limits: SpecLimits.Default with { MaxTerms = 5_000 }).Succeeded);
    }

    [Fact]
    public void Names_longer_than_the_limit_are_BNN0922()
    {
        string longest = new('n', SpecLimits.DefaultMaxNameLength);
        Assert.True(Load($"contract {longest} {{ ensures x0 }}").Succeeded);
        AssertError(Load($"contract c {{ ensures x0 }}\ncontract {longest}n {{ ensures x0 }}"), ContractDiagnosticIds.NameTooLong, 2, 10, "257 characters; names may have at most 256");
        AssertError(Load($"contract c {{ ensures `{longest}n` }}"), ContractDiagnosticIds.NameTooLong, 1, 22, "257 characters");
    }

    [Theory]
    [InlineData("contract x0 { ensures x0 }", Xor, "the contract 'x0' has the name of a model input")]
    [InlineData("contract y { ensures x0 }", Xor, "the contract 'y' has the name of a model output")]
    [InlineData("contract move4 { ensures a0 }", Board, "the contract 'move4' has the name of a class")]
    [InlineData("contract count { ensures x0 }", Xor, "the contract 'count' has the name of a built-in function")]
    [InlineData("contract hamming { ensures x0 }", Xor, "the contract 'hamming' has the name of a built-in function")]
    [InlineData("pred p = x0\ncontract p { ensures p }", Xor, "the contract 'p' has the name of a predicate")]
    [InlineData("const K = 1\ncontract K { ensures x0 }", Xor, "the contract 'K' has the name of a constant")]
    public void Contract_names_must_differ_from_every_other_name(string text, string model, string message)
    {
        int line = text.Split('\n').Length;
        AssertError(Load(text, model), ContractDiagnosticIds.DuplicateDeclaration, line, 1, message);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void LF_CRLF_and_a_lone_CR_all_end_lines(string newline)
    {
        string text = string.Join(newline, "// a comment to the end of the line", "contract c {", "  /* a comment", "  over lines */ ensures x0 ||", "     zz", "}", "");
        AssertError(Load(text), ContractDiagnosticIds.UnknownName, 5, 6, "unknown name 'zz'");
        Assert.True(Load(string.Join(newline, "// comment", "contract c {", "  ensures x0", "}")).Succeeded);
    }

    [Fact]
    public void A_string_may_not_run_past_a_lone_CR()
    {
        AssertError(Load("const S = \"abc\rcontract c { ensures x0 }"), ContractDiagnosticIds.LexicalError, 1, 11, "not closed on its line");
    }

    [Fact]
    public void A_UTF8_byte_order_mark_is_ignored()
    {
        File.WriteAllText(SpecPath, "contract c {\n  ensures zz\n}\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(SpecPath)[0]);
        var error = SingleError(SpecLoader.Load(SpecPath, Model(Xor)));
        Assert.Equal((ContractDiagnosticIds.UnknownName, 2, 11), (error.Id, error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Count_in_a_range_or_list_is_a_pair_of_comparisons()
    {
        // Over the four inputs of xor.json, count(x0, x1) in 1..1 is x0 xor x1, and in [0, 2] its negation.
        var spec = Load("contract c {\n  ensures count(x0, x1) in 1..1\n  ensures count(x0, x1) in [0, 2]\n  ensures count(x0, x1) in 0..2\n}").Spec!;
        var contract = Assert.Single(spec.Contracts);
        for (int bits = 0; bits < 4; bits++)
        {
            var assignment = new Assignment(2, 1);
            assignment.InputBits[0] = (ulong)bits;
            bool exactlyOne = bits is 1 or 2;
            Assert.Equal(exactlyOne, contract.Ensures[0].Formula.Evaluate(assignment));
            Assert.Equal(!exactlyOne, contract.Ensures[1].Formula.Evaluate(assignment));
        }
        Assert.True(Formulas.IsConstant(contract.Ensures[2].Formula, true) || contract.Ensures[2].Formula.EvaluatePartially([-1, -1]) == Truth.True);
        AssertError(Load("contract c { ensures count(x0, x1) in [x0] }"), ContractDiagnosticIds.TypeError, 1, 39, "must hold constant integers");
    }

    [Theory]
    // Integer division and remainder truncate toward zero (as in C, C#, Java), so -7 / 2 is -3, not -4.
    [InlineData("-7 / 2 == -3", true)]
    [InlineData("-7 / 2 == -4", false)]
    [InlineData("-7 % 2 == -1", true)]
    [InlineData("7 / -2 == -3", true)]
    [InlineData("7 % -2 == 1", true)]
    [InlineData("-7 % -2 == -1", true)]
    [InlineData("(-7 / 2) * 2 + -7 % 2 == -7", true)]
    [InlineData("10 - 2 - 3 == 5", true)]
    [InlineData("100 / 10 / 5 == 2", true)]
    [InlineData("2 * 3 % 4 == 2", true)]
    public void Negative_division_truncates_toward_zero(string comparison, bool expected)
    {
        var contract = Assert.Single(Load($"contract c {{ ensures x0 || ({comparison}) }}").Spec!.Contracts);
        var formula = contract.Ensures[0].Formula;
        Assert.True(expected ? Formulas.IsConstant(formula, true) : formula is InputFormula, $"{comparison}: {formula}");
    }

    [Theory]
    [InlineData("contract c { ensures 999999999 * 999999999 * 999999999 > 0 }", 1, 44)]
    [InlineData("const K = 999999999 * 999999999 * 999999999\ncontract c { ensures x0 || K > 0 }", 1, 33)]
    [InlineData("contract c { ensures count(x0) * 999999999 * 999999999 * 999999999 > 0 }", 1, 56)]
    [InlineData("contract c { ensures 999999999 * 999999999 * 9 + 999999999 * 999999999 * 9 + 999999999 * 999999999 * 9 > 0 }", 1, 48)]
    public void Integers_beyond_64_bits_are_BNN0312(string text, int line, int column)
    {
        AssertError(Load(text), ContractDiagnosticIds.ArithmeticOverflow, line, column, "does not fit in 64 bits");
    }

    [Fact]
    public void A_range_wider_than_long_is_refused_like_any_range_over_a_million()
    {
        AssertError(Load("contract c { ensures forall i in -999999999 * 999999999 * 9..999999999 * 999999999 * 9: x0 }"),
            ContractDiagnosticIds.BadIndex, 1, 60, "at most a million values");
    }

    [Theory]
    [InlineData(SpecLimits.DepthVariable, "0")]
    [InlineData(SpecLimits.DepthVariable, "1001")]
    [InlineData(SpecLimits.TermsVariable, "many")]
    [InlineData(SpecLimits.NameLengthVariable, "-3")]
    public void A_bad_limit_override_is_BNN0923_naming_the_variable(string variable, string value)
    {
        var e = Assert.Throws<DiagnosticException>(() => SpecLimits.FromVariables(name => name == variable ? value : null, "spec.contract"));
        Assert.Equal(ContractDiagnosticIds.BadLimitSetting, e.Diagnostic.Id);
        Assert.Equal("spec.contract", e.Diagnostic.Location.File);
        Assert.Contains($"{variable}='{value}'", e.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limit_overrides_are_read_from_the_environment_variables()
    {
        var values = new Dictionary<string, string>
        {
            [SpecLimits.DepthVariable] = "123",
            [SpecLimits.TermsVariable] = "4567",
            [SpecLimits.NameLengthVariable] = " 89 ",
        };
        Assert.Equal(new SpecLimits(123, 4567, 89), SpecLimits.FromVariables(name => values.GetValueOrDefault(name), "spec.contract"));
        // Unset, the documented defaults (docs/limits.md).
        Assert.Equal(new SpecLimits(500, 1_000_000, 256), SpecLimits.FromVariables(_ => null, "spec.contract"));
    }
}
