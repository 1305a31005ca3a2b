using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Verifier.Contracts.Syntax;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Contracts;

/// <summary>
/// parse(print(tree)) == tree for random trees, compared through <see cref="AstDump"/> (never through
/// the production printer); and the parser on hand-written text against the precedence table of
/// docs/contract-language.md, so that printer and parser cannot agree on a wrong grammar unnoticed.
/// </summary>
public class RoundTripTests
{
    [Fact]
    public void Printed_expressions_parse_back_to_the_same_tree()
    {
        Prop.ForAll(Arb.From(AstGenerators.Expressions().Select(e => new GeneratedExpr(e))), generated =>
        {
            string text = Printer.Print(generated.Expression);
            Expr parsed;
            try
            {
                parsed = Parser.ParseExpression(text, "printed.contract");
            }
            catch (DiagnosticException e)
            {
                throw new InvalidOperationException($"the printed text does not parse: {e.Diagnostic}\ntext: {text}", e);
            }
            Assert.True(AstDump.Of(generated.Expression) == AstDump.Of(parsed),
                $"text: {text}\nexpected: {AstDump.Of(generated.Expression)}\nparsed:   {AstDump.Of(parsed)}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Fact]
    public void Printed_spec_files_parse_back_to_the_same_declarations()
    {
        Prop.ForAll(Arb.From(AstGenerators.SpecFiles().Select(f => new GeneratedSpec(f))), generated =>
        {
            string text = Printer.Print(generated.File);
            SpecFile parsed;
            try
            {
                parsed = Parser.ParseFile(text, "printed.contract");
            }
            catch (DiagnosticException e)
            {
                throw new InvalidOperationException($"the printed file does not parse: {e.Diagnostic}\ntext:\n{text}", e);
            }
            Assert.True(AstDump.Of(generated.File) == AstDump.Of(parsed),
                $"text:\n{text}\nexpected: {AstDump.Of(generated.File)}\nparsed:   {AstDump.Of(parsed)}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Theory]
    // Loosest to tightest: quantifier, iff, implies, or, xor, and, not, comparison, +, *, unary minus, postfix.
    [InlineData("a <==> b ==> c || d ^ e && !f", "(iff a (implies b (or c (xor d (and e (not f))))))")]
    [InlineData("a && b ^ c || d ==> e <==> f", "(iff (implies (or (xor (and a b) c) d) e) f)")]
    [InlineData("a iff b implies c or d xor e and not f", "(iff a (implies b (or c (xor d (and e (not f))))))")]
    [InlineData("a ==> b ==> c", "(implies a (implies b c))")]
    [InlineData("a <==> b <==> c", "(iff (iff a b) c)")]
    [InlineData("a || b || c", "(or (or a b) c)")]
    [InlineData("a ^ b ^ c", "(xor (xor a b) c)")]
    [InlineData("a && b && c", "(and (and a b) c)")]
    [InlineData("!a == b", "(not (== a b))")]
    [InlineData("not not a", "(not (not a))")]
    [InlineData("a == b && c != d", "(and (== a b) (!= c d))")]
    [InlineData("count(a[0..8]) == count(h[0..8]) + 1", "(== (call count (slice a 0 8)) (+ (call count (slice h 0 8)) 1))")]
    [InlineData("1 + 2 * 3 - 4 / 5 % 6", "(- (+ 1 (* 2 3)) (% (/ 4 5) 6))")]
    [InlineData("-2 * -x[1]", "(* (neg 2) (neg (index x 1)))")]
    [InlineData("- -3", "(neg (neg 3))")]
    [InlineData("a - -3", "(- a (neg 3))")]
    [InlineData("px[3][5]", "(index (index px 3) 5)")]
    [InlineData("a[3*r + c]", "(index a (+ (* 3 r) c))")]
    [InlineData("score(cat) > score(dog)", "(> (call score cat) (call score dog))")]
    [InlineData("x <= 3 || x >= 5 && x < 1 ==> x > 0", "(implies (or (<= x 3) (and (>= x 5) (< x 1))) (> x 0))")]
    [InlineData("class == move4", "(== #class move4)")]
    [InlineData("class in {move0, move2, move6}", "(in #class (set move0 move2 move6))")]
    [InlineData("i in 0..8", "(in i (range 0 8))")]
    [InlineData("i in [0, 2] && j in L", "(and (in i (list 0 2)) (in j L))")]
    [InlineData("1..n+1", "(range 1 (+ n 1))")]
    [InlineData("forall i in 0..8: a[i] || h[i]", "(forall (i) (range 0 8) (or (index a i) (index h i)))")]
    [InlineData("a && forall i in 0..8: b || c", "(and a (forall (i) (range 0 8) (or b c)))")]
    [InlineData("a ==> exists i in R: b ==> c", "(implies a (exists (i) R (implies b c)))")]
    [InlineData("!forall i in R: a && b", "(not (forall (i) R (and a b)))")]
    [InlineData("(forall i in R: a) && b", "(and (forall (i) R a) b)")]
    [InlineData("exists (p, q, r) in LINES: a[p] && a[q] && a[r]", "(exists (p q r) LINES (and (and (index a p) (index a q)) (index a r)))")]
    [InlineData("forall i in 0..2: forall j in 0..2: px[i][j]", "(forall (i) (range 0 2) (forall (j) (range 0 2) (index (index px i) j)))")]
    [InlineData("count(i in 0..8: a[i] && !h[i], h[0..2])", "(call count (for (i) (range 0 8) (and (index a i) (not (index h i)))) (slice h 0 2))")]
    [InlineData("atleast(2, (p, q) in PAIRS: p == q)", "(call atleast 2 (for (p q) PAIRS (== p q)))")]
    [InlineData("f((a, b))", "(call f (tuple a b))")]
    [InlineData("f((a))", "(call f a)")]
    [InlineData("f(x in 0..3)", "(call f (in x (range 0 3)))")]
    [InlineData("f((a, b) in L)", "(call f (in (tuple a b) L))")]
    [InlineData("f()", "(call f)")]
    [InlineData("[(0, 1, 2), (3, 4, 5)]", "(list (tuple 0 1 2) (tuple 3 4 5))")]
    [InlineData("[]", "(list)")]
    [InlineData("{}", "(set)")]
    [InlineData("`xor` && `class` || `in`", "(or (and xor class) in)")]
    [InlineData("class", "#class")]
    [InlineData("true != false", "(!= #t #f)")]
    [InlineData("hamming(inputs(\"v \\\"1\\\".inputs\")) <= 2", "(<= (call hamming (call inputs \"v \\\"1\\\".inputs\")) 2)")]
    [InlineData("a /* comment ==> */ && // to the end\n b", "(and a b)")]
    [InlineData("(a, b)[0]", "(index (tuple a b) 0)")]
    [InlineData("L[1..2][0]", "(index (slice L 1 2) 0)")]
    public void The_parser_follows_the_documented_grammar(string text, string expected)
    {
        Assert.Equal(expected, AstDump.Of(Parser.ParseExpression(text, "test.contract")));
    }

    [Theory]
    [InlineData("a == b == c", "comparisons do not chain")]
    [InlineData("a < b <= c", "comparisons do not chain")]
    [InlineData("a &&", "expected an expression")]
    [InlineData("(a, b", "to close the tuple")]
    [InlineData("forall i 0..3: a", "expected 'in'")]
    [InlineData("forall xor in 0..3: a", "'xor' is a reserved word")]
    [InlineData("a b", "after the end of the expression")]
    public void Malformed_expressions_are_syntax_errors(string text, string fragment)
    {
        var e = Assert.Throws<DiagnosticException>(() => Parser.ParseExpression(text, "test.contract"));
        Assert.Equal(ContractDiagnosticIds.SyntaxError, e.Diagnostic.Id);
        Assert.Contains(fragment, e.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_file_parses_into_its_declarations()
    {
        const string text = """
            // A comment before everything.
            include "common.contract"
            const LINES = [(0, 1, 2), (3, 4, 5)]
            pred empty(i) = !a[i] && !h[i]
            pred legal = true
            render grid(3, 3) { a: "O"; h: "X", }
            contract `xor` {
              requires legal;
              ensures forall i in 0..8: class == move[i] ==> empty(i)
              ensures true
            }
            contract empty_contract { }
            """;
        var file = Parser.ParseFile(text, "test.contract");
        Assert.Equal(
            "(spec (include \"common.contract\") (const LINES (list (tuple 0 1 2) (tuple 3 4 5))) "
            + "(pred empty (i) (and (not (index a i)) (not (index h i)))) (pred legal () #t) (render 3 3 (a \"O\") (h \"X\")) "
            + "(contract xor (requires legal) (ensures (forall (i) (range 0 8) (implies (== #class (index move i)) (call empty i)))) (ensures #t)) "
            + "(contract empty_contract))",
            AstDump.Of(file));
        var contract = Assert.IsType<ContractDeclaration>(file.Declarations[5]);
        Assert.Equal(new SourceLocation("test.contract", 7, 1), contract.Location);
        Assert.Equal(new SourceLocation("test.contract", 9, 3), contract.Clauses[1].Location);
    }

    [Fact]
    public void The_printer_escapes_reserved_words_and_strings()
    {
        var at = new SourceLocation("test.contract", 1, 1);
        var expression = new BinaryExpr(at, BinaryOperator.And, new NameExpr(at, "xor"),
            new CallExpr(at, "inputs", [new StringLiteral(at, "a \"b\" \\c")]));
        Assert.Equal("`xor` && inputs(\"a \\\"b\\\" \\\\c\")", Printer.Print(expression));
    }
}
