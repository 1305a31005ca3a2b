using System.Globalization;
using BnnVerify.Encoding.Compilation;

namespace BnnVerify.Verifier.Compilation;

/// <summary>
/// The expression syntax of one model-checker language (Promela or the NuSMV language): how booleans,
/// counts and comparisons are written. The network and the contract are printed through it.
/// </summary>
internal abstract class ModelCheckerDialect
{
    /// <summary>The language's keywords, never used as identifiers.</summary>
    public abstract IReadOnlyList<string> Keywords { get; }

    /// <summary>The constant true.</summary>
    public abstract string True { get; }

    /// <summary>The constant false.</summary>
    public abstract string False { get; }

    /// <summary>Conjunction.</summary>
    public abstract string AndOperator { get; }

    /// <summary>Disjunction.</summary>
    public abstract string OrOperator { get; }

    /// <summary>Negation of a boolean expression.</summary>
    public virtual string Not(string operand) => "!" + Parenthesise(operand);

    /// <summary>Exclusive or of two boolean expressions.</summary>
    public abstract string Xor(string left, string right);

    /// <summary>1 when the boolean expression holds, else 0.</summary>
    public abstract string Indicator(string condition);

    /// <summary>Σ weight·[literal] over named nodes, as an integer expression.</summary>
    public string Count(IEnumerable<WeightedLiteral> terms, IReadOnlyList<string> nodeNames, int scale = 1)
    {
        var parts = terms.Select(t =>
        {
            string literal = (t.Literal.IsNegative ? "!" : "") + nodeNames[t.Literal.Variable];
            long weight = (long)t.Weight * scale;
            string indicator = Indicator(literal);
            return weight == 1 ? indicator : $"{weight.ToString(CultureInfo.InvariantCulture)} * {indicator}";
        }).ToList();
        return parts.Count == 0 ? "0" : string.Join(" + ", parts);
    }

    /// <summary>Wraps <paramref name="expression"/> in parentheses unless it is an identifier or a number.</summary>
    public static string Parenthesise(string expression) =>
        expression.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || IsWrapped(expression) ? expression : "(" + expression + ")";

    // True when the first parenthesis closes at the very end: "(a) && (b)" is not wrapped, "((a) && (b))" is.
    private static bool IsWrapped(string expression)
    {
        if (expression.Length < 2 || expression[0] != '(')
            return false;
        int depth = 0;
        for (int i = 0; i < expression.Length; i++)
        {
            depth += expression[i] == '(' ? 1 : expression[i] == ')' ? -1 : 0;
            if (depth == 0)
                return i == expression.Length - 1;
        }
        return false;
    }
}

/// <summary>Promela, the input language of SPIN.</summary>
internal sealed class PromelaDialect : ModelCheckerDialect
{
    /// <inheritdoc/>
    public override IReadOnlyList<string> Keywords { get; } =
    [
        "active", "assert", "atomic", "bit", "bool", "break", "byte", "c_code", "c_decl", "c_expr", "c_state", "c_track", "chan", "d_step",
        "do", "else", "empty", "enabled", "eval", "false", "fi", "for", "full", "get_priority", "goto", "hidden", "if", "in", "init",
        "inline", "int", "len", "local", "ltl", "mtype", "nempty", "never", "nfull", "notrace", "np_", "od", "of", "pc_value", "pid",
        "printf", "printm", "priority", "proctype", "provided", "run", "select", "set_priority", "short", "show", "skip", "timeout",
        "trace", "true", "typedef", "unless", "unsigned", "xr", "xs", "always", "eventually", "until", "weak", "strong", "stronguntil",
        "weakuntil", "implies", "equivalent", "release", "main", "now", "Uerror", "Nrprocs",
        .. IdentifierScope.CKeywords,
    ];

    /// <inheritdoc/>
    public override string True => "true";

    /// <inheritdoc/>
    public override string False => "false";

    /// <inheritdoc/>
    public override string AndOperator => " && ";

    /// <inheritdoc/>
    public override string OrOperator => " || ";

    /// <inheritdoc/>
    public override string Xor(string left, string right) => $"({Parenthesise(left)} != {Parenthesise(right)})";

    // Every boolean expression printed here is 0 or 1 (bits, comparisons, !, &&, ||), so it counts as it is.
    /// <inheritdoc/>
    public override string Indicator(string condition) => condition.StartsWith('!') ? $"(1 - {condition[1..]})" : condition;
}

/// <summary>The input language of NuSMV (and nuXmv).</summary>
internal sealed class SmvDialect : ModelCheckerDialect
{
    /// <inheritdoc/>
    public override IReadOnlyList<string> Keywords { get; } =
    [
        "MODULE", "DEFINE", "MDEFINE", "CONSTANTS", "VAR", "IVAR", "FROZENVAR", "INIT", "TRANS", "INVAR", "SPEC", "CTLSPEC", "LTLSPEC",
        "PSLSPEC", "COMPUTE", "NAME", "INVARSPEC", "FAIRNESS", "JUSTICE", "COMPASSION", "ISA", "ASSIGN", "CONSTRAINT", "SIMPWFF", "CTLWFF",
        "LTLWFF", "PSLWFF", "COMPWFF", "IN", "MIN", "MAX", "MIRROR", "PRED", "PREDICATES", "process", "array", "of", "boolean", "integer",
        "real", "word", "word1", "bool", "signed", "unsigned", "extend", "resize", "sizeof", "uwconst", "swconst", "EX", "AX", "EF", "AF",
        "EG", "AG", "E", "F", "O", "G", "H", "X", "Y", "Z", "A", "U", "S", "V", "T", "BU", "EBF", "ABF", "EBG", "ABG", "case", "esac",
        "mod", "next", "init", "union", "in", "xor", "xnor", "self", "TRUE", "FALSE", "count", "toint", "abs", "max", "min", "floor",
        "pi", "exp", "ln", "sin", "cos", "tan", "asin", "acos", "atan", "pow", "typeof", "running",
    ];

    /// <inheritdoc/>
    public override string True => "TRUE";

    /// <inheritdoc/>
    public override string False => "FALSE";

    /// <inheritdoc/>
    public override string AndOperator => " & ";

    /// <inheritdoc/>
    public override string OrOperator => " | ";

    /// <inheritdoc/>
    public override string Xor(string left, string right) => $"({Parenthesise(left)} xor {Parenthesise(right)})";

    /// <inheritdoc/>
    public override string Indicator(string condition) => $"toint({condition})";
}
