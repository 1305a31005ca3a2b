using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Files;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Contracts.Syntax;
using BnnVerify.Verifier.Inputs;

namespace BnnVerify.Verifier.Contracts.Semantics;

/// <summary>
/// Resolves a spec's names against a model and expands it statically: quantifiers over ranges and
/// lists, predicates, constants and families (<c>a[4]</c> is input <c>a4</c>, <c>px[3][5]</c> is
/// <c>px_3_5</c>) become plain formulas over inputs, outputs, classes and scores. Type, arity and name
/// errors are reported with their location, one per contract; elaboration of other contracts goes on. A contract that
/// uses a name a declaration with a syntax error would have declared stops without a report of its own (the syntax
/// error is reported; docs/contract-language.md, "Recovery after a syntax error").
/// Expansion is bounded (<see cref="SpecLimits"/>): evaluation deeper than the nesting limit, formulas deeper than
/// it, and a contract whose expansion evaluates more expression nodes than the term budget are located errors.
/// </summary>
internal sealed partial class Elaborator
{
    private static readonly string[] CountingBuiltins = ["count", "atleast", "atmost", "exactly"];
    private static readonly string[] Builtins = [.. CountingBuiltins, "score", "hamming", "inputs"];

    private readonly BnnModel _model;
    private readonly List<(Declaration Declaration, bool InRootFile)> _declarations;
    private readonly List<Diagnostic> _diagnostics;
    private readonly Dictionary<string, int> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConstDeclaration> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PredDeclaration> _predicates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Value> _constantValues = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly bool _isArgmax;
    private readonly SpecLimits _limits;

    // The constructs being expanded (quantifiers, comprehensions, inlined predicates and constants), outermost first:
    // when the term budget runs out, the outermost is the one to blame, since the inner ones are multiplied by it.
    private readonly List<(SourceLocation Location, string What)> _expanding = [];
    private int _depth;
    private long _terms;

    // The names that declarations skipped for syntax errors would have declared; null when one of them is unknown.
    private readonly HashSet<string>? _unparsedNames;

    public Elaborator(BnnModel model, List<(Declaration, bool)> declarations, List<Diagnostic> diagnostics, SpecLimits limits,
        IReadOnlyCollection<UnparsedDeclaration>? unparsed = null)
    {
        unparsed ??= [];
        _unparsedNames = unparsed.Any(u => u.Name is null) ? null : unparsed.Select(u => u.Name!).ToHashSet(StringComparer.Ordinal);
        _limits = limits;
        _model = model;
        _declarations = declarations;
        _diagnostics = diagnostics;
        _isArgmax = model.Output is ArgmaxOutput;
        for (int i = 0; i < model.InputCount; i++)
            _inputs[model.InputNames[i]] = i;
        for (int j = 0; j < model.Output.Names.Length; j++)
            _outputs[model.Output.Names[j]] = j;
    }

    public ElaboratedSpec? Elaborate(string path)
    {
        var contracts = ImmutableArray.CreateBuilder<ElaboratedContract>();
        var contractNames = new HashSet<string>(StringComparer.Ordinal);
        RenderDeclaration? render = null;

        // Declarations are visible everywhere (no ordering), so collect them all first.
        foreach (var (declaration, _) in _declarations)
        {
            switch (declaration)
            {
                case ConstDeclaration c:
                    Declare(c.Name, c.Location, "constant", () => _constants.Add(c.Name, c));
                    break;
                case PredDeclaration p:
                    Declare(p.Name, p.Location, "predicate", () => _predicates.Add(p.Name, p));
                    break;
                case ContractDeclaration contract when !contractNames.Add(contract.Name):
                    Report(ContractDiagnosticIds.DuplicateDeclaration, contract.Location, $"the contract '{contract.Name}' is declared twice");
                    break;
                case RenderDeclaration r when render is not null:
                    Report(ContractDiagnosticIds.DuplicateDeclaration, r.Location, $"only one rendering hint is allowed; the first is at line {render.Location.Line}");
                    break;
                case RenderDeclaration r:
                    render = r;
                    break;
            }
        }
        foreach (var (declaration, _) in _declarations)
        {
            if (declaration is ContractDeclaration contract)
                Guard(() => CheckContractName(contract));
        }
        foreach (var predicate in _predicates.Values)
        {
            foreach (var parameter in predicate.Parameters)
                Guard(() => CheckBindable(parameter, predicate.Location, ImmutableDictionary<string, Value>.Empty));
            if (predicate.Parameters.Distinct(StringComparer.Ordinal).Count() != predicate.Parameters.Length)
                Report(ContractDiagnosticIds.DuplicateDeclaration, predicate.Location, $"the predicate '{predicate.Name}' has two parameters with the same name");
        }

        var elaboratedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (declaration, _) in _declarations)
        {
            // A contract declared twice was reported above; only the first is checked.
            if (declaration is ContractDeclaration contract && elaboratedNames.Add(contract.Name))
            {
                var elaborated = Guard(() => ElaborateContract(contract));
                if (elaborated is not null)
                    contracts.Add(elaborated);
            }
        }
        RenderHint? hint = render is null ? null : Guard(() => ElaborateRender(render));

        if (contractNames.Count == 0 && !_diagnostics.Any(d => d.IsError))
            Report(ContractDiagnosticIds.MissingPart, SourceLocation.OfFile(path), "the spec declares no contract");
        // An error stops its contract's elaboration, so the names used after it are unknown: warn only without errors.
        if (!_diagnostics.Any(d => d.IsError))
            WarnUnused();
        return new ElaboratedSpec(path, contracts.ToImmutable(), hint);
    }

    private void Declare(string name, SourceLocation location, string kind, Action add)
    {
        if (_constants.ContainsKey(name) || _predicates.ContainsKey(name))
        {
            Report(ContractDiagnosticIds.DuplicateDeclaration, location, $"'{name}' is declared twice");
            return;
        }
        if (_inputs.ContainsKey(name) || _outputs.ContainsKey(name))
        {
            Report(ContractDiagnosticIds.DuplicateDeclaration, location, $"the {kind} '{name}' has the name of a model {(_inputs.ContainsKey(name) ? "input" : "output")}");
            return;
        }
        if (Array.IndexOf(Builtins, name) >= 0)
        {
            Report(ContractDiagnosticIds.DuplicateDeclaration, location, $"'{name}' is a built-in function");
            return;
        }
        add();
    }

    // Contract names share the spec's one namespace (docs/contract-language.md), so they are checked like the others.
    private void CheckContractName(ContractDeclaration contract)
    {
        string? clash = _constants.ContainsKey(contract.Name) ? "a constant"
            : _predicates.ContainsKey(contract.Name) ? "a predicate"
            : _inputs.ContainsKey(contract.Name) ? "a model input"
            : _outputs.ContainsKey(contract.Name) ? (_isArgmax ? "a class" : "a model output")
            : Array.IndexOf(Builtins, contract.Name) >= 0 ? "a built-in function"
            : null;
        if (clash is not null)
            throw Error(ContractDiagnosticIds.DuplicateDeclaration, contract.Location, $"the contract '{contract.Name}' has the name of {clash}; names must differ");
    }

    private ElaboratedContract ElaborateContract(ContractDeclaration contract)
    {
        // Each contract has its own budget, so that one large contract does not make the others fail.
        _terms = 0;
        var requires = ImmutableArray.CreateBuilder<ContractClause>();
        var ensures = ImmutableArray.CreateBuilder<ContractClause>();
        foreach (var clause in contract.Clauses)
        {
            var formula = ExpectBool(clause.Condition, ImmutableDictionary<string, Value>.Empty);
            var elaborated = new ContractClause(clause.Kind, clause.Location, Printer.Print(clause.Condition), formula);
            if (clause.Kind == ClauseKind.Requires)
            {
                if (formula.MentionsOutput)
                {
                    throw Error(ContractDiagnosticIds.OutputInPrecondition, clause.Location,
                        "a precondition may only mention inputs; conditions on the output belong in 'ensures'");
                }
                requires.Add(elaborated);
            }
            else
            {
                // Folding finds "true"; three-valued evaluation with every input unknown also finds the bounds
                // of counts, as in "count(a[0..2]) > 5" (outputs are always unknown there, so it stays sound).
                var always = formula is ConstantFormula constant ? (constant.Value ? Truth.True : Truth.False) : formula.EvaluatePartially(NothingKnown());
                if (always != Truth.Unknown)
                {
                    _diagnostics.Add(Diagnostic.Warning(ContractDiagnosticIds.ConstantClause, clause.Location,
                        $"this ensures clause is always {(always == Truth.True ? "true" : "false")}, whatever the network does"));
                }
                ensures.Add(elaborated);
            }
        }
        if (ensures.Count == 0)
            throw Error(ContractDiagnosticIds.MissingPart, contract.Location, $"the contract '{contract.Name}' has no 'ensures' clause");
        return new ElaboratedContract(contract.Name, contract.Location, requires.ToImmutable(), ensures.ToImmutable());
    }

    private sbyte[] NothingKnown()
    {
        var inputs = new sbyte[_model.InputCount];
        Array.Fill(inputs, (sbyte)Truth.Unknown);
        return inputs;
    }

    private RenderHint ElaborateRender(RenderDeclaration render)
    {
        _terms = 0;
        if (render.Rows < 1 || render.Columns < 1 || (long)render.Rows * render.Columns > 4096)
            throw Error(ContractDiagnosticIds.BadRender, render.Location, "a grid needs between 1 and 4096 cells");
        if (render.Entries.IsEmpty)
            throw Error(ContractDiagnosticIds.BadRender, render.Location, "a grid needs at least one family, as in { a: \"O\" }");
        var layers = ImmutableArray.CreateBuilder<RenderLayer>();
        foreach (var entry in render.Entries)
        {
            var cells = ImmutableArray.CreateBuilder<int>(render.Rows * render.Columns);
            for (int row = 0; row < render.Rows; row++)
            {
                for (int column = 0; column < render.Columns; column++)
                {
                    // A 2-D family (px_3_5) is read by row and column, a 1-D family (a0..a8) by cell number.
                    long cell = (long)row * render.Columns + column;
                    string? name = FamilyMemberName(entry.Family, [row, column], entry.Location) ?? FamilyMemberName(entry.Family, [cell], entry.Location);
                    if (name is null || !_inputs.TryGetValue(name, out int input))
                    {
                        throw Error(ContractDiagnosticIds.BadRender, entry.Location, string.Create(CultureInfo.InvariantCulture,
                            $"the grid cell ({row}, {column}) has no input in family '{entry.Family}' (looked for {entry.Family}{cell}, {entry.Family}_{cell}, {entry.Family}{row}_{column}, {entry.Family}_{row}_{column})"));
                    }
                    cells.Add(input);
                }
            }
            layers.Add(new RenderLayer(entry.Family, entry.Symbol, cells.MoveToImmutable()));
        }
        return new RenderHint(render.Rows, render.Columns, layers.ToImmutable());
    }

    private void WarnUnused()
    {
        foreach (var (declaration, inRoot) in _declarations)
        {
            // Declarations of included files are libraries; only the spec being checked is held to this.
            if (!inRoot)
                continue;
            var (name, kind) = declaration switch
            {
                ConstDeclaration c => (c.Name, "constant"),
                PredDeclaration p => (p.Name, "predicate"),
                _ => (null, null),
            };
            if (name is not null && !_used.Contains(name))
                _diagnostics.Add(Diagnostic.Warning(ContractDiagnosticIds.UnusedDeclaration, declaration.Location, $"the {kind} '{name}' is never used"));
        }
    }

    private Formula ExpectBool(Expr expression, ImmutableDictionary<string, Value> scope) =>
        Evaluate(expression, scope) switch
        {
            BoolValue b => b.Formula,
            var other => throw TypeMismatch(expression, "a boolean", other),
        };

    private LinearSum ExpectInt(Expr expression, ImmutableDictionary<string, Value> scope) =>
        Evaluate(expression, scope) switch
        {
            IntValue i => i.Sum,
            var other => throw TypeMismatch(expression, "an integer", other),
        };

    private long ExpectStaticInt(Expr expression, ImmutableDictionary<string, Value> scope)
    {
        var value = Evaluate(expression, scope);
        if (value is IntValue { IsStatic: true } i)
            return i.Sum.Constant;
        throw TypeMismatch(expression, "a constant integer", value);
    }

    // Every expression node passes here: the one place that counts nesting depth and the term budget, and that turns
    // 64-bit overflow (checked arithmetic in LinearSum) into a located error.
    private Value Evaluate(Expr expression, ImmutableDictionary<string, Value> scope)
    {
        if (++_terms > _limits.MaxTerms)
            throw BudgetExceeded(expression);
        if (++_depth > _limits.MaxDepth)
        {
            _depth--;
            throw Error(ContractDiagnosticIds.NestingTooDeep, expression.Location, string.Create(CultureInfo.InvariantCulture,
                $"expanding this nests deeper than {_limits.MaxDepth} levels (predicates and constants used inside each other count; {SpecLimits.DepthVariable} overrides the limit, docs/limits.md)"));
        }
        try
        {
            var value = EvaluateNode(expression, scope);
            if (value is BoolValue b)
                CheckFormulaDepth(b.Formula, expression.Location);
            return value;
        }
        catch (OverflowException)
        {
            throw Overflow(expression.Location);
        }
        finally
        {
            _depth--;
        }
    }

    private void CheckFormulaDepth(Formula formula, SourceLocation location)
    {
        if (formula.Depth > _limits.MaxDepth)
        {
            throw Error(ContractDiagnosticIds.NestingTooDeep, location, string.Create(CultureInfo.InvariantCulture,
                $"the formula built here nests deeper than {_limits.MaxDepth} levels (chains of ^ and <==> nest too; {SpecLimits.DepthVariable} overrides the limit, docs/limits.md)"));
        }
    }

    private static DiagnosticException Overflow(SourceLocation location) =>
        Error(ContractDiagnosticIds.ArithmeticOverflow, location, "this integer expression does not fit in 64 bits");

    private DiagnosticException BudgetExceeded(Expr expression)
    {
        var (location, what) = _expanding.Count > 0 ? _expanding[0] : (expression.Location, "this expression");
        return Error(ContractDiagnosticIds.ExpansionTooLarge, location, string.Create(CultureInfo.InvariantCulture,
            $"expanding {what} takes more than {_limits.MaxTerms} terms (nested quantifiers and inlined predicates multiply; {SpecLimits.TermsVariable} overrides the limit, docs/limits.md)"));
    }

    // Runs an expansion with its construct on the stack that BudgetExceeded reads.
    private T Expanding<T>(SourceLocation location, string what, Func<T> expand)
    {
        _expanding.Add((location, what));
        try
        {
            return expand();
        }
        finally
        {
            _expanding.RemoveAt(_expanding.Count - 1);
        }
    }

    private Value EvaluateNode(Expr expression, ImmutableDictionary<string, Value> scope)
    {
        switch (expression)
        {
            case BoolLiteral b:
                return new BoolValue(Formulas.Constant(b.Value));
            case IntLiteral i:
                return IntValue.Of(i.Value);
            case StringLiteral s:
                return new StringValue(s.Value);
            case ClassExpr c:
                if (!_isArgmax)
                    throw Error(ContractDiagnosticIds.TypeError, c.Location, "'class' needs an argmax model; this model's outputs are bits, named directly");
                return new WinningClassValue();
            case NameExpr name:
                return Resolve(name, scope);
            case IndexExpr index:
                return EvaluateIndex(index, scope);
            case SliceExpr slice:
                return EvaluateSlice(slice, scope);
            case CallExpr call:
                return EvaluateCall(call, scope);
            case UnaryExpr { Operator: UnaryOperator.Not } not:
                return new BoolValue(Formulas.Not(ExpectBool(not.Operand, scope)));
            case UnaryExpr negate:
                return new IntValue(ExpectInt(negate.Operand, scope).Scale(-1));
            case BinaryExpr binary:
                return EvaluateBinary(binary, scope);
            case QuantifierExpr quantifier:
            {
                string what = (quantifier.Kind == QuantifierKind.Forall ? "this forall over " : "this exists over ") + string.Join(", ", quantifier.Variables);
                var bodies = Expanding(quantifier.Location, what, () =>
                {
                    var formulas = new List<Formula>();
                    foreach (var bound in Bindings(quantifier.Variables, quantifier.Domain, quantifier.Location, scope))
                        formulas.Add(ExpectBool(quantifier.Body, bound));
                    return formulas;
                });
                return new BoolValue(quantifier.Kind == QuantifierKind.Forall ? Formulas.And(bodies) : Formulas.Or(bodies));
            }
            case ComprehensionExpr comprehension:
                throw Error(ContractDiagnosticIds.SyntaxError, comprehension.Location,
                    "'x in domain: expr' is only allowed as an argument of count, atleast, atmost or exactly");
            case RangeExpr range:
            {
                long from = ExpectStaticInt(range.From, scope), to = ExpectStaticInt(range.To, scope);
                if (to < from)
                    throw Error(ContractDiagnosticIds.BadIndex, range.Location, string.Create(CultureInfo.InvariantCulture, $"the range {from}..{to} is empty"));
                // Unsigned, so that a difference beyond long.MaxValue (-4000000000000000000..4000000000000000000) is caught too.
                if ((ulong)(to - from) > 1_000_000)
                    throw Error(ContractDiagnosticIds.BadIndex, range.Location, "a range may have at most a million values");
                return new RangeValue(from, to);
            }
            case ListExpr list:
                return new ListValue([.. list.Items.Select(item => Evaluate(item, scope))]);
            case TupleExpr tuple:
                return new TupleValue([.. tuple.Items.Select(item => Evaluate(item, scope))]);
            case SetExpr set:
                return new ListValue([.. set.Items.Select(item => Evaluate(item, scope))]);
            default:
                throw new InvalidOperationException($"unknown expression {expression.GetType().Name}");
        }
    }

    private Value Resolve(NameExpr name, ImmutableDictionary<string, Value> scope)
    {
        if (scope.TryGetValue(name.Name, out var bound))
            return bound;
        if (_constants.TryGetValue(name.Name, out var constant))
        {
            _used.Add(name.Name);
            return ConstantValue(constant);
        }
        if (_predicates.TryGetValue(name.Name, out var predicate))
        {
            _used.Add(name.Name);
            if (!predicate.Parameters.IsEmpty)
            {
                throw Error(ContractDiagnosticIds.ArityError, name.Location,
                    $"the predicate '{name.Name}' takes {predicate.Parameters.Length} argument{(predicate.Parameters.Length == 1 ? "" : "s")}; call it as {name.Name}({string.Join(", ", predicate.Parameters)})");
            }
            return ExpandPredicate(predicate, [], name.Location);
        }
        if (NamedValue(name.Name) is { } value)
            return value;
        if (IsFamilyPrefix(name.Name))
            return new FamilyValue(name.Name, []);
        if (MayBeDeclaredByAnUnparsedDeclaration(name.Name))
            throw new DependsOnUnparsedDeclaration();
        // The literals are keywords, so "ture" reaches here as a name.
        string[] literals = _isArgmax ? ["true", "false", "class"] : ["true", "false"];
        var known = _inputs.Keys.Concat(_outputs.Keys).Concat(_constants.Keys).Concat(_predicates.Keys).Concat(scope.Keys).Concat(literals);
        throw Error(ContractDiagnosticIds.UnknownName, name.Location,
            $"unknown name '{name.Name}': not an input, output, class, constant, predicate or bound variable{NameSuggestions.DidYouMean(name.Name, known)}");
    }

    // A model name: input (boolean), output bit (boolean) or class (for comparisons with 'class').
    private Value? NamedValue(string name)
    {
        if (_inputs.TryGetValue(name, out int input))
            return new BoolValue(Formulas.Input(input));
        if (_outputs.TryGetValue(name, out int output))
            return _isArgmax ? new ClassNameValue(output, name) : new BoolValue(Formulas.OutputBit(output));
        return null;
    }

    private Value ConstantValue(ConstDeclaration constant)
    {
        if (_constantValues.TryGetValue(constant.Name, out var cached))
            return cached;
        if (!_inProgress.Add(constant.Name))
            throw Error(ContractDiagnosticIds.Cycle, constant.Location, $"the constant '{constant.Name}' is defined in terms of itself");
        try
        {
            var value = Expanding(constant.Location, $"the constant '{constant.Name}'", () => Evaluate(constant.Value, ImmutableDictionary<string, Value>.Empty));
            _constantValues[constant.Name] = value;
            return value;
        }
        finally
        {
            _inProgress.Remove(constant.Name);
        }
    }

    private Value ExpandPredicate(PredDeclaration predicate, ImmutableArray<Value> arguments, SourceLocation callSite)
    {
        string key = "pred " + predicate.Name;
        if (!_inProgress.Add(key))
            throw Error(ContractDiagnosticIds.Cycle, callSite, $"the predicate '{predicate.Name}' calls itself; predicates are expanded, so they cannot recurse");
        try
        {
            // Lexical scope: the body sees its parameters and the global names, not the caller's variables.
            var scope = ImmutableDictionary<string, Value>.Empty;
            for (int i = 0; i < arguments.Length; i++)
                scope = scope.SetItem(predicate.Parameters[i], arguments[i]);
            return Expanding(callSite, $"the predicate '{predicate.Name}'", () => Evaluate(predicate.Body, scope));
        }
        finally
        {
            _inProgress.Remove(key);
        }
    }

    private Value EvaluateIndex(IndexExpr index, ImmutableDictionary<string, Value> scope)
    {
        var target = Evaluate(index.Target, scope);
        long at = ExpectStaticInt(index.Index, scope);
        switch (target)
        {
            case FamilyValue family:
            {
                var indices = family.Indices.Add(at);
                if (FamilyMemberName(family.Prefix, indices, index.Location) is { } member)
                    return NamedValue(member)!;
                if (CandidateNames(family.Prefix, indices).Any(partial => IsFamilyPrefix(partial, afterSeparator: true)))
                    return family with { Indices = indices };
                throw Error(ContractDiagnosticIds.BadIndex, index.Location,
                    $"{Display(family.Prefix, indices)} does not exist: the model has no {string.Join(" or ", CandidateNames(family.Prefix, indices).Select(n => $"'{n}'"))}{FamilyRangeHint(family.Prefix)}");
            }
            case ListValue list:
                return Element(list.Items, at, index);
            case TupleValue tuple:
                return Element(tuple.Items, at, index);
            default:
                throw TypeMismatch(index.Target, "a family, list or tuple to index", target);
        }
    }

    private static Value Element(ImmutableArray<Value> items, long at, IndexExpr index)
    {
        if (at < 0 || at >= items.Length)
            throw Error(ContractDiagnosticIds.BadIndex, index.Location, string.Create(CultureInfo.InvariantCulture, $"index {at} is outside 0..{items.Length - 1}"));
        return items[(int)at];
    }

    private ListValue EvaluateSlice(SliceExpr slice, ImmutableDictionary<string, Value> scope)
    {
        long from = ExpectStaticInt(slice.From, scope), to = ExpectStaticInt(slice.To, scope);
        if (to < from)
            throw Error(ContractDiagnosticIds.BadIndex, slice.Location, string.Create(CultureInfo.InvariantCulture, $"the range {from}..{to} is empty"));
        var items = ImmutableArray.CreateBuilder<Value>();
        for (long at = from; at <= to; at++)
            items.Add(EvaluateIndex(new IndexExpr(slice.Location, slice.Target, new IntLiteral(slice.Location, at)), scope));
        return new ListValue(items.ToImmutable());
    }

    private Value EvaluateCall(CallExpr call, ImmutableDictionary<string, Value> scope)
    {
        if (_predicates.TryGetValue(call.Name, out var predicate))
        {
            _used.Add(call.Name);
            if (call.Arguments.Length != predicate.Parameters.Length)
            {
                throw Error(ContractDiagnosticIds.ArityError, call.Location, string.Create(CultureInfo.InvariantCulture,
                    $"the predicate '{call.Name}' takes {predicate.Parameters.Length} argument{(predicate.Parameters.Length == 1 ? "" : "s")}, not {call.Arguments.Length}"));
            }
            return ExpandPredicate(predicate, [.. call.Arguments.Select(a => Evaluate(a, scope))], call.Location);
        }
        switch (call.Name)
        {
            case "count":
                return new IntValue(Formulas.Count(Items(call.Arguments, scope)));
            case "atleast" or "atmost" or "exactly":
            {
                if (call.Arguments.Length < 2)
                    throw Error(ContractDiagnosticIds.ArityError, call.Location, $"{call.Name} takes a bound and then the conditions to count, as in {call.Name}(2, a[0..8])");
                long bound = ExpectStaticInt(call.Arguments[0], scope);
                var count = Formulas.Count(Items(call.Arguments[1..], scope));
                return new BoolValue(call.Name switch
                {
                    "atleast" => Formulas.Compare(count.Add(new LinearSum([], bound), -1), Comparison.AtLeastZero),
                    "atmost" => Formulas.Compare(new LinearSum([], bound).Add(count, -1), Comparison.AtLeastZero),
                    _ => Formulas.Compare(count.Add(new LinearSum([], bound), -1), Comparison.EqualsZero),
                });
            }
            case "score":
            {
                ExpectArity(call, 1);
                if (!_isArgmax)
                    throw Error(ContractDiagnosticIds.TypeError, call.Location, "score(…) needs an argmax model; this model's outputs are bits");
                var target = Evaluate(call.Arguments[0], scope);
                if (target is not ClassNameValue classValue)
                    throw TypeMismatch(call.Arguments[0], "a class name", target);
                return new IntValue(new LinearSum([new LinearTerm(1, null, classValue.Index)], 0));
            }
            case "hamming":
            {
                ExpectArity(call, 1);
                var vector = Evaluate(call.Arguments[0], scope);
                if (vector is not VectorValue v)
                    throw TypeMismatch(call.Arguments[0], "an input vector (declare it with inputs(\"file\"))", vector);
                // The distance counts the inputs that differ from the vector.
                return new IntValue(Formulas.Count(v.Inputs.Select((value, i) => value ? Formulas.Not(Formulas.Input(i)) : Formulas.Input(i))));
            }
            case "inputs":
            {
                ExpectArity(call, 1);
                var file = Evaluate(call.Arguments[0], scope);
                if (file is not StringValue s)
                    throw TypeMismatch(call.Arguments[0], "a file name in quotes", file);
                return ReadVector(s.Text, call);
            }
            default:
                if (MayBeDeclaredByAnUnparsedDeclaration(call.Name))
                    throw new DependsOnUnparsedDeclaration();
                string known = string.Join(", ", Builtins.Concat(_predicates.Keys));
                throw Error(ContractDiagnosticIds.UnknownName, call.Location,
                    $"unknown function or predicate '{call.Name}'{NameSuggestions.DidYouMean(call.Name, Builtins.Concat(_predicates.Keys))} (known: {known})");
        }
    }

    private static void ExpectArity(CallExpr call, int count)
    {
        if (call.Arguments.Length != count)
        {
            throw Error(ContractDiagnosticIds.ArityError, call.Location, string.Create(CultureInfo.InvariantCulture,
                $"{call.Name} takes {count} argument{(count == 1 ? "" : "s")}, not {call.Arguments.Length}"));
        }
    }

    private VectorValue ReadVector(string relativePath, CallExpr call)
    {
        string path = SpecLoader.RelativeTo(call.Location.File, relativePath);
        string text = InputFileReader.Read(path, $"the input vector '{path}'", ContractDiagnosticIds.FileUnreadable, call.Location).TextOrThrow();
        var problems = new List<Diagnostic>();
        var values = InputAssignmentParser.Parse(text, path, _model, problems);
        if (values is null)
            throw new DiagnosticException(problems[0]);
        return new VectorValue([.. values], path);
    }

    // The conditions counted by count/atleast/atmost/exactly: booleans, lists of booleans, comprehensions.
    private List<Formula> Items(IEnumerable<Expr> arguments, ImmutableDictionary<string, Value> scope)
    {
        var items = new List<Formula>();
        foreach (var argument in arguments)
        {
            if (argument is ComprehensionExpr comprehension)
            {
                Expanding(comprehension.Location, "this comprehension over " + string.Join(", ", comprehension.Variables), () =>
                {
                    foreach (var bound in Bindings(comprehension.Variables, comprehension.Domain, comprehension.Location, scope))
                        AddItems(items, comprehension.Body, Evaluate(comprehension.Body, bound));
                    return items;
                });
            }
            else
            {
                AddItems(items, argument, Evaluate(argument, scope));
            }
        }
        return items;
    }

    private static void AddItems(List<Formula> items, Expr source, Value value)
    {
        switch (value)
        {
            case BoolValue b:
                items.Add(b.Formula);
                break;
            case ListValue list:
                foreach (var item in list.Items)
                    AddItems(items, source, item);
                break;
            default:
                throw TypeMismatch(source, "a condition (or a list of them) to count", value);
        }
    }

    private IEnumerable<ImmutableDictionary<string, Value>> Bindings(ImmutableArray<string> variables, Expr domainExpression, SourceLocation location,
        ImmutableDictionary<string, Value> scope)
    {
        foreach (var variable in variables)
            CheckBindable(variable, location, scope);
        var domain = Evaluate(domainExpression, scope);
        IEnumerable<Value> values = domain switch
        {
            RangeValue range => RangeValues(range),
            ListValue list => list.Items,
            _ => throw TypeMismatch(domainExpression, "a range such as 0..8 or a list such as [(0, 1, 2), (3, 4, 5)]", domain),
        };
        foreach (var value in values)
        {
            if (variables.Length == 1)
            {
                yield return scope.SetItem(variables[0], value);
                continue;
            }
            if (value is not TupleValue tuple || tuple.Items.Length != variables.Length)
            {
                throw Error(ContractDiagnosticIds.TypeError, domainExpression.Location, string.Create(CultureInfo.InvariantCulture,
                    $"({string.Join(", ", variables)}) needs tuples of {variables.Length}, but the domain holds {value.Describe()}"));
            }
            var bound = scope;
            for (int i = 0; i < variables.Length; i++)
                bound = bound.SetItem(variables[i], tuple.Items[i]);
            yield return bound;
        }
    }

    private static IEnumerable<Value> RangeValues(RangeValue range)
    {
        for (long i = range.From; i <= range.To; i++)
            yield return IntValue.Of(i);
    }

    private void CheckBindable(string variable, SourceLocation location, ImmutableDictionary<string, Value> scope)
    {
        string? clash = scope.ContainsKey(variable) ? "an enclosing bound variable"
            : _constants.ContainsKey(variable) ? "a constant"
            : _predicates.ContainsKey(variable) ? "a predicate"
            : _inputs.ContainsKey(variable) ? "a model input"
            : _outputs.ContainsKey(variable) ? "a model output"
            : IsFamilyPrefix(variable) ? "a family of model names"
            : null;
        if (clash is not null)
            throw Error(ContractDiagnosticIds.DuplicateDeclaration, location, $"the variable '{variable}' would hide {clash} of the same name; choose another name");
    }

    // Chains (a && b && …, a + b - …, a ==> b ==> …) are evaluated in loops, not by recursing down the parser's
    // nested tree: a flat chain of thousands of operands is legitimate and must not overflow the stack.
    private Value EvaluateBinary(BinaryExpr binary, ImmutableDictionary<string, Value> scope)
    {
        switch (binary.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
            {
                var links = LeftChain(binary, op => op == binary.Operator);
                var operands = new List<Formula>(links.Count + 1) { ExpectBool(links[0].Left, scope) };
                foreach (var link in links)
                    operands.Add(ExpectBool(link.Right, scope));
                return new BoolValue(binary.Operator == BinaryOperator.And ? Formulas.And(operands) : Formulas.Or(operands));
            }
            case BinaryOperator.Xor or BinaryOperator.Iff:
            {
                var links = LeftChain(binary, op => op == binary.Operator);
                var result = ExpectBool(links[0].Left, scope);
                foreach (var link in links)
                {
                    var right = ExpectBool(link.Right, scope);
                    result = link.Operator == BinaryOperator.Xor ? Formulas.Xor(result, right) : Formulas.Iff(result, right);
                    // Located at the operator where the chain passes the limit, not at its end.
                    CheckFormulaDepth(result, link.Location);
                }
                return new BoolValue(result);
            }
            case BinaryOperator.Implies:
            {
                // a ==> (b ==> c) is !a || !b || c.
                var operands = new List<Formula>();
                Expr rest = binary;
                while (rest is BinaryExpr { Operator: BinaryOperator.Implies } arrow)
                {
                    operands.Add(Formulas.Not(ExpectBool(arrow.Left, scope)));
                    rest = arrow.Right;
                }
                operands.Add(ExpectBool(rest, scope));
                return new BoolValue(Formulas.Or(operands));
            }
            case BinaryOperator.In:
                return EvaluateMembership(binary, scope);
            case BinaryOperator.Add or BinaryOperator.Subtract:
            {
                var links = LeftChain(binary, op => op is BinaryOperator.Add or BinaryOperator.Subtract);
                var first = ExpectInt(links[0].Left, scope);
                var terms = first.Terms.ToBuilder();
                long constant = first.Constant;
                foreach (var link in links)
                {
                    var right = ExpectInt(link.Right, scope);
                    long sign = link.Operator == BinaryOperator.Add ? 1 : -1;
                    try
                    {
                        foreach (var term in right.Terms)
                            terms.Add(term with { Coefficient = checked(term.Coefficient * sign) });
                        constant = checked(constant + (right.Constant * sign));
                    }
                    catch (OverflowException)
                    {
                        throw Overflow(link.Location);
                    }
                }
                return new IntValue(new LinearSum(terms.ToImmutable(), constant));
            }
            case BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Remainder:
            {
                var links = LeftChain(binary, op => op is BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Remainder);
                var value = ExpectInt(links[0].Left, scope);
                foreach (var link in links)
                    value = Multiply(link, value, scope);
                return new IntValue(value);
            }
            default:
                return EvaluateComparison(binary, scope);
        }
    }

    // One link of a multiplicative chain, applied to the value of everything on its left.
    private LinearSum Multiply(BinaryExpr link, LinearSum left, ImmutableDictionary<string, Value> scope)
    {
        try
        {
            return MultiplyOrDivide(link, left, scope);
        }
        catch (OverflowException)
        {
            throw Overflow(link.Location);
        }
    }

    private LinearSum MultiplyOrDivide(BinaryExpr link, LinearSum left, ImmutableDictionary<string, Value> scope)
    {
        if (link.Operator == BinaryOperator.Multiply)
        {
            var right = ExpectInt(link.Right, scope);
            if (left.IsConstant)
                return right.Scale(left.Constant);
            if (right.IsConstant)
                return left.Scale(right.Constant);
            throw Error(ContractDiagnosticIds.TypeError, link.Location, "only a constant can multiply a count or score (the constraints must stay linear)");
        }
        if (!left.IsConstant)
            throw TypeMismatch(link.Left, "a constant integer", new IntValue(left));
        long divisor = ExpectStaticInt(link.Right, scope);
        if (divisor == 0)
            throw Error(ContractDiagnosticIds.BadIndex, link.Location, "division by zero");
        // C#'s / and % truncate toward zero: -7 / 2 is -3 and -7 % 2 is -1 (docs/contract-language.md).
        return new LinearSum([], link.Operator == BinaryOperator.Divide ? left.Constant / divisor : left.Constant % divisor);
    }

    // The links of a left-nested chain of operators of one level, innermost first: ((a + b) - c) gives [a + b, (a + b) - c].
    private static List<BinaryExpr> LeftChain(BinaryExpr top, Func<BinaryOperator, bool> sameLevel)
    {
        var links = new List<BinaryExpr>();
        Expr current = top;
        while (current is BinaryExpr link && sameLevel(link.Operator))
        {
            links.Add(link);
            current = link.Left;
        }
        links.Reverse();
        return links;
    }

    private BoolValue EvaluateComparison(BinaryExpr binary, ImmutableDictionary<string, Value> scope)
    {
        var left = Evaluate(binary.Left, scope);
        var right = Evaluate(binary.Right, scope);
        bool equality = binary.Operator is BinaryOperator.Equal or BinaryOperator.NotEqual;
        if (left is IntValue l && right is IntValue r)
        {
            var (sum, comparison) = binary.Operator switch
            {
                BinaryOperator.GreaterOrEqual => (l.Sum.Add(r.Sum, -1), Comparison.AtLeastZero),
                BinaryOperator.Greater => (l.Sum.Add(r.Sum, -1).Add(new LinearSum([], 1), -1), Comparison.AtLeastZero),
                BinaryOperator.LessOrEqual => (r.Sum.Add(l.Sum, -1), Comparison.AtLeastZero),
                BinaryOperator.Less => (r.Sum.Add(l.Sum, -1).Add(new LinearSum([], 1), -1), Comparison.AtLeastZero),
                BinaryOperator.Equal => (l.Sum.Add(r.Sum, -1), Comparison.EqualsZero),
                _ => (l.Sum.Add(r.Sum, -1), Comparison.NotZero),
            };
            return new BoolValue(Formulas.Compare(sum, comparison));
        }
        if (equality && left is BoolValue lb && right is BoolValue rb)
        {
            var iff = Formulas.Iff(lb.Formula, rb.Formula);
            return new BoolValue(binary.Operator == BinaryOperator.Equal ? iff : Formulas.Not(iff));
        }
        if (equality && (left is WinningClassValue || right is WinningClassValue))
        {
            var other = left is WinningClassValue ? right : left;
            var otherExpression = left is WinningClassValue ? binary.Right : binary.Left;
            if (other is not ClassNameValue classValue)
                throw TypeMismatch(otherExpression, "a class name", other);
            var isClass = Formulas.ClassIs(classValue.Index);
            return new BoolValue(binary.Operator == BinaryOperator.Equal ? isClass : Formulas.Not(isClass));
        }
        if (equality && left is ClassNameValue a && right is ClassNameValue b)
            return new BoolValue(Formulas.Constant((a.Index == b.Index) == (binary.Operator == BinaryOperator.Equal)));
        throw Error(ContractDiagnosticIds.TypeError, binary.Location, $"cannot compare {left.Describe()} with {right.Describe()}");
    }

    private BoolValue EvaluateMembership(BinaryExpr binary, ImmutableDictionary<string, Value> scope)
    {
        var element = Evaluate(binary.Left, scope);
        var set = Evaluate(binary.Right, scope);
        if (element is WinningClassValue)
        {
            if (set is not ListValue classes)
                throw TypeMismatch(binary.Right, "a set of classes such as {move0, move4}", set);
            var options = new List<Formula>();
            foreach (var item in classes.Items)
            {
                if (item is not ClassNameValue c)
                    throw Error(ContractDiagnosticIds.TypeError, binary.Right.Location, $"the set after 'class in' must hold class names, not {item.Describe()}");
                options.Add(Formulas.ClassIs(c.Index));
            }
            return new BoolValue(Formulas.Or(options));
        }
        if (element is IntValue { IsStatic: false } sum)
        {
            // count(…) in 2..4 is 2 <= count(…) && count(…) <= 4; count(…) in [1, 3] is an equality per member.
            switch (set)
            {
                case RangeValue range:
                    return new BoolValue(Formulas.And(
                        Formulas.Compare(sum.Sum.Add(new LinearSum([], range.From), -1), Comparison.AtLeastZero),
                        Formulas.Compare(new LinearSum([], range.To).Add(sum.Sum, -1), Comparison.AtLeastZero)));
                case ListValue list:
                {
                    var options = new List<Formula>();
                    foreach (var item in list.Items)
                    {
                        if (item is not IntValue { IsStatic: true } member)
                            throw Error(ContractDiagnosticIds.TypeError, binary.Right.Location, $"the list after 'in' must hold constant integers, not {item.Describe()}");
                        options.Add(Formulas.Compare(sum.Sum.Add(member.Sum, -1), Comparison.EqualsZero));
                    }
                    return new BoolValue(Formulas.Or(options));
                }
                default:
                    throw TypeMismatch(binary.Right, "a range or list of integers", set);
            }
        }
        if (element is IntValue { IsStatic: true } number)
        {
            bool member = set switch
            {
                RangeValue range => number.Sum.Constant >= range.From && number.Sum.Constant <= range.To,
                ListValue list => list.Items.Any(item => item is IntValue { IsStatic: true } other && other.Sum.Constant == number.Sum.Constant),
                _ => throw TypeMismatch(binary.Right, "a range or list of integers", set),
            };
            return new BoolValue(Formulas.Constant(member));
        }
        throw Error(ContractDiagnosticIds.TypeError, binary.Location, $"'in' tests 'class' against a set of classes, or a constant integer against a range or list; not {element.Describe()}");
    }

    // Family members: a[4] is "a4" or "a_4"; px[3][5] is "px3_5" or "px_3_5". Returns the one that exists.
    private string? FamilyMemberName(string prefix, ImmutableArray<long> indices, SourceLocation location)
    {
        var found = CandidateNames(prefix, indices).Where(n => _inputs.ContainsKey(n) || _outputs.ContainsKey(n)).ToList();
        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw Error(ContractDiagnosticIds.UnknownName, location, $"{Display(prefix, indices)} is ambiguous: both '{found[0]}' and '{found[1]}' exist"),
        };
    }

    private static IEnumerable<string> CandidateNames(string prefix, ImmutableArray<long> indices)
    {
        string joined = string.Join("_", indices.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        yield return prefix + joined;
        if (!prefix.EndsWith('_'))
            yield return prefix + "_" + joined;
    }

    private static string Display(string prefix, ImmutableArray<long> indices) =>
        prefix + string.Concat(indices.Select(i => "[" + i.ToString(CultureInfo.InvariantCulture) + "]"));

    // True when some model name is the prefix followed by indices: "a" for a0..a8, "px" for px_3_5;
    // with afterSeparator, "px_3" for px_3_5 (a row that needs another index).
    private bool IsFamilyPrefix(string prefix, bool afterSeparator = false)
    {
        foreach (var name in _inputs.Keys.Concat(_outputs.Keys))
        {
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal))
            {
                string rest = name[prefix.Length..];
                if (afterSeparator ? IndexSuffixAfterSeparator().IsMatch(rest) : IndexSuffix().IsMatch(rest))
                    return true;
            }
        }
        return false;
    }

    // The members a family really has, so that a gap (zoo's legs_0, legs_2, legs_4…) is visible: " (legs has members
    // 0, 2, 4, 5, 6, 8)"; runs of more than three are a range (a0..a8: "0..8"). Several indices per member (px_3_5) are
    // shown as a first .. last range with the count.
    private string FamilyRangeHint(string prefix)
    {
        var members = _inputs.Keys.Concat(_outputs.Keys)
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && IndexSuffix().IsMatch(n[prefix.Length..]))
            .ToList();
        if (members.Count == 0)
            return "";
        string family = prefix.TrimEnd('_');
        var indices = members.Select(n => n[prefix.Length..].TrimStart('_')).ToList();
        if (indices.Any(i => i.Contains('_', StringComparison.Ordinal) || i.Length > 9))
            return string.Create(CultureInfo.InvariantCulture, $" ({family} has {members.Count} members, {members[0]} .. {members[^1]})");
        var numbers = indices.Select(i => long.Parse(i, CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        var runs = new List<string>();
        for (int start = 0; start < numbers.Count;)
        {
            int end = start;
            while (end + 1 < numbers.Count && numbers[end + 1] == numbers[end] + 1)
                end++;
            runs.Add(end - start >= 3 ? string.Create(CultureInfo.InvariantCulture, $"{numbers[start]}..{numbers[end]}")
                : string.Join(", ", numbers.Skip(start).Take(end - start + 1).Select(n => n.ToString(CultureInfo.InvariantCulture))));
            start = end + 1;
        }
        return $" ({family} has member{(numbers.Count == 1 ? "" : "s")} {string.Join(", ", runs)})";
    }

    [GeneratedRegex(@"^_?[0-9]+(_[0-9]+)*$")]
    private static partial Regex IndexSuffix();

    [GeneratedRegex(@"^_[0-9]+(_[0-9]+)*$")]
    private static partial Regex IndexSuffixAfterSeparator();

    private bool MayBeDeclaredByAnUnparsedDeclaration(string name) => _unparsedNames is null || _unparsedNames.Contains(name);

    /// <summary>
    /// Stops the elaboration of a declaration that uses a name a declaration with a syntax error may have declared: the
    /// syntax error is the one to fix, and "unknown name" would be a spurious second report of it.
    /// </summary>
    private sealed class DependsOnUnparsedDeclaration : Exception;

    private T? Guard<T>(Func<T> action)
        where T : class
    {
        try
        {
            return action();
        }
        catch (DiagnosticException e)
        {
            _diagnostics.Add(e.Diagnostic);
            return null;
        }
        catch (DependsOnUnparsedDeclaration)
        {
            return null;
        }
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (DiagnosticException e)
        {
            _diagnostics.Add(e.Diagnostic);
        }
        catch (DependsOnUnparsedDeclaration)
        {
            // Reported as the syntax error that caused it.
        }
    }

    private void Report(string id, SourceLocation location, string message) => _diagnostics.Add(Diagnostic.Error(id, location, message));

    private static DiagnosticException Error(string id, SourceLocation location, string message) => new(Diagnostic.Error(id, location, message));

    private static DiagnosticException TypeMismatch(Expr expression, string expected, Value found) =>
        Error(ContractDiagnosticIds.TypeError, expression.Location, $"expected {expected}, found {found.Describe()}");
}
