using System.Globalization;
using System.Text;

namespace BnnVerify.Tests.Contracts.Reference;

/// <summary>
/// One input of the model and what the network answers on it (from the naive evaluator), plus the
/// bound variables of the reference interpreter.
/// </summary>
internal sealed class Point(bool[] inputs, int winner, long[] scores, bool[] bits)
{
    public bool[] Inputs { get; } = inputs;

    public int Class { get; } = winner;

    public long[] Scores { get; } = scores;

    public bool[] Bits { get; } = bits;
}

/// <summary>Bound variables (quantifiers, comprehensions, predicate parameters): a long, a tuple (long[]) or a bool.</summary>
internal sealed class Bindings(string name, object value, Bindings? parent)
{
    private readonly string _name = name;
    private readonly object _value = value;
    private readonly Bindings? _parent = parent;

    public static object Lookup(Bindings? scope, string name)
    {
        for (var b = scope; b is not null; b = b._parent)
        {
            if (b._name == name)
                return b._value;
        }
        throw new InvalidOperationException($"the generator used '{name}' outside its scope");
    }

    public static Bindings? Bind(Bindings? scope, IReadOnlyList<string> names, object value)
    {
        if (names.Count == 1)
            return new Bindings(names[0], value, scope);
        var tuple = (long[])value;
        for (int i = 0; i < names.Count; i++)
            scope = new Bindings(names[i], tuple[i], scope);
        return scope;
    }
}

/// <summary>Binding strength of the documented grammar, loosest first (docs/contract-language.md, "Expressions").</summary>
internal static class Levels
{
    public const int Quantifier = 0;
    public const int Iff = 1;
    public const int Implies = 2;
    public const int Or = 3;
    public const int Xor = 4;
    public const int And = 5;
    public const int Not = 6;
    public const int Comparison = 7;
    public const int Additive = 8;
    public const int Multiplicative = 9;
    public const int Unary = 10;
    public const int Postfix = 11;
    public const int Primary = 12;
}

/// <summary>
/// Writes reference trees as spec text with only the parentheses the documented grammar needs, plus the
/// extra ones a node asks for. A quantifier may stand bare as the last operand of a connective, where
/// the grammar allows it and its body cannot swallow anything that follows.
/// </summary>
internal sealed class SpecWriter
{
    /// <summary>The reserved words of the language, as listed in the documentation.</summary>
    public static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "include", "const", "pred", "render", "contract", "requires", "ensures", "forall", "exists", "in",
        "true", "false", "not", "and", "or", "implies", "iff", "xor", "class",
    };

    private readonly StringBuilder _text = new();

    public static string Name(string name) => ReservedWords.Contains(name) ? "`" + name + "`" : name;

    public SpecWriter Append(string text)
    {
        _text.Append(text);
        return this;
    }

    public SpecWriter Append(long number)
    {
        _text.Append(number.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Writes <paramref name="node"/> where the grammar expects level <paramref name="minimum"/> or tighter.</summary>
    /// <param name="node">The node.</param>
    /// <param name="minimum">The loosest level the position accepts without parentheses.</param>
    /// <param name="atEnd">True when nothing follows that a quantifier's body could swallow.</param>
    /// <param name="quantifierAllowed">True where the grammar accepts a bare quantifier (right operand of a connective, operand of not).</param>
    public void Child(RefNode node, int minimum, bool atEnd, bool quantifierAllowed = false)
    {
        bool bareQuantifier = node.Level == Levels.Quantifier && quantifierAllowed && atEnd;
        bool parenthesise = node.ExtraParentheses || (node.Level < minimum && !bareQuantifier);
        if (parenthesise)
        {
            _text.Append('(');
            node.Write(this, atEnd: true);
            _text.Append(')');
        }
        else
        {
            node.Write(this, atEnd);
        }
    }

    public void List<T>(IEnumerable<T> items, Action<T> write)
    {
        bool first = true;
        foreach (var item in items)
        {
            if (!first)
                _text.Append(", ");
            first = false;
            write(item);
        }
    }

    public override string ToString() => _text.ToString();
}

/// <summary>A node of a generated contract: prints as spec text and evaluates directly.</summary>
internal abstract class RefNode
{
    /// <summary>Print this node in parentheses even where the grammar does not need them.</summary>
    public bool ExtraParentheses { get; set; }

    public abstract int Level { get; }

    /// <summary>True when the node reads the network's output (so it may not appear in a precondition).</summary>
    public abstract bool MentionsOutput { get; }

    public abstract void Write(SpecWriter writer, bool atEnd);
}

/// <summary>A boolean node.</summary>
internal abstract class RefBool : RefNode
{
    public abstract bool Eval(Point point, Bindings? scope);
}

/// <summary>An integer node.</summary>
internal abstract class RefInt : RefNode
{
    /// <summary>True when the value depends on no input or output (only on literals, constants and bound variables).</summary>
    public abstract bool IsStatic { get; }

    public abstract long Eval(Point point, Bindings? scope);
}

/// <summary>Which model names a reference points into.</summary>
internal enum NameKind
{
    Input,
    OutputBit,
    Class,
}

/// <summary>
/// A reference to the input, output bit or class with index k: either by its full name (<c>x_3</c>,
/// <c>`xor`</c>) or as a family member with an index expression (<c>x[i + 1]</c>).
/// </summary>
internal sealed class NameRef(NameKind kind, string? fullName, int fixedIndex, string? family, RefInt? index)
{
    public NameKind Kind { get; } = kind;

    public int Level => fullName is null ? Levels.Postfix : Levels.Primary;

    public bool MentionsOutput => Kind != NameKind.Input;

    public static NameRef Direct(NameKind kind, string name, int index) => new(kind, name, index, null, null);

    public static NameRef Member(NameKind kind, string family, RefInt index) => new(kind, null, -1, family, index);

    public int Index(Point point, Bindings? scope) => fullName is null ? checked((int)index!.Eval(point, scope)) : fixedIndex;

    public void Write(SpecWriter writer)
    {
        if (fullName is not null)
        {
            writer.Append(SpecWriter.Name(fullName));
            return;
        }
        writer.Append(family!).Append("[");
        writer.Child(index!, Levels.Additive, atEnd: true);
        writer.Append("]");
    }
}

/// <summary><c>true</c> or <c>false</c>.</summary>
internal sealed class BoolLiteral(bool value) : RefBool
{
    public override int Level => Levels.Primary;

    public override bool MentionsOutput => false;

    public override void Write(SpecWriter writer, bool atEnd) => writer.Append(value ? "true" : "false");

    public override bool Eval(Point point, Bindings? scope) => value;
}

/// <summary>An input, or (bit-output models) an output bit.</summary>
internal sealed class BoolName(NameRef name) : RefBool
{
    public override int Level => name.Level;

    public override bool MentionsOutput => name.MentionsOutput;

    public override void Write(SpecWriter writer, bool atEnd) => name.Write(writer);

    public override bool Eval(Point point, Bindings? scope) =>
        name.Kind == NameKind.Input ? point.Inputs[name.Index(point, scope)] : point.Bits[name.Index(point, scope)];
}

/// <summary><c>class == c</c>, <c>c == class</c> or with <c>!=</c>.</summary>
internal sealed class ClassIs(NameRef name, bool equal, bool classOnRight) : RefBool
{
    public override int Level => Levels.Comparison;

    public override bool MentionsOutput => true;

    public override void Write(SpecWriter writer, bool atEnd)
    {
        string op = equal ? " == " : " != ";
        if (classOnRight)
        {
            name.Write(writer);
            writer.Append(op).Append("class");
        }
        else
        {
            writer.Append("class").Append(op);
            name.Write(writer);
        }
    }

    public override bool Eval(Point point, Bindings? scope) => (point.Class == name.Index(point, scope)) == equal;
}

/// <summary><c>class in {c0, c[2]}</c>, or <c>class in CONST</c>.</summary>
internal sealed class ClassIn(IReadOnlyList<NameRef> classes, ClassSetConstant? constant) : RefBool
{
    public override int Level => Levels.Comparison;

    public override bool MentionsOutput => true;

    public override void Write(SpecWriter writer, bool atEnd)
    {
        writer.Append("class in ");
        if (constant is not null)
        {
            writer.Append(constant.Name);
            return;
        }
        writer.Append("{");
        writer.List(classes, c => c.Write(writer));
        writer.Append("}");
    }

    public override bool Eval(Point point, Bindings? scope)
    {
        // A constant's class names are evaluated where it is declared, without the caller's variables.
        var names = constant?.Classes ?? classes;
        var declarationScope = constant is null ? scope : null;
        foreach (var c in names)
        {
            if (point.Class == c.Index(point, declarationScope))
                return true;
        }
        return false;
    }
}

/// <summary><c>!x</c> or <c>not x</c>.</summary>
internal sealed class Not(RefBool operand, bool word) : RefBool
{
    public override int Level => Levels.Not;

    public override bool MentionsOutput => operand.MentionsOutput;

    public override void Write(SpecWriter writer, bool atEnd)
    {
        writer.Append(word ? "not " : "!");
        writer.Child(operand, Levels.Not, atEnd, quantifierAllowed: true);
    }

    public override bool Eval(Point point, Bindings? scope) => !operand.Eval(point, scope);
}

/// <summary>The connectives.</summary>
internal enum Connective
{
    Iff,
    Implies,
    Or,
    Xor,
    And,
}

/// <summary>A connective in either spelling (<c>&amp;&amp;</c> or <c>and</c>, …), sometimes with a comment after the operator.</summary>
internal sealed class Binary(Connective op, RefBool left, RefBool right, bool word, int comment) : RefBool
{
    public override int Level => op switch
    {
        Connective.Iff => Levels.Iff,
        Connective.Implies => Levels.Implies,
        Connective.Or => Levels.Or,
        Connective.Xor => Levels.Xor,
        _ => Levels.And,
    };

    public override bool MentionsOutput => left.MentionsOutput || right.MentionsOutput;

    public override void Write(SpecWriter writer, bool atEnd)
    {
        // iff and or/xor/and are left associative, implies right associative.
        var (leftMinimum, rightMinimum) = op == Connective.Implies ? (Level + 1, Level) : (Level, Level + 1);
        writer.Child(left, leftMinimum, atEnd: false);
        writer.Append(" ").Append(Symbol());
        writer.Append(comment switch { 1 => " /* a comment */ ", 2 => " // a comment\n    ", _ => " " });
        writer.Child(right, rightMinimum, atEnd, quantifierAllowed: op != Connective.Iff);
    }

    public override bool Eval(Point point, Bindings? scope)
    {
        bool l = left.Eval(point, scope), r = right.Eval(point, scope);
        return op switch
        {
            Connective.Iff => l == r,
            Connective.Implies => !l || r,
            Connective.Or => l || r,
            Connective.Xor => l != r,
            _ => l && r,
        };
    }

    private string Symbol() => (op, word) switch
    {
        (Connective.Iff, false) => "<==>",
        (Connective.Iff, true) => "iff",
        (Connective.Implies, false) => "==>",
        (Connective.Implies, true) => "implies",
        (Connective.Or, false) => "||",
        (Connective.Or, true) => "or",
        (Connective.Xor, false) => "^",
        (Connective.Xor, true) => "xor",
        (Connective.And, false) => "&&",
        _ => "and",
    };
}

/// <summary><c>a == b</c> or <c>a != b</c> between booleans (iff / xor).</summary>
internal sealed class BoolEquality(RefBool left, RefBool right, bool equal) : RefBool
{
    public override int Level => Levels.Comparison;

    public override bool MentionsOutput => left.MentionsOutput || right.MentionsOutput;

    public override void Write(SpecWriter writer, bool atEnd)
    {
        writer.Child(left, Levels.Additive, atEnd: false);
        writer.Append(equal ? " == " : " != ");
        writer.Child(right, Levels.Additive, atEnd);
    }

    public override bool Eval(Point point, Bindings? scope) => (left.Eval(point, scope) == right.Eval(point, scope)) == equal;
}

/// <summary>An integer comparison.</summary>
internal sealed class Compare(string op, RefInt left, RefInt right) : RefBool
{
    public static readonly string[] Operators = ["==", "!=", "<", "<=", ">", ">="];

    public override int Level => Levels.Comparison;

    public override bool MentionsOutput => left.MentionsOutput || right.MentionsOutput;

    public override void Write(SpecWriter writer, bool atEnd)
    {
        writer.Child(left, Levels.Additive, atEnd: false);
        writer.Append(" ").Append(op).Append(" ");
        writer.Child(right, Levels.Additive, atEnd);
    }

    public override bool Eval(Point point, Bindings? scope)
    {
        long l = left.Eval(point, scope), r = right.Eval(point, scope);
        return op switch
        {
            "==" => l == r,
            "!=" => l != r,
            "<" => l < r,
            "<=" => l <= r,
            ">" => l > r,
            _ => l >= r,
        };
    }
}

/// <summary><c>atleast(k, items…)</c>, <c>atmost</c>, <c>exactly</c>.</summary>
internal sealed class Cardinality(string function, RefInt bound, IReadOnlyList<RefItem> items) : RefBool
{
    public override int Level => Levels.Primary;

    public override bool MentionsOutput => bound.MentionsOutput || items.Any(i => i.MentionsOutput);

    public override void Write(SpecWriter writer, bool atEnd)
    {
        writer.Append(function).Append("(");
        writer.Child(bound, Levels.Quantifier, atEnd: true);
        foreach (var item in items)
        {
            writer.Append(", ");
            item.Write(writer);
        }
        writer.Append(")");
    }

    public override bool Eval(Point point, Bindings? scope)
    {
        long k = bound.Eval(point, scope);
        long count = 0;
        foreach (var item in items)
            count += item.Count(point, scope);
        return function switch
        {
            "atleast" => count >= k,
            "atmost" => count <= k,
            _ => count == k,
        };
    }
}

/// <summary><c>forall</c>/<c>exists</c> with one variable, a tuple binder, or one variable over tuples.</summary>
internal sealed class Quantifier(bool forall, IReadOnlyList<string> variables, RefDomain domain, RefBool body) : RefBool
{
    public override int Level => Levels.Quantifier;

    public override bool MentionsOutput => body.MentionsOutput;

    public override void Write(SpecWriter writer, bool atEnd)
    {
        writer.Append(forall ? "forall " : "exists ");
        WriteBinder(writer, variables);
        writer.Append(" in ");
        domain.Write(writer);
        writer.Append(": ");
        writer.Child(body, Levels.Quantifier, atEnd);
    }

    public override bool Eval(Point point, Bindings? scope)
    {
        foreach (var value in domain.Values(point, scope))
        {
            if (body.Eval(point, Bindings.Bind(scope, variables, value)) != forall)
                return !forall;
        }
        return forall;
    }

    public static void WriteBinder(SpecWriter writer, IReadOnlyList<string> variables)
    {
        if (variables.Count == 1)
        {
            writer.Append(variables[0]);
            return;
        }
        writer.Append("(");
        writer.List(variables, v => writer.Append(v));
        writer.Append(")");
    }
}

/// <summary>A predicate used by name (no parameters) or called with arguments; evaluated on the fly, lexically scoped.</summary>
internal sealed class PredicateCall(Predicate predicate, IReadOnlyList<RefNode> arguments) : RefBool
{
    public override int Level => Levels.Primary;

    public override bool MentionsOutput => predicate.MentionsOutput || arguments.Any(a => a.MentionsOutput);

    public override void Write(SpecWriter writer, bool atEnd)
    {
        writer.Append(predicate.Name);
        if (predicate.Parameters.Count == 0)
            return;
        writer.Append("(");
        writer.List(arguments, a => writer.Child(a, Levels.Quantifier, atEnd: true));
        writer.Append(")");
    }

    public override bool Eval(Point point, Bindings? scope)
    {
        // The body sees its parameters only, not the caller's variables.
        Bindings? inner = null;
        for (int i = 0; i < arguments.Count; i++)
        {
            object value = arguments[i] switch
            {
                RefBool b => b.Eval(point, scope),
                RefInt n => n.Eval(point, scope),
                _ => throw new InvalidOperationException("an argument is a boolean or an integer"),
            };
            inner = new Bindings(predicate.Parameters[i].Name, value, inner);
        }
        return predicate.Body.Eval(point, inner);
    }
}

/// <summary>A constant that holds a boolean expression over the inputs.</summary>
internal sealed class BoolConstantUse(BoolConstant constant) : RefBool
{
    public override int Level => Levels.Primary;

    public override bool MentionsOutput => false;

    public override void Write(SpecWriter writer, bool atEnd) => writer.Append(constant.Name);

    public override bool Eval(Point point, Bindings? scope) => constant.Value.Eval(point, null);
}

/// <summary>A boolean predicate parameter.</summary>
internal sealed class BoolVariable(string name) : RefBool
{
    public override int Level => Levels.Primary;

    public override bool MentionsOutput => false;

    public override void Write(SpecWriter writer, bool atEnd) => writer.Append(name);

    public override bool Eval(Point point, Bindings? scope) => (bool)Bindings.Lookup(scope, name);
}

/// <summary><c>e in 0..3</c> or <c>e in [1, 4]</c> for a constant integer e (a constant boolean).</summary>
internal sealed class Membership(RefInt element, RefDomain domain) : RefBool
{
    public override int Level => Levels.Comparison;

    public override bool MentionsOutput => false;

    public override void Write(SpecWriter writer, bool atEnd)
    {
        writer.Child(element, Levels.Additive, atEnd: false);
        writer.Append(" in ");
        domain.Write(writer);
    }

    public override bool Eval(Point point, Bindings? scope)
    {
        long value = element.Eval(point, scope);
        return domain.Values(point, scope).Any(v => v is long l && l == value);
    }
}

/// <summary>An integer literal; a negative one prints as a negation.</summary>
internal sealed class IntLiteral(long value) : RefInt
{
    public long Value => value;

    public override int Level => value < 0 ? Levels.Unary : Levels.Primary;

    public override bool MentionsOutput => false;

    public override bool IsStatic => true;

    public override void Write(SpecWriter writer, bool atEnd)
    {
        if (value < 0)
            writer.Append("-");
        writer.Append(Math.Abs(value));
    }

    public override long Eval(Point point, Bindings? scope) => value;
}

/// <summary>A bound integer variable (quantifier, comprehension or predicate parameter).</summary>
internal sealed class IntVariable(string name) : RefInt
{
    public override int Level => Levels.Primary;

    public override bool MentionsOutput => false;

    public override bool IsStatic => true;

    public override void Write(SpecWriter writer, bool atEnd) => writer.Append(name);

    public override long Eval(Point point, Bindings? scope) => (long)Bindings.Lookup(scope, name);
}

/// <summary><c>t[k]</c> for a variable bound to a tuple.</summary>
internal sealed class TupleItem(string name, int item) : RefInt
{
    public override int Level => Levels.Postfix;

    public override bool MentionsOutput => false;

    public override bool IsStatic => true;

    public override void Write(SpecWriter writer, bool atEnd) => writer.Append(name).Append("[").Append(item).Append("]");

    public override long Eval(Point point, Bindings? scope) => ((long[])Bindings.Lookup(scope, name))[item];
}

/// <summary>An integer constant.</summary>
internal sealed class IntConstantUse(IntConstant constant) : RefInt
{
    public override int Level => Levels.Primary;

    public override bool MentionsOutput => false;

    public override bool IsStatic => true;

    public override void Write(SpecWriter writer, bool atEnd) => writer.Append(constant.Name);

    public override long Eval(Point point, Bindings? scope) => constant.Value.Eval(point, null);
}

/// <summary><c>L[i]</c> for a constant list of integers.</summary>
internal sealed class ListItem(DomainConstant constant, RefInt index) : RefInt
{
    public override int Level => Levels.Postfix;

    public override bool MentionsOutput => false;

    public override bool IsStatic => true;

    public override void Write(SpecWriter writer, bool atEnd)
    {
        writer.Append(constant.Name).Append("[");
        writer.Child(index, Levels.Additive, atEnd: true);
        writer.Append("]");
    }

    public override long Eval(Point point, Bindings? scope) => (long)constant.Domain.Values(point, null).ElementAt(checked((int)index.Eval(point, scope)));
}

/// <summary>Integer arithmetic: + and - of anything, * with a constant side, / and % of constants.</summary>
internal sealed class Arithmetic(char op, RefInt left, RefInt right) : RefInt
{
    public override int Level => op is '+' or '-' ? Levels.Additive : Levels.Multiplicative;

    public override bool MentionsOutput => left.MentionsOutput || right.MentionsOutput;

    public override bool IsStatic => left.IsStatic && right.IsStatic;

    public override void Write(SpecWriter writer, bool atEnd)
    {
        writer.Child(left, Level, atEnd: false);
        writer.Append(" ").Append(op.ToString()).Append(" ");
        writer.Child(right, Level + 1, atEnd);
    }

    public override long Eval(Point point, Bindings? scope)
    {
        long l = left.Eval(point, scope), r = right.Eval(point, scope);
        return op switch
        {
            '+' => l + r,
            '-' => l - r,
            '*' => l * r,
            '/' => l / r,
            _ => l % r,
        };
    }
}

/// <summary><c>-e</c>.</summary>
internal sealed class Negate(RefInt operand) : RefInt
{
    public override int Level => Levels.Unary;

    public override bool MentionsOutput => operand.MentionsOutput;

    public override bool IsStatic => operand.IsStatic;

    public override void Write(SpecWriter writer, bool atEnd)
    {
        // "- -3" and "--3" lex the same; the space keeps the text readable.
        writer.Append(operand is IntLiteral { Value: < 0 } or Negate ? "- " : "-");
        writer.Child(operand, Levels.Unary, atEnd);
    }

    public override long Eval(Point point, Bindings? scope) => -operand.Eval(point, scope);
}

/// <summary><c>count(items…)</c>.</summary>
internal sealed class Count(IReadOnlyList<RefItem> items) : RefInt
{
    public override int Level => Levels.Primary;

    public override bool MentionsOutput => items.Any(i => i.MentionsOutput);

    public override bool IsStatic => false;

    public override void Write(SpecWriter writer, bool atEnd)
    {
        writer.Append("count(");
        writer.List(items, i => i.Write(writer));
        writer.Append(")");
    }

    public override long Eval(Point point, Bindings? scope)
    {
        long count = 0;
        foreach (var item in items)
            count += item.Count(point, scope);
        return count;
    }
}

/// <summary><c>score(c)</c>.</summary>
internal sealed class Score(NameRef name) : RefInt
{
    public override int Level => Levels.Primary;

    public override bool MentionsOutput => true;

    public override bool IsStatic => false;

    public override void Write(SpecWriter writer, bool atEnd)
    {
        writer.Append("score(");
        name.Write(writer);
        writer.Append(")");
    }

    public override long Eval(Point point, Bindings? scope) => point.Scores[name.Index(point, scope)];
}

/// <summary><c>hamming(V)</c> for an input vector read with <c>inputs("file")</c>.</summary>
internal sealed class Hamming(VectorConstant vector) : RefInt
{
    public override int Level => Levels.Primary;

    public override bool MentionsOutput => false;

    public override bool IsStatic => false;

    public override void Write(SpecWriter writer, bool atEnd) => writer.Append("hamming(").Append(vector.Name).Append(")");

    public override long Eval(Point point, Bindings? scope)
    {
        long differing = 0;
        for (int i = 0; i < point.Inputs.Length; i++)
            differing += point.Inputs[i] != vector.Values[i] ? 1 : 0;
        return differing;
    }
}

/// <summary>An item of <c>count</c>/<c>atleast</c>/…: it contributes how many of its conditions are true.</summary>
internal abstract class RefItem
{
    public abstract bool MentionsOutput { get; }

    public abstract void Write(SpecWriter writer);

    public abstract long Count(Point point, Bindings? scope);
}

/// <summary>One condition.</summary>
internal sealed class ConditionItem(RefBool condition) : RefItem
{
    public override bool MentionsOutput => condition.MentionsOutput;

    public override void Write(SpecWriter writer) => writer.Child(condition, Levels.Quantifier, atEnd: true);

    public override long Count(Point point, Bindings? scope) => condition.Eval(point, scope) ? 1 : 0;
}

/// <summary><c>x[2..5]</c>: a slice of the input family or of the output bits.</summary>
internal sealed class SliceItem(string family, NameKind kind, int from, int to) : RefItem
{
    public override bool MentionsOutput => kind != NameKind.Input;

    public override void Write(SpecWriter writer) => writer.Append(family).Append("[").Append(from).Append("..").Append(to).Append("]");

    public override long Count(Point point, Bindings? scope)
    {
        var values = kind == NameKind.Input ? point.Inputs : point.Bits;
        long count = 0;
        for (int i = from; i <= to; i++)
            count += values[i] ? 1 : 0;
        return count;
    }
}

/// <summary><c>[a, b, c]</c>: a list of conditions.</summary>
internal sealed class ListItemOfConditions(IReadOnlyList<RefBool> conditions) : RefItem
{
    public override bool MentionsOutput => conditions.Any(c => c.MentionsOutput);

    public override void Write(SpecWriter writer)
    {
        writer.Append("[");
        writer.List(conditions, c => writer.Child(c, Levels.Quantifier, atEnd: true));
        writer.Append("]");
    }

    public override long Count(Point point, Bindings? scope) => conditions.Count(c => c.Eval(point, scope));
}

/// <summary><c>i in D: body</c>: one condition per value.</summary>
internal sealed class ComprehensionItem(IReadOnlyList<string> variables, RefDomain domain, RefBool body) : RefItem
{
    public override bool MentionsOutput => body.MentionsOutput;

    public override void Write(SpecWriter writer)
    {
        Quantifier.WriteBinder(writer, variables);
        writer.Append(" in ");
        domain.Write(writer);
        writer.Append(": ");
        writer.Child(body, Levels.Quantifier, atEnd: true);
    }

    public override long Count(Point point, Bindings? scope)
    {
        long count = 0;
        foreach (var value in domain.Values(point, scope))
            count += body.Eval(point, Bindings.Bind(scope, variables, value)) ? 1 : 0;
        return count;
    }
}

/// <summary>A constant list of conditions (<c>const ROW = x[0..2]</c>) used as an item.</summary>
internal sealed class ConditionListConstantItem(ConditionListConstant constant) : RefItem
{
    public override bool MentionsOutput => false;

    public override void Write(SpecWriter writer) => writer.Append(constant.Name);

    public override long Count(Point point, Bindings? scope) => constant.Items.Sum(i => i.Count(point, null));
}

/// <summary>The domain of a quantifier or comprehension: values are longs, or long[] tuples.</summary>
internal abstract class RefDomain
{
    public abstract void Write(SpecWriter writer);

    public abstract IEnumerable<object> Values(Point point, Bindings? scope);
}

/// <summary><c>lo..hi</c> (inclusive), the bounds constant expressions.</summary>
internal sealed class RangeDomain(RefInt from, RefInt to) : RefDomain
{
    public override void Write(SpecWriter writer)
    {
        writer.Child(from, Levels.Additive, atEnd: false);
        writer.Append("..");
        writer.Child(to, Levels.Additive, atEnd: false);
    }

    public override IEnumerable<object> Values(Point point, Bindings? scope)
    {
        long low = from.Eval(point, scope), high = to.Eval(point, scope);
        for (long i = low; i <= high; i++)
            yield return i;
    }
}

/// <summary><c>[0, 2, 5]</c> or <c>[(0, 1), (2, 3)]</c>.</summary>
internal sealed class ListDomain(IReadOnlyList<object> values) : RefDomain
{
    public override void Write(SpecWriter writer)
    {
        writer.Append("[");
        writer.List(values, v =>
        {
            if (v is long l)
            {
                writer.Append(l);
                return;
            }
            writer.Append("(");
            writer.List((long[])v, item => writer.Append(item));
            writer.Append(")");
        });
        writer.Append("]");
    }

    public override IEnumerable<object> Values(Point point, Bindings? scope) => values;
}

/// <summary>A constant holding a range or list.</summary>
internal sealed class ConstantDomain(DomainConstant constant) : RefDomain
{
    public override void Write(SpecWriter writer) => writer.Append(constant.Name);

    public override IEnumerable<object> Values(Point point, Bindings? scope) => constant.Domain.Values(point, null);
}

/// <summary>A declaration of the generated spec other than a contract.</summary>
internal abstract class Declaration(string name)
{
    public string Name { get; } = name;

    /// <summary>How many times generated clauses refer to it (unused ones draw warning BNN0350, not errors).</summary>
    public abstract void Write(SpecWriter writer);
}

/// <summary><c>const K = 2 + 1</c>.</summary>
internal sealed class IntConstant(string name, RefInt value) : Declaration(name)
{
    public RefInt Value { get; } = value;

    public override void Write(SpecWriter writer)
    {
        writer.Append("const ").Append(Name).Append(" = ");
        writer.Child(Value, Levels.Quantifier, atEnd: true);
    }
}

/// <summary><c>const L = [0, 2]</c>, <c>const P = [(0, 1)]</c> or <c>const R = 1..3</c>.</summary>
internal sealed class DomainConstant(string name, RefDomain domain, int arity) : Declaration(name)
{
    public RefDomain Domain { get; } = domain;

    /// <summary>1 for integers, the tuple size for tuples.</summary>
    public int Arity { get; } = arity;

    public override void Write(SpecWriter writer)
    {
        writer.Append("const ").Append(Name).Append(" = ");
        Domain.Write(writer);
    }
}

/// <summary><c>const FLAG = x0 &amp;&amp; !x[1]</c>.</summary>
internal sealed class BoolConstant(string name, RefBool value) : Declaration(name)
{
    public RefBool Value { get; } = value;

    public override void Write(SpecWriter writer)
    {
        writer.Append("const ").Append(Name).Append(" = ");
        writer.Child(Value, Levels.Quantifier, atEnd: true);
    }
}

/// <summary><c>const ROW = x[0..2]</c> or <c>const ROW = [x0, !x1]</c>: a list of conditions.</summary>
internal sealed class ConditionListConstant(string name, IReadOnlyList<RefItem> items) : Declaration(name)
{
    public IReadOnlyList<RefItem> Items { get; } = items;

    public override void Write(SpecWriter writer)
    {
        writer.Append("const ").Append(Name).Append(" = ");
        Items[0].Write(writer);
    }
}

/// <summary><c>const WIN = {c0, c2}</c>.</summary>
internal sealed class ClassSetConstant(string name, IReadOnlyList<NameRef> classes) : Declaration(name)
{
    public IReadOnlyList<NameRef> Classes { get; } = classes;

    public override void Write(SpecWriter writer)
    {
        writer.Append("const ").Append(Name).Append(" = {");
        writer.List(Classes, c => c.Write(writer));
        writer.Append("}");
    }
}

/// <summary><c>const V = inputs("v.inputs")</c>, with the file's text and the vector it means.</summary>
internal sealed class VectorConstant(string name, string file, string fileText, bool[] values) : Declaration(name)
{
    public string File { get; } = file;

    public string FileText { get; } = fileText;

    public bool[] Values { get; } = values;

    public override void Write(SpecWriter writer) => writer.Append("const ").Append(Name).Append(" = inputs(\"").Append(File).Append("\")");
}

/// <summary>A predicate parameter: an integer (used as an index) or a boolean.</summary>
internal sealed record Parameter(string Name, bool IsBool);

/// <summary><c>pred NAME(u, v) = body</c>.</summary>
internal sealed class Predicate(string name, IReadOnlyList<Parameter> parameters, RefBool body) : Declaration(name)
{
    public IReadOnlyList<Parameter> Parameters { get; } = parameters;

    public RefBool Body { get; } = body;

    public bool MentionsOutput => Body.MentionsOutput;

    public override void Write(SpecWriter writer)
    {
        writer.Append("pred ").Append(Name);
        if (Parameters.Count > 0)
        {
            writer.Append("(");
            writer.List(Parameters, p => writer.Append(p.Name));
            writer.Append(")");
        }
        writer.Append(" = ");
        writer.Child(Body, Levels.Quantifier, atEnd: true);
    }
}

/// <summary>One generated contract.</summary>
internal sealed record RefContract(string Name, IReadOnlyList<RefBool> Requires, IReadOnlyList<RefBool> Ensures, IReadOnlyList<bool> Semicolons)
{
    public void Write(SpecWriter writer)
    {
        writer.Append("contract ").Append(SpecWriter.Name(Name)).Append(" {\n");
        int k = 0;
        foreach (var (keyword, clause) in Requires.Select(r => ("requires", r)).Concat(Ensures.Select(e => ("ensures", e))))
        {
            writer.Append("  ").Append(keyword).Append(" ");
            writer.Child(clause, Levels.Quantifier, atEnd: true);
            writer.Append(Semicolons[k++ % Semicolons.Count] ? ";\n" : "\n");
        }
        writer.Append("}\n");
    }
}

/// <summary>A generated spec: declarations (in a shuffled order: order does not matter in the language) and contracts.</summary>
internal sealed record RefSpec(IReadOnlyList<Declaration> Declarations, IReadOnlyList<RefContract> Contracts, IReadOnlyList<int> Order)
{
    public string Text()
    {
        var writer = new SpecWriter();
        writer.Append("// generated by ExhaustiveCheckerDifferentialTests\n");
        var all = Declarations.Cast<object>().Concat(Contracts).ToList();
        foreach (int index in Order)
        {
            switch (all[index])
            {
                case Declaration d:
                    d.Write(writer);
                    writer.Append("\n");
                    break;
                case RefContract c:
                    c.Write(writer);
                    break;
            }
        }
        return writer.ToString();
    }

    public IEnumerable<VectorConstant> Vectors => Declarations.OfType<VectorConstant>();

    /// <summary>The contracts in the order the text declares them.</summary>
    public IReadOnlyList<RefContract> ContractsInFileOrder =>
        [.. Order.Where(i => i >= Declarations.Count).Select(i => Contracts[i - Declarations.Count])];
}
