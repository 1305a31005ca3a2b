using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Verifier.Contracts.Syntax;

/// <summary>A parsed spec file: its declarations in order.</summary>
/// <param name="Path">The file as named by the user or by an include.</param>
/// <param name="Declarations">The declarations in file order.</param>
public sealed record SpecFile(string Path, ImmutableArray<Declaration> Declarations);

/// <summary>A top-level declaration.</summary>
public abstract record Declaration(SourceLocation Location);

/// <summary><c>include "other.contract"</c>: the other file's declarations become visible here.</summary>
public sealed record IncludeDeclaration(SourceLocation Location, string Path) : Declaration(Location);

/// <summary><c>const NAME = expr</c>: an integer, a list of tuples, or an input vector read with <c>inputs("file")</c>.</summary>
public sealed record ConstDeclaration(SourceLocation Location, string Name, Expr Value) : Declaration(Location);

/// <summary><c>pred NAME(p, q) = expr</c>: a named, parameterised condition, expanded where it is used.</summary>
public sealed record PredDeclaration(SourceLocation Location, string Name, ImmutableArray<string> Parameters, Expr Body) : Declaration(Location);

/// <summary><c>render grid R x C { a: "O", h: "X" }</c>: how to draw counterexamples.</summary>
public sealed record RenderDeclaration(SourceLocation Location, int Rows, int Columns, ImmutableArray<RenderEntry> Entries) : Declaration(Location);

/// <summary>One family of a rendering hint: cells whose input is true show <see cref="Symbol"/>.</summary>
public sealed record RenderEntry(SourceLocation Location, string Family, string Symbol);

/// <summary><c>contract NAME { requires … ensures … }</c>.</summary>
public sealed record ContractDeclaration(SourceLocation Location, string Name, ImmutableArray<Clause> Clauses) : Declaration(Location);

/// <summary>Whether a clause is a precondition or a postcondition.</summary>
public enum ClauseKind
{
    /// <summary>A precondition over the inputs.</summary>
    Requires,

    /// <summary>A postcondition over inputs and outputs.</summary>
    Ensures,
}

/// <summary>One <c>requires</c> or <c>ensures</c> clause.</summary>
public sealed record Clause(SourceLocation Location, ClauseKind Kind, Expr Condition);

/// <summary>An expression of the contract language, before names are resolved.</summary>
public abstract record Expr(SourceLocation Location);

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed record BoolLiteral(SourceLocation Location, bool Value) : Expr(Location);

/// <summary>A non-negative integer literal.</summary>
public sealed record IntLiteral(SourceLocation Location, long Value) : Expr(Location);

/// <summary>A string literal (only as the argument of <c>inputs(…)</c>).</summary>
public sealed record StringLiteral(SourceLocation Location, string Value) : Expr(Location);

/// <summary>A name: input, output bit, class, constant, parameterless predicate, or bound variable.</summary>
public sealed record NameExpr(SourceLocation Location, string Name) : Expr(Location);

/// <summary>The keyword <c>class</c>: the winning class of an argmax model.</summary>
public sealed record ClassExpr(SourceLocation Location) : Expr(Location);

/// <summary><c>target[index]</c>: a member of a family (<c>a[4]</c> is the input <c>a4</c>), or of a list or tuple.</summary>
public sealed record IndexExpr(SourceLocation Location, Expr Target, Expr Index) : Expr(Location);

/// <summary><c>target[from..to]</c>: the members of a family with indices from..to (inclusive), as a list.</summary>
public sealed record SliceExpr(SourceLocation Location, Expr Target, Expr From, Expr To) : Expr(Location);

/// <summary>A call: a predicate, or a built-in such as <c>count</c>, <c>atleast</c>, <c>score</c>, <c>hamming</c>, <c>inputs</c>.</summary>
public sealed record CallExpr(SourceLocation Location, string Name, ImmutableArray<Expr> Arguments) : Expr(Location);

/// <summary>Prefix operators.</summary>
public enum UnaryOperator
{
    /// <summary><c>!</c> or <c>not</c>.</summary>
    Not,

    /// <summary>Integer negation.</summary>
    Negate,
}

/// <summary>A prefix operator applied to an operand.</summary>
public sealed record UnaryExpr(SourceLocation Location, UnaryOperator Operator, Expr Operand) : Expr(Location);

/// <summary>Infix operators, from the loosest to the tightest binding group.</summary>
public enum BinaryOperator
{
    /// <summary><c>&lt;==&gt;</c> or <c>iff</c>.</summary>
    Iff,

    /// <summary><c>==&gt;</c> or <c>implies</c> (right associative).</summary>
    Implies,

    /// <summary><c>||</c> or <c>or</c>.</summary>
    Or,

    /// <summary><c>^</c> or <c>xor</c>.</summary>
    Xor,

    /// <summary><c>&amp;&amp;</c> or <c>and</c>.</summary>
    And,

    /// <summary><c>==</c>.</summary>
    Equal,

    /// <summary><c>!=</c>.</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    Less,

    /// <summary><c>&lt;=</c>.</summary>
    LessOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterOrEqual,

    /// <summary><c>in</c>: membership in a set, list or range.</summary>
    In,

    /// <summary><c>+</c>.</summary>
    Add,

    /// <summary><c>-</c>.</summary>
    Subtract,

    /// <summary><c>*</c>.</summary>
    Multiply,

    /// <summary><c>/</c> (integer division of constants).</summary>
    Divide,

    /// <summary><c>%</c> (remainder of constants).</summary>
    Remainder,
}

/// <summary>An infix operator applied to two operands.</summary>
public sealed record BinaryExpr(SourceLocation Location, BinaryOperator Operator, Expr Left, Expr Right) : Expr(Location);

/// <summary><c>forall</c> or <c>exists</c>.</summary>
public enum QuantifierKind
{
    /// <summary>The body holds for every value of the domain.</summary>
    Forall,

    /// <summary>The body holds for some value of the domain.</summary>
    Exists,
}

/// <summary><c>forall i in 0..8: body</c> or <c>exists (p, q, r) in LINES: body</c>, expanded statically.</summary>
public sealed record QuantifierExpr(SourceLocation Location, QuantifierKind Kind, ImmutableArray<string> Variables, Expr Domain, Expr Body) : Expr(Location);

/// <summary><c>i in 0..8: body</c> as an argument of <c>count</c>/<c>atleast</c>/…: one item per value of the domain.</summary>
public sealed record ComprehensionExpr(SourceLocation Location, ImmutableArray<string> Variables, Expr Domain, Expr Body) : Expr(Location);

/// <summary><c>from..to</c>: the integers from, …, to.</summary>
public sealed record RangeExpr(SourceLocation Location, Expr From, Expr To) : Expr(Location);

/// <summary><c>[e1, e2, …]</c>: a list (of integers or tuples).</summary>
public sealed record ListExpr(SourceLocation Location, ImmutableArray<Expr> Items) : Expr(Location);

/// <summary><c>(e1, e2, …)</c> with at least two items: a tuple.</summary>
public sealed record TupleExpr(SourceLocation Location, ImmutableArray<Expr> Items) : Expr(Location);

/// <summary><c>{c1, c2, …}</c>: a set of classes, for <c>class in {…}</c>.</summary>
public sealed record SetExpr(SourceLocation Location, ImmutableArray<Expr> Items) : Expr(Location);
