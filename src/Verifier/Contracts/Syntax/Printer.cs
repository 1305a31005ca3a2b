using System.Globalization;
using System.Text;

namespace BnnVerify.Verifier.Contracts.Syntax;

/// <summary>
/// Prints specs and expressions in canonical contract-language syntax, with only the parentheses that
/// precedence needs; parsing the result gives back the same tree.
/// </summary>
public static class Printer
{
    // Binding strength of each expression form; a child weaker than its position needs parentheses.
    private const int QuantifierLevel = 0;
    private const int IffLevel = 1;
    private const int ImpliesLevel = 2;
    private const int OrLevel = 3;
    private const int XorLevel = 4;
    private const int AndLevel = 5;
    private const int NotLevel = 6;
    private const int ComparisonLevel = 7;
    private const int AdditiveLevel = 8;
    private const int MultiplicativeLevel = 9;
    private const int NegateLevel = 10;
    private const int PostfixLevel = 11;

    /// <summary>The whole file, one declaration per paragraph.</summary>
    public static string Print(SpecFile file)
    {
        var text = new StringBuilder();
        foreach (var declaration in file.Declarations)
        {
            if (text.Length > 0)
                text.Append('\n');
            text.Append(Print(declaration)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>One declaration.</summary>
    public static string Print(Declaration declaration) => declaration switch
    {
        IncludeDeclaration include => $"include {Quote(include.Path)}",
        ConstDeclaration constant => $"const {Name(constant.Name)} = {Print(constant.Value)}",
        PredDeclaration pred => pred.Parameters.IsEmpty
            ? $"pred {Name(pred.Name)} = {Print(pred.Body)}"
            : $"pred {Name(pred.Name)}({string.Join(", ", pred.Parameters.Select(Name))}) = {Print(pred.Body)}",
        RenderDeclaration render => string.Create(CultureInfo.InvariantCulture,
            $"render grid({render.Rows}, {render.Columns}) {{ {string.Join(", ", render.Entries.Select(e => $"{Name(e.Family)}: {Quote(e.Symbol)}"))} }}"),
        ContractDeclaration contract => $"contract {Name(contract.Name)} {{\n"
            + string.Concat(contract.Clauses.Select(c => $"  {(c.Kind == ClauseKind.Requires ? "requires" : "ensures")} {Print(c.Condition)}\n"))
            + "}",
        _ => throw new InvalidOperationException($"unknown declaration {declaration.GetType().Name}"),
    };

    /// <summary>One expression.</summary>
    public static string Print(Expr expression)
    {
        var text = new StringBuilder();
        Write(text, expression, QuantifierLevel);
        return text.ToString();
    }

    private static void Write(StringBuilder text, Expr expression, int minimumLevel)
    {
        int level = LevelOf(expression);
        bool parenthesise = level < minimumLevel;
        if (parenthesise)
            text.Append('(');
        switch (expression)
        {
            case BoolLiteral b:
                text.Append(b.Value ? "true" : "false");
                break;
            case IntLiteral i:
                text.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case StringLiteral s:
                text.Append(Quote(s.Value));
                break;
            case NameExpr n:
                text.Append(Name(n.Name));
                break;
            case ClassExpr:
                text.Append("class");
                break;
            case IndexExpr index:
                Write(text, index.Target, PostfixLevel);
                text.Append('[');
                Write(text, index.Index, AdditiveLevel);
                text.Append(']');
                break;
            case SliceExpr slice:
                Write(text, slice.Target, PostfixLevel);
                text.Append('[');
                Write(text, slice.From, AdditiveLevel);
                text.Append("..");
                Write(text, slice.To, AdditiveLevel);
                text.Append(']');
                break;
            case CallExpr call:
                text.Append(Name(call.Name)).Append('(');
                WriteList(text, call.Arguments);
                text.Append(')');
                break;
            case UnaryExpr { Operator: UnaryOperator.Not } not:
                text.Append('!');
                Write(text, not.Operand, NotLevel);
                break;
            case UnaryExpr negate:
                text.Append('-');
                Write(text, negate.Operand, NegateLevel);
                break;
            case BinaryExpr binary:
                WriteBinary(text, binary, level);
                break;
            case QuantifierExpr quantifier:
                text.Append(quantifier.Kind == QuantifierKind.Forall ? "forall " : "exists ");
                WriteBinding(text, quantifier.Variables, quantifier.Domain, quantifier.Body);
                break;
            case ComprehensionExpr comprehension:
                WriteBinding(text, comprehension.Variables, comprehension.Domain, comprehension.Body);
                break;
            case RangeExpr range:
                Write(text, range.From, AdditiveLevel);
                text.Append("..");
                Write(text, range.To, AdditiveLevel);
                break;
            case ListExpr list:
                text.Append('[');
                WriteList(text, list.Items);
                text.Append(']');
                break;
            case TupleExpr tuple:
                text.Append('(');
                WriteList(text, tuple.Items);
                text.Append(')');
                break;
            case SetExpr set:
                text.Append('{');
                WriteList(text, set.Items);
                text.Append('}');
                break;
            default:
                throw new InvalidOperationException($"unknown expression {expression.GetType().Name}");
        }
        if (parenthesise)
            text.Append(')');
    }

    private static void WriteBinding(StringBuilder text, IReadOnlyList<string> variables, Expr domain, Expr body)
    {
        text.Append(variables.Count == 1 ? Name(variables[0]) : "(" + string.Join(", ", variables.Select(Name)) + ")");
        text.Append(" in ");
        WriteDomain(text, domain);
        text.Append(": ");
        Write(text, body, QuantifierLevel);
    }

    // A domain is parsed as additive ('..' additive)?, so a range prints bare and anything else at additive level.
    private static void WriteDomain(StringBuilder text, Expr domain)
    {
        if (domain is RangeExpr)
            Write(text, domain, 0);
        else
            Write(text, domain, AdditiveLevel);
    }

    private static void WriteBinary(StringBuilder text, BinaryExpr binary, int level)
    {
        if (binary.Operator == BinaryOperator.In)
        {
            Write(text, binary.Left, AdditiveLevel);
            text.Append(" in ");
            WriteDomain(text, binary.Right);
            return;
        }
        if (binary.Operator == BinaryOperator.Implies)
        {
            // A right-nested chain a ==> (b ==> …) is written in a loop, so that a long chain does not recurse.
            Expr rest = binary;
            while (rest is BinaryExpr { Operator: BinaryOperator.Implies } arrow)
            {
                Write(text, arrow.Left, level + 1);
                text.Append(" ==> ");
                rest = arrow.Right;
            }
            Write(text, rest, level);
            return;
        }
        if (level == ComparisonLevel)
        {
            Write(text, binary.Left, AdditiveLevel);
            text.Append(' ').Append(Symbol(binary.Operator)).Append(' ');
            Write(text, binary.Right, AdditiveLevel);
            return;
        }
        // A left-nested chain ((a && b) && c) && … of one level is written in a loop, for the same reason.
        var spine = new Stack<BinaryExpr>();
        Expr first = binary;
        while (first is BinaryExpr link && link.Operator is not (BinaryOperator.Implies or BinaryOperator.In) && LevelOf(link) == level)
        {
            spine.Push(link);
            first = link.Left;
        }
        Write(text, first, level);
        while (spine.Count > 0)
        {
            var link = spine.Pop();
            text.Append(' ').Append(Symbol(link.Operator)).Append(' ');
            Write(text, link.Right, level + 1);
        }
    }

    private static void WriteList(StringBuilder text, IReadOnlyList<Expr> items)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
                text.Append(", ");
            Write(text, items[i], QuantifierLevel);
        }
    }

    private static int LevelOf(Expr expression) => expression switch
    {
        QuantifierExpr or ComprehensionExpr => QuantifierLevel,
        BinaryExpr b => b.Operator switch
        {
            BinaryOperator.Iff => IffLevel,
            BinaryOperator.Implies => ImpliesLevel,
            BinaryOperator.Or => OrLevel,
            BinaryOperator.Xor => XorLevel,
            BinaryOperator.And => AndLevel,
            BinaryOperator.Add or BinaryOperator.Subtract => AdditiveLevel,
            BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Remainder => MultiplicativeLevel,
            _ => ComparisonLevel,
        },
        UnaryExpr { Operator: UnaryOperator.Not } => NotLevel,
        UnaryExpr => NegateLevel,
        RangeExpr => ComparisonLevel,
        _ => PostfixLevel,
    };

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Iff => "<==>",
        BinaryOperator.Implies => "==>",
        BinaryOperator.Or => "||",
        BinaryOperator.Xor => "^",
        BinaryOperator.And => "&&",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.In => "in",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Remainder => "%",
        _ => throw new InvalidOperationException($"unknown operator {op}"),
    };

    /// <summary>A name as written in specs: reserved words are escaped with backquotes.</summary>
    public static string Name(string name) => Lexer.Keywords.Contains(name) ? "`" + name + "`" : name;

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
