using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Verifier.Inputs;

namespace BnnVerify.Verifier.Contracts.Syntax;

/// <summary>
/// Recursive-descent parser of the contract language (grammar in docs/contract-language.md). A syntax error ends the
/// declaration it is in: <see cref="ParseFileWithRecovery"/> records it, skips to the start of the next declaration and
/// goes on, so that every syntax error of a file is reported. Binary chains (<c>a &amp;&amp; b &amp;&amp; …</c>,
/// <c>a ==&gt; b ==&gt; …</c>, <c>a + b + …</c>) are parsed by loops; every construct that recurses counts one level
/// of nesting, and nesting beyond <see cref="SpecLimits.MaxDepth"/> is refused before the stack can overflow.
/// </summary>
public sealed class Parser
{
    /// <summary>
    /// How many syntax errors one file reports before the parser stops. Past a few dozen, later errors are mostly
    /// echoes of earlier ones, and a file that is not a spec at all (a model given in its place) would print one per line.
    /// </summary>
    public const int MaxSyntaxErrors = 20;

    /// <summary>The words that start a declaration; nothing else may contain them, so each one starts a new declaration.</summary>
    private static readonly string[] DeclarationKeywords = ["include", "const", "pred", "render", "contract"];

    private static readonly string[] ClauseKeywords = ["requires", "ensures"];

    // A clause that stops early is often followed by a misspelt operator (a0 adn a1), which is where the error shows.
    private static readonly string[] OperatorKeywords = ["and", "or", "xor", "not", "implies", "iff", "in"];

    private static readonly string[] QuantifierKeywords = ["forall", "exists"];

    /// <summary>Words of other languages, too far from ours to be typos, that mean one of our keywords.</summary>
    private static readonly Dictionary<string, string> KeywordSynonyms = new(StringComparer.Ordinal)
    {
        ["predicate"] = "pred", ["constant"] = "const", ["import"] = "include",
        ["assume"] = "requires", ["assert"] = "ensures", ["all"] = "forall", ["any"] = "exists", ["some"] = "exists",
    };

    private readonly List<Token> _tokens;
    private readonly string _file;
    private readonly int _maxDepth;
    private int _position;
    private int _depth;

    // What the declaration being parsed declares, for the elaborator to keep quiet about when it has a syntax error:
    // nothing (a contract, a rendering, stray tokens), or names (a constant or predicate: its name once read, else null
    // for "unknown"; an include: null, since the file could declare anything).
    private bool _declaresNames;
    private string? _declarationName;

    private Parser(List<Token> tokens, string file, SpecLimits limits)
    {
        _tokens = tokens;
        _file = file;
        _maxDepth = limits.MaxDepth;
    }

    /// <summary>Parses a whole spec file; the first syntax error throws a located <see cref="DiagnosticException"/>.</summary>
    public static SpecFile ParseFile(string text, string file, SpecLimits? limits = null)
    {
        var parsed = ParseFileWithRecovery(text, file, limits);
        return parsed.Errors.IsEmpty ? parsed.File : throw new DiagnosticException(parsed.Errors[0]);
    }

    /// <summary>
    /// Parses a whole spec file, recovering from syntax errors: the declaration with an error is skipped up to the next
    /// declaration keyword (or past the <c>}</c> that closes it) and parsing goes on. A lexical error still throws a
    /// located <see cref="DiagnosticException"/>: after an unclosed string or comment the tokens cannot be trusted.
    /// </summary>
    public static ParsedSpecFile ParseFileWithRecovery(string text, string file, SpecLimits? limits = null)
    {
        limits ??= SpecLimits.Default;
        var parser = new Parser(Lexer.Tokenize(text, file, limits), file, limits);
        var declarations = ImmutableArray.CreateBuilder<Declaration>();
        var errors = ImmutableArray.CreateBuilder<Diagnostic>();
        var unparsed = ImmutableArray.CreateBuilder<UnparsedDeclaration>();
        while (parser.Current.Kind != TokenKind.End)
        {
            int start = parser._position;
            parser._declaresNames = false;
            parser._declarationName = null;
            try
            {
                declarations.Add(parser.ParseDeclaration());
            }
            catch (DiagnosticException e)
            {
                // Enter and Leave pair up in finally blocks, so the unwinding has undone every level.
                Debug.Assert(parser._depth == 0, "the nesting depth is restored after a syntax error");
                if (errors.Count == MaxSyntaxErrors)
                {
                    errors.Add(Diagnostic.Error(ContractDiagnosticIds.TooManySyntaxErrors, e.Diagnostic.Location, string.Create(CultureInfo.InvariantCulture,
                        $"too many syntax errors; stopped after the first {MaxSyntaxErrors} (fix them and run again)")));
                    // The rest of the file is unread, so it may declare any name.
                    unparsed.Add(new UnparsedDeclaration(e.Diagnostic.Location, null));
                    break;
                }
                errors.Add(e.Diagnostic);
                if (parser._declaresNames)
                    unparsed.Add(new UnparsedDeclaration(parser._tokens[start].Location with { File = file }, parser._declarationName));
                parser.SkipToNextDeclaration(start);
            }
        }
        return new ParsedSpecFile(new SpecFile(file, declarations.ToImmutable()), errors.ToImmutable(), unparsed.ToImmutable());
    }

    /// <summary>
    /// True at a declaration keyword, and at the top level also at a misspelt one followed by what it declares
    /// (<c>cosnt N</c>, <c>inclde "f"</c>), so that the parser stops there and reports it with its hint instead of
    /// skipping it as part of the error before.
    /// </summary>
    private bool StartsADeclaration(int braceDepth)
    {
        if (Current.Kind == TokenKind.Keyword)
            return Array.IndexOf(DeclarationKeywords, Current.Text) >= 0;
        return braceDepth == 0 && Current.Kind == TokenKind.Identifier && Peek(1).Kind is TokenKind.Identifier or TokenKind.String
            && MeantKeyword(Current, DeclarationKeywords) is not null;
    }

    /// <summary>
    /// Moves from the syntax error just found to where the next declaration can start: the next declaration keyword
    /// (even inside an unclosed brace: those words occur nowhere else, so a forgotten <c>}</c> costs one declaration, not
    /// the rest of the file), or just past the <c>}</c> that closes the broken declaration's first brace, or the end.
    /// Braces are counted from the declaration's first token, so that the closing one is known. At least one token is
    /// consumed, so the parser always moves on.
    /// </summary>
    private void SkipToNextDeclaration(int declarationStart)
    {
        int errorAt = _position;
        _position = declarationStart;
        int braceDepth = 0;
        while (Current.Kind != TokenKind.End)
        {
            int index = _position;
            if (index > declarationStart && index >= errorAt && StartsADeclaration(braceDepth))
                return;
            var token = Advance();
            if (token.Is("{"))
            {
                braceDepth++;
            }
            else if (token.Is("}") && braceDepth > 0)
            {
                braceDepth--;
                if (braceDepth == 0 && index >= errorAt)
                    return;
            }
        }
    }

    /// <summary>Parses one expression (used by tests and by the printer's round-trip check).</summary>
    public static Expr ParseExpression(string text, string file, SpecLimits? limits = null)
    {
        limits ??= SpecLimits.Default;
        var parser = new Parser(Lexer.Tokenize(text, file, limits), file, limits);
        var expression = parser.ParseExpr();
        parser.ExpectEnd();
        return expression;
    }

    private Token Current => _tokens[_position];

    private Token Peek(int ahead) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];

    private Token Advance()
    {
        var token = _tokens[_position];
        if (_position < _tokens.Count - 1)
            _position++;
        return token;
    }

    private bool Accept(string text)
    {
        if (!Current.Is(text))
            return false;
        Advance();
        return true;
    }

    private Token Expect(string text, string context)
    {
        if (!Current.Is(text))
            throw Error(Current.Location, $"expected '{text}' {context}, found {Current.Describe()}");
        return Advance();
    }

    private string ExpectIdentifier(string what)
    {
        if (Current.Kind != TokenKind.Identifier)
        {
            string hint = Current.Kind == TokenKind.Keyword ? $" ('{Current.Text}' is a reserved word)" : "";
            throw Error(Current.Location, $"expected {what}, found {Current.Describe()}{hint}");
        }
        return Advance().Text;
    }

    private void ExpectEnd()
    {
        if (Current.Kind != TokenKind.End)
            throw Error(Current.Location, $"unexpected {Current.Describe()} after the end of the expression");
    }

    private Declaration ParseDeclaration()
    {
        var start = Current;
        if (Accept("include"))
        {
            _declaresNames = true;
            if (Current.Kind != TokenKind.String)
                throw Error(Current.Location, $"expected the file to include as a string, found {Current.Describe()}");
            return new IncludeDeclaration(start.Location, Advance().Text);
        }
        if (Accept("const"))
        {
            _declaresNames = true;
            string name = ExpectIdentifier("the constant's name");
            _declarationName = name;
            Expect("=", "after the constant's name");
            return new ConstDeclaration(start.Location, name, ParseExpr());
        }
        if (Accept("pred"))
        {
            _declaresNames = true;
            string name = ExpectIdentifier("the predicate's name");
            _declarationName = name;
            var parameters = ImmutableArray.CreateBuilder<string>();
            if (Accept("("))
            {
                do
                    parameters.Add(ExpectIdentifier("a parameter name"));
                while (Accept(","));
                Expect(")", "after the parameters");
            }
            Expect("=", "after the predicate's name and parameters");
            return new PredDeclaration(start.Location, name, parameters.ToImmutable(), ParseExpr());
        }
        if (Accept("render"))
            return ParseRender(start);
        if (Accept("contract"))
        {
            string name = ExpectIdentifier("the contract's name");
            Expect("{", "to open the contract's clauses");
            var clauses = ImmutableArray.CreateBuilder<Clause>();
            while (!Current.Is("}"))
            {
                var clauseStart = Current;
                ClauseKind kind;
                if (Accept("requires"))
                    kind = ClauseKind.Requires;
                else if (Accept("ensures"))
                    kind = ClauseKind.Ensures;
                else
                    throw Error(Current.Location, $"expected 'requires', 'ensures' or '}}' in contract '{name}', found {Current.Describe()}{KeywordHint(Current, ClauseKeywords, OperatorKeywords)}");
                clauses.Add(new Clause(clauseStart.Location, kind, ParseExpr()));
                Accept(";");
            }
            Advance();
            return new ContractDeclaration(start.Location, name, clauses.ToImmutable());
        }
        throw Error(start.Location, $"expected a declaration (include, const, pred, render or contract), found {start.Describe()}{DeclarationHint(start)}");
    }

    private string DeclarationHint(Token found)
    {
        if (found.Kind == TokenKind.Keyword && Array.IndexOf(ClauseKeywords, found.Text) >= 0)
            return $"; a '{found.Text}' clause belongs inside 'contract NAME {{ … }}'";
        string? meant = MeantKeyword(found, DeclarationKeywords);
        if (meant is null)
            return "";
        // "cosnt N = 3" meant to declare N, and "inclde" a file of unknown names.
        _declaresNames = meant is "const" or "pred" or "include";
        if (meant is "const" or "pred" && Peek(1).Kind == TokenKind.Identifier)
            _declarationName = Peek(1).Text;
        return $"; did you mean '{meant}'?";
    }

    /// <summary><c>; did you mean 'ensures'?</c> for <see cref="MeantKeyword"/>, or empty.</summary>
    private static string KeywordHint(Token found, string[] expected, string[]? alsoPossible = null) =>
        MeantKeyword(found, expected, alsoPossible) is { } meant ? $"; did you mean '{meant}'?" : "";

    /// <summary>
    /// The keyword <paramref name="found"/> (a name or another keyword) is a typo or a synonym of, among the keywords
    /// expected there: those of <paramref name="expected"/> first, then those of <paramref name="alsoPossible"/>; or null.
    /// </summary>
    private static string? MeantKeyword(Token found, string[] expected, string[]? alsoPossible = null)
    {
        if (found.Kind is not (TokenKind.Identifier or TokenKind.Keyword))
            return null;
        if (KeywordSynonyms.TryGetValue(found.Text, out var synonym) && (Array.IndexOf(expected, synonym) >= 0 || (alsoPossible is not null && Array.IndexOf(alsoPossible, synonym) >= 0)))
            return synonym;
        return NameSuggestions.Closest(found.Text, expected.Where(k => k != found.Text))
            ?? (alsoPossible is null ? null : NameSuggestions.Closest(found.Text, alsoPossible.Where(k => k != found.Text)));
    }

    private RenderDeclaration ParseRender(Token start)
    {
        var kind = Current;
        if (ExpectIdentifier("'grid'") != "grid")
            throw Error(kind.Location, $"the only rendering is 'grid', not '{kind.Text}'");
        Expect("(", "after 'grid'");
        int rows = ExpectSmallInteger("the number of rows");
        Expect(",", "between rows and columns");
        int columns = ExpectSmallInteger("the number of columns");
        Expect(")", "after the grid size");
        Expect("{", "to open the grid's families");
        var entries = ImmutableArray.CreateBuilder<RenderEntry>();
        while (!Current.Is("}"))
        {
            var entryStart = Current;
            string family = ExpectIdentifier("an input family, such as 'a' for a0..a8");
            Expect(":", "after the family");
            if (Current.Kind != TokenKind.String)
                throw Error(Current.Location, $"expected the symbol to draw as a string, found {Current.Describe()}");
            entries.Add(new RenderEntry(entryStart.Location, family, Advance().Text));
            if (!Accept(","))
                Accept(";");
        }
        Advance();
        return new RenderDeclaration(start.Location, rows, columns, entries.ToImmutable());
    }

    private int ExpectSmallInteger(string what)
    {
        if (Current.Kind != TokenKind.Integer)
            throw Error(Current.Location, $"expected {what}, found {Current.Describe()}");
        return int.Parse(Advance().Text, CultureInfo.InvariantCulture);
    }

    /// <summary>expr := quantifier | iff.</summary>
    private Expr ParseExpr() =>
        Current.Is("forall") || Current.Is("exists") ? ParseQuantifier() : ParseIff();

    // Every recursive construct enters one level; Leave() undoes it in a finally block.
    private void Enter()
    {
        if (++_depth > _maxDepth)
        {
            // No Leave() follows a failed Enter(), and the parser goes on with the next declaration.
            _depth--;
            throw new DiagnosticException(Diagnostic.Error(ContractDiagnosticIds.NestingTooDeep, Current.Location with { File = _file }, string.Create(CultureInfo.InvariantCulture,
                $"expressions nest deeper than {_maxDepth} levels here ({SpecLimits.DepthVariable} overrides the limit, docs/limits.md)")));
        }
    }

    private void Leave() => _depth--;

    private QuantifierExpr ParseQuantifier()
    {
        Enter();
        try
        {
            return ParseQuantifierBody();
        }
        finally
        {
            Leave();
        }
    }

    private QuantifierExpr ParseQuantifierBody()
    {
        var start = Advance();
        var kind = start.Text == "forall" ? QuantifierKind.Forall : QuantifierKind.Exists;
        var variables = ParseBinder();
        Expect("in", "after the bound variable");
        var domain = ParseDomain();
        Expect(":", "before the quantifier's body");
        return new QuantifierExpr(start.Location, kind, variables, domain, ParseExpr());
    }

    private ImmutableArray<string> ParseBinder()
    {
        if (Accept("("))
        {
            var names = ImmutableArray.CreateBuilder<string>();
            do
                names.Add(ExpectIdentifier("a bound variable"));
            while (Accept(","));
            Expect(")", "after the bound variables");
            return names.ToImmutable();
        }
        return [ExpectIdentifier("a bound variable")];
    }

    /// <summary>domain := additive ('..' additive)?.</summary>
    private Expr ParseDomain()
    {
        var from = ParseAdditive();
        if (Current.Is(".."))
        {
            var dots = Advance();
            return new RangeExpr(dots.Location, from, ParseAdditive());
        }
        return from;
    }

    private Expr ParseIff()
    {
        var left = ParseImplies();
        while (Current.Is("<==>") || Current.Is("iff"))
        {
            var op = Advance();
            left = new BinaryExpr(op.Location, BinaryOperator.Iff, left, ParseImplies());
        }
        return left;
    }

    private Expr ParseImplies()
    {
        // Right associative: a ==> b ==> c is a ==> (b ==> c). Read as a list, then folded from the right,
        // so that a long chain does not recurse. A quantifier may follow an arrow directly and ends the chain.
        var operands = new List<Expr> { ParseOr() };
        var arrows = new List<Token>();
        while (Current.Is("==>") || Current.Is("implies"))
        {
            arrows.Add(Advance());
            if (Current.Is("forall") || Current.Is("exists"))
            {
                operands.Add(ParseQuantifier());
                break;
            }
            operands.Add(ParseOr());
        }
        var result = operands[^1];
        for (int i = arrows.Count - 1; i >= 0; i--)
            result = new BinaryExpr(arrows[i].Location, BinaryOperator.Implies, operands[i], result);
        return result;
    }

    private Expr ParseOr() => ParseLeftAssociative(ParseXor, ("||", BinaryOperator.Or), ("or", BinaryOperator.Or));

    private Expr ParseXor() => ParseLeftAssociative(ParseAnd, ("^", BinaryOperator.Xor), ("xor", BinaryOperator.Xor));

    private Expr ParseAnd() => ParseLeftAssociative(ParseNot, ("&&", BinaryOperator.And), ("and", BinaryOperator.And));

    private Expr ParseLeftAssociative(Func<Expr> operand, params (string Text, BinaryOperator Operator)[] operators)
    {
        var left = operand();
        while (true)
        {
            var match = operators.FirstOrDefault(o => Current.Is(o.Text));
            if (match.Text is null)
                return left;
            var op = Advance();
            // A quantifier as the last operand extends to the end, as in "a && forall i in R: b".
            var right = Current.Is("forall") || Current.Is("exists") ? ParseQuantifier() : operand();
            left = new BinaryExpr(op.Location, match.Operator, left, right);
        }
    }

    private Expr ParseNot()
    {
        if (Current.Is("!") || Current.Is("not"))
        {
            Enter();
            try
            {
                var op = Advance();
                var operand = Current.Is("forall") || Current.Is("exists") ? ParseQuantifier() : ParseNot();
                return new UnaryExpr(op.Location, UnaryOperator.Not, operand);
            }
            finally
            {
                Leave();
            }
        }
        return ParseComparison();
    }

    private static readonly (string Text, BinaryOperator Operator)[] Comparisons =
    [
        ("==", BinaryOperator.Equal), ("!=", BinaryOperator.NotEqual), ("<=", BinaryOperator.LessOrEqual),
        (">=", BinaryOperator.GreaterOrEqual), ("<", BinaryOperator.Less), (">", BinaryOperator.Greater),
    ];

    private Expr ParseComparison()
    {
        var left = ParseAdditive();
        if (Current.Is(".."))
        {
            var dots = Advance();
            return new RangeExpr(dots.Location, left, ParseAdditive());
        }
        if (Current.Is("in"))
        {
            var op = Advance();
            return new BinaryExpr(op.Location, BinaryOperator.In, left, ParseDomain());
        }
        var match = Comparisons.FirstOrDefault(c => Current.Is(c.Text));
        if (match.Text is null)
            return left;
        var comparison = Advance();
        var right = ParseAdditive();
        if (Comparisons.Any(c => Current.Is(c.Text)))
            throw Error(Current.Location, $"comparisons do not chain; write 'a {comparison.Text} b && b {Current.Text} c'");
        return new BinaryExpr(comparison.Location, match.Operator, left, right);
    }

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Is("+") || Current.Is("-"))
        {
            var op = Advance();
            left = new BinaryExpr(op.Location, op.Text == "+" ? BinaryOperator.Add : BinaryOperator.Subtract, left, ParseMultiplicative());
        }
        return left;
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Is("*") || Current.Is("/") || Current.Is("%"))
        {
            var op = Advance();
            var @operator = op.Text switch { "*" => BinaryOperator.Multiply, "/" => BinaryOperator.Divide, _ => BinaryOperator.Remainder };
            left = new BinaryExpr(op.Location, @operator, left, ParseUnary());
        }
        return left;
    }

    // Every operand passes here, so parentheses, brackets, braces, calls and indices each count a level.
    private Expr ParseUnary()
    {
        Enter();
        try
        {
            if (Current.Is("-"))
            {
                var op = Advance();
                return new UnaryExpr(op.Location, UnaryOperator.Negate, ParseUnary());
            }
            return ParsePostfix();
        }
        finally
        {
            Leave();
        }
    }

    private Expr ParsePostfix()
    {
        var expression = ParsePrimary();
        while (Current.Is("["))
        {
            var open = Advance();
            var index = ParseAdditive();
            if (Accept(".."))
            {
                var to = ParseAdditive();
                Expect("]", "to close the range of indices");
                expression = new SliceExpr(open.Location, expression, index, to);
            }
            else
            {
                Expect("]", "to close the index");
                expression = new IndexExpr(open.Location, expression, index);
            }
        }
        return expression;
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Integer:
                Advance();
                return new IntLiteral(token.Location, long.Parse(token.Text, CultureInfo.InvariantCulture));
            case TokenKind.String:
                Advance();
                return new StringLiteral(token.Location, token.Text);
            case TokenKind.Identifier:
                // "froall i in 0..8: …" reads as the name froall followed by the name i, which no expression allows.
                if (Peek(1).Kind == TokenKind.Identifier && KeywordHint(token, QuantifierKeywords) is { Length: > 0 } hint)
                    throw Error(token.Location, $"expected an operator after '{token.Text}', found {Peek(1).Describe()}{hint}");
                Advance();
                if (Current.Is("("))
                    return new CallExpr(token.Location, token.Text, ParseArguments());
                return new NameExpr(token.Location, token.Text);
        }
        if (Accept("true"))
            return new BoolLiteral(token.Location, true);
        if (Accept("false"))
            return new BoolLiteral(token.Location, false);
        if (Accept("class"))
            return new ClassExpr(token.Location);
        if (Accept("("))
        {
            var first = ParseExpr();
            if (Accept(")"))
                return first;
            var items = ImmutableArray.CreateBuilder<Expr>();
            items.Add(first);
            while (Accept(","))
                items.Add(ParseExpr());
            Expect(")", "to close the tuple");
            return new TupleExpr(token.Location, items.ToImmutable());
        }
        if (Accept("["))
            return new ListExpr(token.Location, ParseItemsUntil("]"));
        if (Accept("{"))
            return new SetExpr(token.Location, ParseItemsUntil("}"));
        throw Error(token.Location, $"expected an expression, found {token.Describe()}");
    }

    private ImmutableArray<Expr> ParseItemsUntil(string close)
    {
        var items = ImmutableArray.CreateBuilder<Expr>();
        if (!Accept(close))
        {
            do
                items.Add(ParseExpr());
            while (Accept(","));
            Expect(close, "to close the list");
        }
        return items.ToImmutable();
    }

    private ImmutableArray<Expr> ParseArguments()
    {
        Expect("(", "to open the arguments");
        var arguments = ImmutableArray.CreateBuilder<Expr>();
        if (Accept(")"))
            return arguments.ToImmutable();
        do
            arguments.Add(TryParseComprehension() ?? ParseExpr());
        while (Accept(","));
        Expect(")", "to close the arguments");
        return arguments.ToImmutable();
    }

    // "i in 0..8: body" or "(p, q) in PAIRS: body" as an argument; otherwise null and nothing is consumed.
    private ComprehensionExpr? TryParseComprehension()
    {
        int saved = _position;
        var start = Current;
        bool binderShape = (Current.Kind == TokenKind.Identifier && Peek(1).Is("in"))
            || (Current.Is("(") && Peek(1).Kind == TokenKind.Identifier && (Peek(2).Is(",") || Peek(2).Is(")")));
        if (!binderShape)
            return null;
        ImmutableArray<string> variables;
        Expr domain;
        try
        {
            variables = ParseBinder();
            Expect("in", "");
            domain = ParseDomain();
            Expect(":", "");
        }
        catch (DiagnosticException)
        {
            // Not a comprehension after all (e.g. the tuple "(a, b)"); parse it as an ordinary argument.
            _position = saved;
            return null;
        }
        // Past the ':' it is a comprehension, so errors in the body are reported as such.
        return new ComprehensionExpr(start.Location, variables, domain, ParseExpr());
    }

    private DiagnosticException Error(SourceLocation location, string message) =>
        new(Diagnostic.Error(ContractDiagnosticIds.SyntaxError, location with { File = _file }, message));
}
