using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Contracts.Reference;

/// <summary>What a bound variable holds: an integer, a tuple, or (predicate parameters) a boolean.</summary>
internal enum VariableKind
{
    Int,
    Tuple,
    Bool,
}

/// <summary>A variable in scope during generation, with every value it can take (used to keep indices inside their family).</summary>
internal sealed record Variable(string Name, VariableKind Kind, long[] Values, long[][] Tuples);

/// <summary>What generated expressions may use at one place of the spec.</summary>
internal sealed record GenScope(ModelShape Shape, ImmutableList<Variable> Variables, bool AllowOutputs, ImmutableList<Declaration> Declarations)
{
    public int InputFamily => Shape.InputFamilySize;

    public GenScope With(IEnumerable<Variable> variables) => this with { Variables = Variables.AddRange(variables) };

    public IEnumerable<T> Declared<T>() => Declarations.OfType<T>();

    public IEnumerable<Predicate> UsablePredicates => Declared<Predicate>().Where(p => AllowOutputs || !p.MentionsOutput);

    public IEnumerable<Variable> IntVariables => Variables.Where(v => v.Kind == VariableKind.Int);
}

/// <summary>
/// FsCheck generators of well-typed random specs over a <see cref="ModelShape"/>'s names, as trees of
/// <see cref="RefNode"/>s that print as spec text and evaluate independently of the production code.
/// Every kind of expression the language documents occurs: inputs by name and by family with computed
/// indices, output bits, <c>class == c</c>, <c>class in {…}</c>, scores, counts, hamming distances,
/// at-least/at-most/exactly, quantifiers over ranges, lists, constants and tuples, comprehensions,
/// predicates with integer and boolean parameters, constants of every kind, all connectives in both
/// spellings, comments, optional parentheses and semicolons, and declarations in any order.
/// </summary>
internal static class ContractGenerators
{
    // Not x, y or c: bound variables may not hide the families of model names.
    private static readonly string[] VariableNames = ["i", "j", "k", "p", "q", "r", "s", "t", "m", "n", "a", "b", "d", "e", "f", "g", "h", "l"];
    private static readonly string[] ParameterNames = ["u", "v", "w", "z"];

    public static Gen<RefSpec> Specs(ModelShape shape) =>
        from constantCount in Gen.Choose(0, 4)
        from constants in Sequence<Declaration>(constantCount, (i, done) => Constant(shape, i, done))
        from predicateCount in Gen.Choose(0, 3)
        from predicates in Sequence<Declaration>(predicateCount, (i, done) => PredicateDeclaration(shape, i, constants.AddRange(done)))
        let declarations = constants.AddRange(predicates)
        from contractCount in Gen.Choose(1, 3)
        from contracts in Sequence<RefContract>(contractCount, (i, _) => Contract(shape, i, declarations))
        from order in Gen.Shuffle(Enumerable.Range(0, declarations.Count + contracts.Count).ToArray())
        select new RefSpec(declarations, contracts, order);

    private static Gen<ImmutableList<T>> Sequence<T>(int count, Func<int, ImmutableList<T>, Gen<T>> next)
    {
        var gen = Gen.Constant(ImmutableList<T>.Empty);
        for (int i = 0; i < count; i++)
        {
            int index = i;
            gen = from done in gen
                  from item in next(index, done)
                  select done.Add(item);
        }
        return gen;
    }

    private static Gen<int> Pick(params (int Weight, int Kind)[] options) =>
        Gen.Frequency(options.Where(o => o.Weight > 0).Select(o => (o.Weight, Gen.Constant(o.Kind))));

    private static Gen<bool> Chance(int inTen) => Gen.Frequency((inTen, Gen.Constant(true)), (10 - inTen, Gen.Constant(false)));

    private static Gen<T> Parenthesised<T>(Gen<T> gen)
        where T : RefNode =>
        from node in gen
        from extra in Chance(1)
        select Mark(node, extra);

    private static T Mark<T>(T node, bool extra)
        where T : RefNode
    {
        // Extra parentheses never change the meaning, so marking a node shared by two places is harmless.
        if (extra)
            node.ExtraParentheses = true;
        return node;
    }

    // ---------------------------------------------------------------- declarations

    private static Gen<Declaration> Constant(ModelShape shape, int index, ImmutableList<Declaration> done)
    {
        int f = shape.InputFamilySize;
        var scope = new GenScope(shape, [], AllowOutputs: false, done);
        return from kind in Pick((2, 0), (2, 1), (1, 2), (1, 3), (2, 4), (1, 5), (shape.IsArgmax ? 1 : 0, 6), (1, 7))
               from declaration in kind switch
               {
                   0 => from value in Gen.Choose(0, f + 1)
                        from form in Gen.Choose(0, 3)
                        select (Declaration)new IntConstant($"K{index}", form switch
                        {
                            0 => new IntLiteral(value),
                            1 => new Arithmetic('+', new IntLiteral(1), new IntLiteral(value - 1)),
                            2 => new Arithmetic('/', new IntLiteral((2 * value) + 1), new IntLiteral(2)),
                            _ => new Arithmetic('%', new IntLiteral(value + (3 * (f + 2))), new IntLiteral(f + 2)),
                        }),
                   1 => from values in ListOf(Gen.Choose(0, f - 1).Select(v => (object)(long)v), 0, 4)
                        select (Declaration)new DomainConstant($"LIST{index}", new ListDomain(values), 1),
                   2 => from arity in Gen.Choose(2, 3)
                        from tuples in ListOf(Tuple(f, arity), 0, 4)
                        select (Declaration)new DomainConstant($"PAIRS{index}", new ListDomain(tuples), arity),
                   3 => from low in Gen.Choose(0, f - 1)
                        from high in Gen.Choose(low, f - 1)
                        select (Declaration)new DomainConstant($"RANGE{index}", new RangeDomain(new IntLiteral(low), new IntLiteral(high)), 1),
                   4 => from depth in Gen.Choose(0, 2)
                        from value in Bool(scope, depth)
                        select (Declaration)new BoolConstant($"FLAG{index}", value),
                   5 => from item in Gen.OneOf(InputSlice(shape), ConditionList(scope, 0))
                        select (Declaration)new ConditionListConstant($"ROW{index}", [item]),
                   6 => from classes in ListOf(ClassRef(scope), 0, 3)
                        select (Declaration)new ClassSetConstant($"WIN{index}", classes),
                   _ => Vector(shape, index),
               }
               select declaration;
    }

    private static Gen<object> Tuple(int size, int arity) =>
        Gen.ArrayOf(Gen.Choose(0, size - 1).Select(v => (long)v), arity).Select(t => (object)t);

    private static Gen<T[]> ListOf<T>(Gen<T> item, int min, int max) =>
        from count in Gen.Choose(min, max)
        from items in Gen.ArrayOf(item, count)
        select items;

    // An input vector file in the syntax of eval --input-file: name=1, name=0 or a bare name; unlisted inputs are false.
    private static Gen<Declaration> Vector(ModelShape shape, int index) =>
        from values in Gen.ArrayOf(Gen.Elements(true, false), shape.InputCount)
        from forms in Gen.ArrayOf(Gen.Choose(0, 3), shape.InputCount)
        select (Declaration)new VectorConstant($"VEC{index}", $"vec{index}.inputs", VectorText(shape, values, forms), values);

    private static string VectorText(ModelShape shape, bool[] values, int[] forms)
    {
        var text = new StringBuilder("# an input vector\n");
        for (int i = 0; i < values.Length; i++)
        {
            string name = shape.InputName(i);
            text.Append((values[i], forms[i]) switch
            {
                (true, 0) => name,
                (true, _) => name + "=1",
                (false, 0) => "",
                (false, _) => name + "=0",
            });
            text.Append(forms[i] == 3 ? "\n" : ", ");
        }
        return text.Append('\n').ToString();
    }

    private static Gen<Declaration> PredicateDeclaration(ModelShape shape, int index, ImmutableList<Declaration> done) =>
        from parameterCount in Gen.Choose(0, 2)
        from booleans in Gen.ArrayOf(Chance(3), parameterCount)
        let parameters = booleans.Select((isBool, i) => new Parameter(ParameterNames[i], isBool)).ToArray()
        let variables = parameters.Select(p => p.IsBool
            ? new Variable(p.Name, VariableKind.Bool, [], [])
            : new Variable(p.Name, VariableKind.Int, [.. Enumerable.Range(0, shape.InputFamilySize).Select(v => (long)v)], []))
        from allowOutputs in Chance(5)
        from depth in Gen.Choose(1, 3)
        from body in Bool(new GenScope(shape, [.. variables], allowOutputs, done), depth)
        select (Declaration)new Predicate($"cond{index}", parameters, body);

    private static Gen<RefContract> Contract(ModelShape shape, int index, ImmutableList<Declaration> declarations)
    {
        var preconditions = new GenScope(shape, [], AllowOutputs: false, declarations);
        var postconditions = preconditions with { AllowOutputs = true };
        return from reservedName in Chance(2)
               from requiresCount in Gen.Frequency((2, Gen.Constant(0)), (2, Gen.Constant(1)), (1, Gen.Constant(2)))
               from requires in Gen.ArrayOf(from depth in Gen.Choose(0, 3) from b in Bool(preconditions, depth) select b, requiresCount)
               from ensuresCount in Gen.Choose(1, 3)
               from ensures in Gen.ArrayOf(Postcondition(postconditions, requires), ensuresCount)
               from semicolons in ListOf(Gen.Elements(true, false), 1, 3)
               select new RefContract(reservedName && index == 0 ? "contract" : $"k{index}", requires, ensures, semicolons);
    }

    // Random postconditions are mostly violated; some are made to hold (a precondition again, or e ==> e),
    // or to hold often (r || e), because a checker that misses violations is only caught where a contract holds.
    private static Gen<RefBool> Postcondition(GenScope scope, RefBool[] requires)
    {
        return from depth in Gen.Choose(0, 3)
               from e in Bool(scope, depth)
               from form in Gen.Frequency((6, Gen.Constant(0)), (1, Gen.Constant(1)), (requires.Length > 0 ? 2 : 0, Gen.Constant(2)))
               from required in requires.Length > 0 ? Gen.Elements(requires) : Gen.Constant<RefBool>(new BoolLiteral(true))
               from word in Gen.Elements(true, false)
               select form switch
               {
                   0 => e,
                   1 => new Binary(Connective.Implies, e, e, word, 0),
                   _ => new Binary(Connective.Or, required, e, word, 0),
               };
    }

    // ---------------------------------------------------------------- booleans

    private const int KindLeaf = 0, KindNot = 1, KindBinary = 2, KindBoolEquality = 3, KindCompare = 4, KindCardinality = 5,
        KindQuantifier = 6, KindPredicate = 7, KindClassIn = 8;

    public static Gen<RefBool> Bool(GenScope scope, int depth)
    {
        if (depth <= 0)
            return Parenthesised(Leaf(scope));
        // The kind is drawn first and only its generator is built, so that generators stay small.
        return Parenthesised(
            from kind in Pick(
                (2, KindLeaf), (2, KindNot), (6, KindBinary), (1, KindBoolEquality), (3, KindCompare), (2, KindCardinality),
                (3, KindQuantifier), (scope.UsablePredicates.Any() ? 2 : 0, KindPredicate),
                (scope.Shape.IsArgmax && scope.AllowOutputs ? 1 : 0, KindClassIn))
            from node in BoolOfKind(kind, scope, depth)
            select node);
    }

    private static Gen<RefBool> BoolOfKind(int kind, GenScope scope, int depth) => kind switch
    {
        KindLeaf => Leaf(scope),
        KindNot => from word in Chance(3)
                   from operand in Bool(scope, depth - 1)
                   select (RefBool)new Not(operand, word),
        KindBinary => from op in Gen.Elements(Enum.GetValues<Connective>())
                      from left in Bool(scope, depth - 1)
                      from right in Bool(scope, depth - 1)
                      from word in Chance(3)
                      from comment in Gen.Frequency((18, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)))
                      select (RefBool)new Binary(op, left, right, word, comment),
        KindBoolEquality => from left in Bool(scope, depth - 1)
                            from right in Bool(scope, depth - 1)
                            from equal in Gen.Elements(true, false)
                            select (RefBool)new BoolEquality(left, right, equal),
        KindCompare => from op in Gen.Elements(Compare.Operators)
                       from left in Int(scope, depth - 1)
                       from right in Int(scope, depth - 1)
                       select (RefBool)new Compare(op, left, right),
        KindCardinality => from function in Gen.Elements("atleast", "atmost", "exactly")
                           from bound in StaticInt(scope, 1)
                           from items in ListOf(Item(scope, depth - 1), 1, 3)
                           select (RefBool)new Cardinality(function, bound, items),
        KindQuantifier => from forall in Gen.Elements(true, false)
                          from binder in Binder(scope)
                          from body in Bool(scope.With(binder.Variables), depth - 1)
                          select (RefBool)new Quantifier(forall, binder.Names, binder.Domain, body),
        KindPredicate => PredicateUse(scope, depth),
        _ => ClassInSet(scope),
    };

    private static Gen<RefBool> Leaf(GenScope scope)
    {
        var shape = scope.Shape;
        bool outputs = scope.AllowOutputs;
        var flags = scope.Declared<BoolConstant>().ToArray();
        var plainPredicates = scope.UsablePredicates.Where(p => p.Parameters.Count == 0).ToArray();
        var booleans = scope.Variables.Where(v => v.Kind == VariableKind.Bool).ToArray();
        return from kind in Pick((6, 0), (outputs ? 3 : 0, 1), (1, 2), (flags.Length > 0 ? 1 : 0, 3), (plainPredicates.Length > 0 ? 1 : 0, 4),
                   (booleans.Length > 0 ? 2 : 0, 5), (1, 6))
               from leaf in kind switch
               {
                   0 => InputRef(scope).Select(r => (RefBool)new BoolName(r)),
                   1 when shape.IsArgmax => from name in ClassRef(scope)
                                            from equal in Chance(7)
                                            from classOnRight in Chance(2)
                                            select (RefBool)new ClassIs(name, equal, classOnRight),
                   1 => OutputRef(scope).Select(r => (RefBool)new BoolName(r)),
                   2 => Gen.Elements(true, false).Select(b => (RefBool)new BoolLiteral(b)),
                   3 => Gen.Elements(flags).Select(f => (RefBool)new BoolConstantUse(f)),
                   4 => Gen.Elements(plainPredicates).Select(p => (RefBool)new PredicateCall(p, [])),
                   5 => Gen.Elements(booleans).Select(v => (RefBool)new BoolVariable(v.Name)),
                   _ => from element in StaticInt(scope, 1)
                        from domain in IntDomain(scope)
                        select (RefBool)new Membership(element, domain.Domain),
               }
               select leaf;
    }

    private static Gen<RefBool> PredicateUse(GenScope scope, int depth) =>
        from predicate in Gen.Elements(scope.UsablePredicates.ToArray())
        from arguments in Arguments(scope, predicate.Parameters, depth - 1)
        select (RefBool)new PredicateCall(predicate, arguments);

    private static Gen<RefNode[]> Arguments(GenScope scope, IReadOnlyList<Parameter> parameters, int depth)
    {
        var gen = Gen.Constant(ImmutableList<RefNode>.Empty);
        foreach (var parameter in parameters)
        {
            // Integer parameters are used as indices into the input family, so arguments stay inside it.
            var argument = parameter.IsBool ? Bool(scope, depth).Select(b => (RefNode)b) : Index(scope, scope.InputFamily).Select(i => (RefNode)i);
            gen = from done in gen
                  from next in argument
                  select done.Add(next);
        }
        return gen.Select(list => list.ToArray());
    }

    private static Gen<RefBool> ClassInSet(GenScope scope)
    {
        var sets = scope.Declared<ClassSetConstant>().ToArray();
        return from useConstant in Chance(sets.Length > 0 ? 3 : 0)
               from constant in sets.Length > 0 ? Gen.Elements(sets) : Gen.Constant<ClassSetConstant>(null!)
               from classes in ListOf(ClassRef(scope), 0, 3)
               select (RefBool)new ClassIn(classes, useConstant ? constant : null);
    }

    // ---------------------------------------------------------------- names

    private static Gen<NameRef> InputRef(GenScope scope)
    {
        var shape = scope.Shape;
        return from reserved in Chance(shape.ReservedInput is null ? 0 : 2)
               from byName in Chance(3)
               from literal in Gen.Choose(0, shape.InputFamilySize - 1)
               from index in Index(scope, shape.InputFamilySize)
               select reserved ? NameRef.Direct(NameKind.Input, shape.ReservedInput!, shape.InputCount - 1)
                   : byName ? NameRef.Direct(NameKind.Input, shape.InputName(literal), literal)
                   : NameRef.Member(NameKind.Input, ModelShape.InputFamily, index);
    }

    private static Gen<NameRef> OutputRef(GenScope scope) => OutputName(scope, NameKind.OutputBit);

    private static Gen<NameRef> ClassRef(GenScope scope) => OutputName(scope, NameKind.Class);

    private static Gen<NameRef> OutputName(GenScope scope, NameKind kind)
    {
        var shape = scope.Shape;
        return from reserved in Chance(shape.ReservedOutput is null ? 0 : 2)
               from byName in Chance(3)
               from literal in Gen.Choose(0, shape.OutputFamilySize - 1)
               from index in Index(scope, shape.OutputFamilySize)
               select reserved ? NameRef.Direct(kind, shape.ReservedOutput!, shape.OutputCount - 1)
                   : byName ? NameRef.Direct(kind, shape.OutputName(literal), literal)
                   : NameRef.Member(kind, shape.OutputFamily, index);
    }

    /// <summary>An integer expression whose value lies in 0..size-1 for every value its variables can take.</summary>
    private static Gen<RefInt> Index(GenScope scope, int size)
    {
        var candidates = new List<(int, Gen<RefInt>)> { (3, Gen.Choose(0, size - 1).Select(k => (RefInt)new IntLiteral(k))) };
        void Offer(int weight, Func<RefInt> template, Variable? variable)
        {
            var sample = template();
            if (Image(sample, variable).All(v => v >= 0 && v < size))
                candidates.Add((weight, Gen.Constant(0).Select(_ => template())));
        }
        foreach (var v in scope.IntVariables)
        {
            string name = v.Name;
            Offer(6, () => new IntVariable(name), v);
            Offer(1, () => new Arithmetic('+', new IntVariable(name), new IntLiteral(1)), v);
            Offer(1, () => new Arithmetic('-', new IntVariable(name), new IntLiteral(1)), v);
            Offer(1, () => new Arithmetic('-', new IntLiteral(size - 1), new IntVariable(name)), v);
            Offer(1, () => new Arithmetic('%', new Arithmetic('+', new IntVariable(name), new IntLiteral(2)), new IntLiteral(size)), v);
            Offer(1, () => new Arithmetic('/', new IntVariable(name), new IntLiteral(2)), v);
            Offer(1, () => new Arithmetic('*', new IntLiteral(2), new IntVariable(name)), v);
            Offer(1, () => new Arithmetic('+', new Arithmetic('*', new IntVariable(name), new IntLiteral(3)), new Negate(new IntVariable(name))), v);
        }
        foreach (var v in scope.Variables.Where(v => v.Kind == VariableKind.Tuple))
        {
            string name = v.Name;
            for (int item = 0; item < v.Tuples.FirstOrDefault(Array.Empty<long>()).Length; item++)
            {
                int k = item;
                Offer(3, () => new TupleItem(name, k), v);
            }
        }
        foreach (var constant in scope.Declared<IntConstant>())
            Offer(1, () => new IntConstantUse(constant), null);
        foreach (var constant in scope.Declared<DomainConstant>().Where(c => c.Domain is ListDomain && c.Arity == 1))
        {
            var values = constant.Domain.Values(null!, null).Cast<long>().ToArray();
            if (values.Length > 0 && values.All(v => v < size))
                candidates.Add((1, Gen.Choose(0, values.Length - 1).Select(j => (RefInt)new ListItem(constant, new IntLiteral(j)))));
        }
        return Gen.Frequency(candidates);
    }

    // The values a static expression over (at most) one variable takes.
    private static IEnumerable<long> Image(RefInt expression, Variable? variable)
    {
        if (variable is null)
            return [expression.Eval(null!, null)];
        var values = variable.Kind == VariableKind.Tuple ? variable.Tuples.Cast<object>() : variable.Values.Cast<object>();
        return values.Select(value => expression.Eval(null!, new Bindings(variable.Name, value, null))).ToList();
    }

    // ---------------------------------------------------------------- integers

    private static Gen<RefInt> Int(GenScope scope, int depth)
    {
        var vectors = scope.Declared<VectorConstant>().ToArray();
        return Parenthesised(
            from kind in Pick((4, 0), (scope.Shape.IsArgmax && scope.AllowOutputs ? 2 : 0, 1), (vectors.Length > 0 ? 1 : 0, 2), (2, 3),
                (depth > 0 ? 2 : 0, 4), (depth > 0 ? 1 : 0, 5), (depth > 0 ? 1 : 0, 6))
            from node in kind switch
            {
                0 => ListOf(Item(scope, Math.Max(0, depth - 1)), 1, 3).Select(items => (RefInt)new Count(items)),
                1 => ClassRef(scope).Select(c => (RefInt)new Score(c)),
                2 => Gen.Elements(vectors).Select(v => (RefInt)new Hamming(v)),
                3 => StaticInt(scope, 1),
                4 => from op in Gen.Elements('+', '-')
                     from left in Int(scope, depth - 1)
                     from right in Int(scope, depth - 1)
                     select (RefInt)new Arithmetic(op, left, right),
                5 => from factor in Gen.Choose(-3, 3)
                     from operand in Int(scope, depth - 1)
                     from factorFirst in Gen.Elements(true, false)
                     select (RefInt)(factorFirst
                         ? new Arithmetic('*', new IntLiteral(factor), operand)
                         : new Arithmetic('*', operand, new IntLiteral(factor))),
                _ => Int(scope, depth - 1).Select(operand => (RefInt)new Negate(operand)),
            }
            select node);
    }

    private static Gen<RefInt> StaticInt(GenScope scope, int depth)
    {
        var variables = scope.IntVariables.ToArray();
        var constants = scope.Declared<IntConstant>().ToArray();
        return Parenthesised(
            from kind in Pick((3, 0), (variables.Length > 0 ? 3 : 0, 1), (constants.Length > 0 ? 1 : 0, 2), (depth > 0 ? 1 : 0, 3),
                (depth > 0 ? 1 : 0, 4), (depth > 0 ? 1 : 0, 5))
            from node in kind switch
            {
                0 => Gen.Choose(-3, 6).Select(v => (RefInt)new IntLiteral(v)),
                1 => Gen.Elements(variables).Select(v => (RefInt)new IntVariable(v.Name)),
                2 => Gen.Elements(constants).Select(c => (RefInt)new IntConstantUse(c)),
                3 => from op in Gen.Elements('+', '-', '*')
                     from left in StaticInt(scope, depth - 1)
                     from right in StaticInt(scope, depth - 1)
                     select (RefInt)new Arithmetic(op, left, right),
                4 => from op in Gen.Elements('/', '%')
                     from left in StaticInt(scope, depth - 1)
                     from divisor in Gen.Elements(1, 2, 3, -2)
                     select (RefInt)new Arithmetic(op, left, new IntLiteral(divisor)),
                _ => StaticInt(scope, depth - 1).Select(operand => (RefInt)new Negate(operand)),
            }
            select node);
    }

    // ---------------------------------------------------------------- items and domains

    private static Gen<RefItem> Item(GenScope scope, int depth)
    {
        var shape = scope.Shape;
        var rows = scope.Declared<ConditionListConstant>().ToArray();
        return from kind in Pick((3, 0), (1, 1), (!shape.IsArgmax && scope.AllowOutputs ? 1 : 0, 2), (1, 3), (2, 4), (rows.Length > 0 ? 1 : 0, 5))
               from item in kind switch
               {
                   0 => Bool(scope, depth).Select(b => (RefItem)new ConditionItem(b)),
                   1 => InputSlice(shape),
                   2 => from low in Gen.Choose(0, shape.OutputFamilySize - 1)
                        from high in Gen.Choose(low, shape.OutputFamilySize - 1)
                        select (RefItem)new SliceItem(shape.OutputFamily, NameKind.OutputBit, low, high),
                   3 => ConditionList(scope, depth),
                   4 => from binder in Binder(scope)
                        from body in Bool(scope.With(binder.Variables), depth)
                        select (RefItem)new ComprehensionItem(binder.Names, binder.Domain, body),
                   _ => Gen.Elements(rows).Select(r => (RefItem)new ConditionListConstantItem(r)),
               }
               select item;
    }

    private static Gen<RefItem> InputSlice(ModelShape shape) =>
        from low in Gen.Choose(0, shape.InputFamilySize - 1)
        from high in Gen.Choose(low, shape.InputFamilySize - 1)
        select (RefItem)new SliceItem(ModelShape.InputFamily, NameKind.Input, low, high);

    private static Gen<RefItem> ConditionList(GenScope scope, int depth) =>
        ListOf(Bool(scope, depth), 0, 3).Select(conditions => (RefItem)new ListItemOfConditions(conditions));

    private sealed record BinderChoice(string[] Names, RefDomain Domain, Variable[] Variables);

    private static Gen<BinderChoice> Binder(GenScope scope)
    {
        var free = VariableNames.Where(n => scope.Variables.All(v => v.Name != n)).ToArray();
        var tupleConstants = scope.Declared<DomainConstant>().Where(c => c.Arity > 1).ToArray();
        return from kind in Pick((5, 0), (free.Length >= 3 ? 2 : 0, 1), (1, 2))
               from names in Gen.Shuffle(free)
               from arity in Gen.Choose(2, 3)
               from tuples in TupleDomain(scope, arity, tupleConstants)
               from ints in IntDomain(scope)
               select kind switch
               {
                   0 => new BinderChoice([names[0]], ints.Domain, [new Variable(names[0], VariableKind.Int, ints.Values, [])]),
                   1 => new BinderChoice(names[..tuples.Arity], tuples.Domain,
                       [.. Enumerable.Range(0, tuples.Arity).Select(i => new Variable(names[i], VariableKind.Int, [.. tuples.Tuples.Select(t => t[i]).Distinct()], []))]),
                   _ => new BinderChoice([names[0]], tuples.Domain, [new Variable(names[0], VariableKind.Tuple, [], tuples.Tuples)]),
               };
    }

    private sealed record IntDomainChoice(RefDomain Domain, long[] Values);

    private sealed record TupleDomainChoice(RefDomain Domain, int Arity, long[][] Tuples);

    private static Gen<IntDomainChoice> IntDomain(GenScope scope)
    {
        int f = scope.InputFamily;
        var constants = scope.Declared<DomainConstant>().Where(c => c.Arity == 1).ToArray();
        var starts = scope.IntVariables.Where(v => v.Values.Length > 0).ToArray();
        var bounds = scope.Declared<IntConstant>().Where(c => c.Value.Eval(null!, null) is var k && k >= 0 && k < f).ToArray();
        return from kind in Pick((3, 0), (2, 1), (constants.Length > 0 ? 1 : 0, 2), (starts.Length > 0 ? 1 : 0, 3), (bounds.Length > 0 ? 1 : 0, 4))
               from low in Gen.Choose(0, f - 1)
               from high in Gen.Choose(low, f - 1)
               from list in ListOf(Gen.Choose(0, f - 1).Select(v => (long)v), 0, 4)
               from constant in constants.Length > 0 ? Gen.Elements(constants) : Gen.Constant<DomainConstant>(null!)
               from start in starts.Length > 0 ? Gen.Elements(starts) : Gen.Constant<Variable>(null!)
               from bound in bounds.Length > 0 ? Gen.Elements(bounds) : Gen.Constant<IntConstant>(null!)
               select kind switch
               {
                   0 => new IntDomainChoice(new RangeDomain(new IntLiteral(low), new IntLiteral(high)), Span(low, high)),
                   1 => new IntDomainChoice(new ListDomain([.. list.Cast<object>()]), [.. list.Distinct()]),
                   2 => new IntDomainChoice(new ConstantDomain(constant), [.. constant.Domain.Values(null!, null).Cast<long>().Distinct()]),
                   // i..f-1 inside a quantifier over i: never empty, and its values are those from i's smallest.
                   3 => new IntDomainChoice(new RangeDomain(new IntVariable(start.Name), new IntLiteral(Math.Max(f - 1, start.Values.Max()))),
                       Span(start.Values.Min(), Math.Max(f - 1, start.Values.Max()))),
                   _ => new IntDomainChoice(new RangeDomain(new IntLiteral(0), new IntConstantUse(bound)), Span(0, bound.Value.Eval(null!, null))),
               };
    }

    private static long[] Span(long low, long high) => [.. Enumerable.Range((int)low, (int)(high - low + 1)).Select(v => (long)v)];

    private static Gen<TupleDomainChoice> TupleDomain(GenScope scope, int arity, DomainConstant[] constants) =>
        from useConstant in Chance(constants.Length > 0 ? 4 : 0)
        from constant in constants.Length > 0 ? Gen.Elements(constants) : Gen.Constant<DomainConstant>(null!)
        from tuples in ListOf(Tuple(scope.InputFamily, arity), 0, 4)
        select useConstant
            ? new TupleDomainChoice(new ConstantDomain(constant), constant.Arity, [.. constant.Domain.Values(null!, null).Cast<long[]>()])
            : new TupleDomainChoice(new ListDomain(tuples), arity, [.. tuples.Cast<long[]>()]);

    /// <summary>A readable description of a generated value, for failure messages.</summary>
    public static string Describe(IEnumerable<long> values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
