using System.Globalization;
using System.Text;
using BnnVerify.Verifier.Contracts.Syntax;

namespace BnnVerify.Tests.Contracts;

/// <summary>
/// Writes a contract-language tree as an S-expression that ignores source locations, so that two trees
/// can be compared structurally (the AST records carry locations, so record equality does not work).
/// Written independently of the production printer, which is what the round-trip tests check.
/// </summary>
/// <remarks>
/// Names print bare (<c>a</c>), integers as digits, strings quoted; <c>#t</c>, <c>#f</c> and <c>#class</c> are
/// the literals and the keyword, so that a model input called <c>true</c> or <c>class</c> stays distinct.
/// </remarks>
internal static class AstDump
{
    public static string Of(Expr expression)
    {
        var text = new StringBuilder();
        Write(text, expression);
        return text.ToString();
    }

    public static string Of(SpecFile file)
    {
        var text = new StringBuilder("(spec");
        foreach (var declaration in file.Declarations)
            text.Append(' ').Append(Of(declaration));
        return text.Append(')').ToString();
    }

    public static string Of(Declaration declaration) => declaration switch
    {
        IncludeDeclaration include => $"(include {Quote(include.Path)})",
        ConstDeclaration constant => $"(const {constant.Name} {Of(constant.Value)})",
        PredDeclaration pred => $"(pred {pred.Name} ({string.Join(" ", pred.Parameters)}) {Of(pred.Body)})",
        RenderDeclaration render => string.Create(CultureInfo.InvariantCulture,
            $"(render {render.Rows} {render.Columns}{string.Concat(render.Entries.Select(e => $" ({e.Family} {Quote(e.Symbol)})"))})"),
        ContractDeclaration contract =>
            $"(contract {contract.Name}{string.Concat(contract.Clauses.Select(c => $" ({(c.Kind == ClauseKind.Requires ? "requires" : "ensures")} {Of(c.Condition)})"))})",
        _ => throw new ArgumentException($"unknown declaration {declaration.GetType().Name}", nameof(declaration)),
    };

    private static void Write(StringBuilder text, Expr expression)
    {
        switch (expression)
        {
            case BoolLiteral b:
                text.Append(b.Value ? "#t" : "#f");
                break;
            case IntLiteral i:
                text.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case StringLiteral s:
                text.Append(Quote(s.Value));
                break;
            case NameExpr n:
                text.Append(n.Name);
                break;
            case ClassExpr:
                text.Append("#class");
                break;
            case IndexExpr index:
                Node(text, "index", index.Target, index.Index);
                break;
            case SliceExpr slice:
                Node(text, "slice", slice.Target, slice.From, slice.To);
                break;
            case CallExpr call:
                Node(text, "call " + call.Name, [.. call.Arguments]);
                break;
            case UnaryExpr unary:
                Node(text, unary.Operator == UnaryOperator.Not ? "not" : "neg", unary.Operand);
                break;
            case BinaryExpr binary:
                Node(text, OperatorName(binary.Operator), binary.Left, binary.Right);
                break;
            case QuantifierExpr quantifier:
                Node(text, $"{(quantifier.Kind == QuantifierKind.Forall ? "forall" : "exists")} ({string.Join(" ", quantifier.Variables)})",
                    quantifier.Domain, quantifier.Body);
                break;
            case ComprehensionExpr comprehension:
                Node(text, $"for ({string.Join(" ", comprehension.Variables)})", comprehension.Domain, comprehension.Body);
                break;
            case RangeExpr range:
                Node(text, "range", range.From, range.To);
                break;
            case ListExpr list:
                Node(text, "list", [.. list.Items]);
                break;
            case TupleExpr tuple:
                Node(text, "tuple", [.. tuple.Items]);
                break;
            case SetExpr set:
                Node(text, "set", [.. set.Items]);
                break;
            default:
                throw new ArgumentException($"unknown expression {expression.GetType().Name}", nameof(expression));
        }
    }

    private static void Node(StringBuilder text, string head, params Expr[] children)
    {
        text.Append('(').Append(head);
        foreach (var child in children)
        {
            text.Append(' ');
            Write(text, child);
        }
        text.Append(')');
    }

    private static string OperatorName(BinaryOperator op) => op switch
    {
        BinaryOperator.Iff => "iff",
        BinaryOperator.Implies => "implies",
        BinaryOperator.Or => "or",
        BinaryOperator.Xor => "xor",
        BinaryOperator.And => "and",
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
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown operator"),
    };

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
