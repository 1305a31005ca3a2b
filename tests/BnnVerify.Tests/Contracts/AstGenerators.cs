using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Verifier.Contracts.Syntax;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Contracts;

/// <summary>A generated expression; prints as its tree so that a failing case can be read (and re-typed) by hand.</summary>
public sealed record GeneratedExpr(Expr Expression)
{
    public override string ToString() => AstDump.Of(Expression);
}

/// <summary>A generated spec file; prints as its tree.</summary>
public sealed record GeneratedSpec(SpecFile File)
{
    public override string ToString() => AstDump.Of(File);
}

/// <summary>
/// FsCheck generators of random syntax trees of the contract language: every expression node and every
/// operator, reserved words used as names (printed between backquotes), tuples, lists, sets, ranges,
/// slices, quantifiers nested anywhere (inside binary operators, lists, calls, indices), comprehensions
/// as call arguments, implies chains, negations of numbers, and strings with quotes and backslashes.
/// </summary>
/// <remarks>
/// Trees are syntactic only: they need not type-check. Two shapes are excluded because the language
/// has no text for them: negative integer literals (a minus sign is a <see cref="UnaryExpr"/>) and
/// comprehensions outside call arguments. Tuples have at least two items, as the grammar requires.
/// </remarks>
public static class AstGenerators
{
    private static readonly SourceLocation Nowhere = new("generated.contract", 0, 0);

    /// <summary>Names, including reserved words and the names of built-ins, which the parser treats as plain names.</summary>
    private static readonly string[] Names =
    [
        "a", "h", "x0", "move4", "px_3_5", "_t", "LINES", "grid", "count", "inputs",
        "xor", "in", "class", "forall", "exists", "true", "false", "not", "and", "or", "implies", "iff", "include", "const",
        "pred", "render", "contract", "requires", "ensures",
    ];

    private static readonly string[] Strings = ["", "O", "digits/test-0007.inputs", "say \"hi\"", "back\\slash", "\\\"", "tab\there", "ünïcode ✓", "//not a comment", "/*"];

    /// <summary>Expressions up to <paramref name="maxDepth"/> levels deep.</summary>
    public static Gen<Expr> Expressions(int maxDepth = 5) =>
        from depth in Gen.Choose(0, maxDepth)
        from expression in Expression(depth)
        select expression;

    /// <summary>Spec files with every kind of declaration.</summary>
    public static Gen<SpecFile> SpecFiles() =>
        from count in Gen.Choose(0, 6)
        from declarations in Gen.ArrayOf(Declaration(), count)
        select new SpecFile("generated.contract", [.. declarations]);

    private static Gen<string> Name() => Gen.Elements(Names);

    private static Gen<ImmutableArray<string>> NameList(int min, int max) =>
        from count in Gen.Choose(min, max)
        from names in Gen.ArrayOf(Name(), count)
        select ImmutableArray.Create(names);

    private static Gen<Declaration> Declaration() =>
        from kind in Gen.Choose(0, 4)
        from declaration in kind switch
        {
            0 => Gen.Elements(Strings).Select(path => (Declaration)new IncludeDeclaration(Nowhere, path)),
            1 => from name in Name()
                 from value in Expressions(4)
                 select (Declaration)new ConstDeclaration(Nowhere, name, value),
            2 => from name in Name()
                 from parameters in NameList(0, 3)
                 from body in Expressions(4)
                 select (Declaration)new PredDeclaration(Nowhere, name, parameters, body),
            3 => from rows in Gen.Choose(0, 99)
                 from columns in Gen.Choose(0, 99)
                 from count in Gen.Choose(0, 3)
                 from entries in Gen.ArrayOf(
                     from family in Name()
                     from symbol in Gen.Elements(Strings)
                     select new RenderEntry(Nowhere, family, symbol), count)
                 select (Declaration)new RenderDeclaration(Nowhere, rows, columns, [.. entries]),
            _ => from name in Name()
                 from count in Gen.Choose(0, 4)
                 from clauses in Gen.ArrayOf(
                     from requires in Gen.Elements(true, false)
                     from condition in Expressions(4)
                     select new Clause(Nowhere, requires ? ClauseKind.Requires : ClauseKind.Ensures, condition), count)
                 select (Declaration)new ContractDeclaration(Nowhere, name, [.. clauses]),
        }
        select declaration;

    private static Gen<Expr> Leaf() =>
        from kind in Gen.Choose(0, 5)
        from leaf in kind switch
        {
            0 => Gen.Elements(true, false).Select(b => (Expr)new BoolLiteral(Nowhere, b)),
            1 => Gen.Frequency(
                    (5, Gen.Choose(0, 12).Select(i => (long)i)),
                    (1, Gen.Elements(999_999_999L, 1_000_000L, 65L))).Select(i => (Expr)new IntLiteral(Nowhere, i)),
            2 => Gen.Elements(Strings).Select(s => (Expr)new StringLiteral(Nowhere, s)),
            3 => Gen.Constant((Expr)new ClassExpr(Nowhere)),
            _ => Name().Select(n => (Expr)new NameExpr(Nowhere, n)),
        }
        select leaf;

    private static Gen<Expr> Expression(int depth)
    {
        if (depth <= 0)
            return Leaf();
        var child = Expression(depth - 1);
        // The choice is drawn first and only the chosen branch is built, so the generator stays small.
        return from kind in Gen.Choose(0, 15)
               from expression in Node(kind, depth, child)
               select expression;
    }

    private static Gen<Expr> Node(int kind, int depth, Gen<Expr> child) => kind switch
    {
        0 => Leaf(),
        1 => from target in child
             from index in child
             select (Expr)new IndexExpr(Nowhere, target, index),
        2 => from target in child
             from low in child
             from high in child
             select (Expr)new SliceExpr(Nowhere, target, low, high),
        3 => from name in Name()
             from arguments in Items(Argument(depth), 0, 3)
             select (Expr)new CallExpr(Nowhere, name, arguments),
        4 => from op in Gen.Elements(UnaryOperator.Not, UnaryOperator.Negate)
             from operand in child
             select (Expr)new UnaryExpr(Nowhere, op, operand),
        5 or 6 or 7 => from op in Gen.Elements(Enum.GetValues<BinaryOperator>())
                       from left in child
                       from right in child
                       select (Expr)new BinaryExpr(Nowhere, op, left, right),
        8 => from forall in Gen.Elements(true, false)
             from variables in NameList(1, 3)
             from domain in child
             from body in child
             select (Expr)new QuantifierExpr(Nowhere, forall ? QuantifierKind.Forall : QuantifierKind.Exists, variables, domain, body),
        9 => from low in child
             from high in child
             select (Expr)new RangeExpr(Nowhere, low, high),
        10 => Items(child, 0, 3).Select(items => (Expr)new ListExpr(Nowhere, items)),
        11 => Items(child, 2, 4).Select(items => (Expr)new TupleExpr(Nowhere, items)),
        12 => Items(child, 0, 3).Select(items => (Expr)new SetExpr(Nowhere, items)),
        13 => ImpliesChain(child),
        14 => Gen.Choose(0, 9).Select(i => (Expr)new UnaryExpr(Nowhere, UnaryOperator.Negate, new IntLiteral(Nowhere, i))),
        _ => QuantifierInsideBinary(child),
    };

    // A call argument: an ordinary expression or a comprehension "(p, q) in D: body".
    private static Gen<Expr> Argument(int depth) =>
        from comprehension in Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)))
        from argument in comprehension
            ? from variables in NameList(1, 3)
              from domain in Expression(depth - 1)
              from body in Expression(depth - 1)
              select (Expr)new ComprehensionExpr(Nowhere, variables, domain, body)
            : Expression(depth - 1)
        select argument;

    // a ==> b ==> c, in either association.
    private static Gen<Expr> ImpliesChain(Gen<Expr> child) =>
        from a in child
        from b in child
        from c in child
        from rightNested in Gen.Elements(true, false)
        select rightNested
            ? (Expr)new BinaryExpr(Nowhere, BinaryOperator.Implies, a, new BinaryExpr(Nowhere, BinaryOperator.Implies, b, c))
            : new BinaryExpr(Nowhere, BinaryOperator.Implies, new BinaryExpr(Nowhere, BinaryOperator.Implies, a, b), c);

    // A quantifier as the left or right operand of a binary operator, where its body could swallow the rest.
    private static Gen<Expr> QuantifierInsideBinary(Gen<Expr> child) =>
        from op in Gen.Elements(Enum.GetValues<BinaryOperator>())
        from forall in Gen.Elements(true, false)
        from variable in Name()
        from domain in child
        from body in child
        from other in child
        from quantifierOnLeft in Gen.Elements(true, false)
        let quantifier = new QuantifierExpr(Nowhere, forall ? QuantifierKind.Forall : QuantifierKind.Exists, [variable], domain, body)
        select quantifierOnLeft
            ? (Expr)new BinaryExpr(Nowhere, op, quantifier, other)
            : new BinaryExpr(Nowhere, op, other, quantifier);

    private static Gen<ImmutableArray<Expr>> Items(Gen<Expr> item, int min, int max) =>
        from count in Gen.Choose(min, max)
        from items in Gen.ArrayOf(item, count)
        select ImmutableArray.Create(items);
}
