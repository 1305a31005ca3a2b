using System.Collections.Immutable;
using System.Globalization;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Verifier.Contracts.Syntax;

/// <summary>
/// Recursive-descent parser of the contract language (grammar in docs/contract-language.md). The first
/// syntax error stops it with a located <see cref="DiagnosticException"/>. Binary chains (<c>a &amp;&amp; b &amp;&amp; …</c>,
/// <c>a ==&gt; b ==&gt; …</c>, <c>a + b + …</c>) are parsed by loops; every construct that recurses counts one level
/// of nesting, and nesting beyond <see cref="SpecLimits.MaxDepth"/> is refused before the stack can overflow.
/// </summary>
public sealed class Parser
{
    private readonly List<Token> _tokens;
    private readonly string _file;
    private readonly int _maxDepth;
    private int _position;
    private int _depth;

    private Parser(List<Token> tokens, string file, SpecLimits limits)
    {
        _tokens = tokens;
        _file = file;
        _maxDepth = limits.MaxDepth;
    }

    /// <summary>Parses a whole spec file.</summary>
    public static SpecFile ParseFile(string text, string file, SpecLimits? limits = null)
    {
        limits ??= SpecLimits.Default;
        var parser = new Parser(Lexer.Tokenize(text, file, limits), file, limits);
        var declarations = ImmutableArray.CreateBuilder<Declaration>();
        while (parser.Current.Kind != TokenKind.End)
            declarations.Add(parser.ParseDeclaration());
        return new SpecFile(file, declarations.ToImmutable());
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
            if (Current.Kind != TokenKind.String)
                throw Error(Current.Location, $"expected the file to include as a string, found {Current.Describe()}");
            return new IncludeDeclaration(start.Location, Advance().Text);
        }
        if (Accept("const"))
        {
            string name = ExpectIdentifier("the constant's name");
            Expect("=", "after the constant's name");
            return new ConstDeclaration(start.Location, name, ParseExpr());
        }
        if (Accept("pred"))
        {
            string name = ExpectIdentifier("the predicate's name");
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
                    throw Error(Current.Location, $"expected 'requires', 'ensures' or '}}' in contract '{name}', found {Current.Describe()}");
                clauses.Add(new Clause(clauseStart.Location, kind, ParseExpr()));
                Accept(";");
            }
            Advance();
            return new ContractDeclaration(start.Location, name, clauses.ToImmutable());
        }
        throw Error(start.Location, $"expected a declaration (include, const, pred, render or contract), found {start.Describe()}");
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
