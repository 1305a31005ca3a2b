using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Contracts;

/// <summary>A random precondition as a tree with its own evaluation, independent of <see cref="Formula"/>.</summary>
internal abstract record Condition
{
    public abstract bool Eval(bool[] inputs);

    public abstract Formula Build();
}

internal sealed record InputCondition(int Index, bool Positive) : Condition
{
    public override bool Eval(bool[] inputs) => inputs[Index] == Positive;

    public override Formula Build() => Positive ? Formulas.Input(Index) : Formulas.Not(Formulas.Input(Index));

    public override string ToString() => (Positive ? "" : "!") + "x" + Index;
}

internal sealed record ConstantCondition(bool Value) : Condition
{
    public override bool Eval(bool[] inputs) => Value;

    public override Formula Build() => Formulas.Constant(Value);

    public override string ToString() => Value ? "true" : "false";
}

internal sealed record JunctionCondition(bool IsAnd, Condition[] Operands) : Condition
{
    public override bool Eval(bool[] inputs) => IsAnd ? Operands.All(o => o.Eval(inputs)) : Operands.Any(o => o.Eval(inputs));

    public override Formula Build() => IsAnd ? Formulas.And(Operands.Select(o => o.Build())) : Formulas.Or(Operands.Select(o => o.Build()));

    public override string ToString() => "(" + string.Join(IsAnd ? " && " : " || ", Operands.Select(o => o.ToString())) + ")";
}

internal sealed record NotCondition(Condition Operand) : Condition
{
    public override bool Eval(bool[] inputs) => !Operand.Eval(inputs);

    public override Formula Build() => Formulas.Not(Operand.Build());

    public override string ToString() => "!" + Operand;
}

/// <summary>Xor or (Equal) iff; with two inputs, this is how a precondition ties them together.</summary>
internal sealed record XorCondition(Condition Left, Condition Right, bool Equal) : Condition
{
    public override bool Eval(bool[] inputs) => (Left.Eval(inputs) != Right.Eval(inputs)) != Equal;

    public override Formula Build() => Equal ? Formulas.Iff(Left.Build(), Right.Build()) : Formulas.Xor(Left.Build(), Right.Build());

    public override string ToString() => $"({Left} {(Equal ? "==" : "!=")} {Right})";
}

/// <summary>Σ cᵢ·[conditionᵢ] + constant compared with 0 (≥, = or ≠).</summary>
internal sealed record SumCondition((long Coefficient, Condition Term)[] Terms, long Constant, Comparison Comparison) : Condition
{
    public override bool Eval(bool[] inputs)
    {
        long sum = Constant + Terms.Sum(t => t.Term.Eval(inputs) ? t.Coefficient : 0);
        return Comparison switch
        {
            Comparison.AtLeastZero => sum >= 0,
            Comparison.EqualsZero => sum == 0,
            _ => sum != 0,
        };
    }

    public override Formula Build() =>
        Formulas.Compare(new LinearSum([.. Terms.Select(t => new LinearTerm(t.Coefficient, t.Term.Build(), -1))], Constant), Comparison);

    public override string ToString() => $"({string.Join(" + ", Terms.Select(t => $"{t.Coefficient}*[{t.Term}]"))} + {Constant} {Comparison})";
}

/// <summary>
/// A precondition over <see cref="InputCount"/> inputs made of fixed inputs, pairs of inputs tied
/// together (equal or different), and a random condition over a few "free" inputs; the remaining
/// inputs are never mentioned. The conjuncts come in a random order, so the search's variable order
/// (first mention) interleaves them. Its models are counted by brute force over the free inputs only.
/// </summary>
internal sealed record PreconditionCase(int InputCount, Condition[] Conjuncts, int[] Free, (int A, int B, bool Equal)[] Ties, InputCondition[] Fixed, int[] Unmentioned)
{
    public Formula Formula => Formulas.And(Conjuncts.Select(c => c.Build()));

    public bool Eval(bool[] inputs) => Conjuncts.All(c => c.Eval(inputs));

    /// <summary>The number of inputs satisfying the precondition.</summary>
    public long Models()
    {
        var inputs = new bool[InputCount];
        long count = 0;
        // Brute force over the free inputs and one member of each tie; the other member and the fixed
        // inputs can take one value only; the unmentioned inputs multiply the count.
        var varying = Free.Concat(Ties.Select(t => t.A)).ToArray();
        for (long m = 0; m < 1L << varying.Length; m++)
        {
            for (int i = 0; i < varying.Length; i++)
                inputs[varying[i]] = ((m >> i) & 1) == 1;
            foreach (var (a, b, equal) in Ties)
                inputs[b] = inputs[a] == equal;
            foreach (var literal in Fixed)
                inputs[literal.Index] = literal.Positive;
            if (Eval(inputs))
                count++;
        }
        return count << Unmentioned.Length;
    }

    public override string ToString() =>
        $"{InputCount} inputs; free [{string.Join(" ", Free)}]; ties [{string.Join(" ", Ties.Select(t => $"{t.A}{(t.Equal ? "==" : "!=")}{t.B}"))}]; "
        + $"unmentioned [{string.Join(" ", Unmentioned)}]; precondition {string.Join(" && ", Conjuncts.Select(c => c.ToString()))}";
}

/// <summary>
/// The precondition search enumerates exactly the inputs that satisfy the precondition (each once,
/// packed with clean tail words), counts them the same way, and the checker built on it refuses,
/// reports vacuity and handles cancellation as documented.
/// </summary>
public class PreconditionSearchTests
{
    private sealed class Collector : IModelVisitor
    {
        public List<ulong[]> Models { get; } = [];

        public void Visit(ReadOnlySpan<ulong> packedInput) => Models.Add(packedInput.ToArray());
    }

    private static Gen<Condition> RandomCondition(int[] over, int depth)
    {
        var literal = from i in Gen.Elements(over)
                      from positive in Gen.Elements(true, false)
                      select (Condition)new InputCondition(i, positive);
        if (depth == 0)
            return Gen.Frequency((8, literal), (1, Gen.Elements(true, false).Select(b => (Condition)new ConstantCondition(b))));
        var child = RandomCondition(over, depth - 1);
        return from kind in Gen.Choose(0, 5)
               from condition in kind switch
               {
                   0 => literal,
                   1 => from isAnd in Gen.Elements(true, false)
                        from count in Gen.Choose(2, 3)
                        from operands in Gen.ArrayOf(child, count)
                        select (Condition)new JunctionCondition(isAnd, operands),
                   2 => child.Select(c => (Condition)new NotCondition(c)),
                   3 => from left in child
                        from right in child
                        from equal in Gen.Elements(true, false)
                        select (Condition)new XorCondition(left, right, equal),
                   _ => from count in Gen.Choose(1, 4)
                        from terms in Gen.ArrayOf(
                            from coefficient in Gen.Elements(1L, 1L, -1L, 2L, -3L)
                            from term in child
                            select (coefficient, term), count)
                        from constant in Gen.Choose(-4, 4)
                        from comparison in Gen.Elements(Comparison.AtLeastZero, Comparison.EqualsZero, Comparison.NotZero)
                        select (Condition)new SumCondition(terms, constant, comparison),
               }
               select condition;
    }

    private static Gen<PreconditionCase> Cases() =>
        from freeCount in Gen.Choose(0, 6)
        from tieCount in Gen.Choose(0, 3)
        from fixedCount in Gen.Frequency((3, Gen.Choose(0, 4)), (1, Gen.Choose(50, 64)))
        from unmentionedCount in Gen.Choose(0, 5)
        let n = Math.Max(1, freeCount + (2 * tieCount) + fixedCount + unmentionedCount)
        from permutation in Gen.Shuffle(Enumerable.Range(0, n).ToArray())
        let free = permutation[..freeCount]
        let tied = permutation[freeCount..(freeCount + (2 * tieCount))]
        let fixedInputs = permutation[(freeCount + (2 * tieCount))..(freeCount + (2 * tieCount) + fixedCount)]
        let unmentioned = permutation[(freeCount + (2 * tieCount) + fixedCount)..]
        from depth in Gen.Choose(0, 3)
        from condition in freeCount > 0 ? RandomCondition(free, depth) : Gen.Constant((Condition)new ConstantCondition(true))
        from tieKinds in Gen.ArrayOf(Gen.Elements(true, false), tieCount)
        from polarities in Gen.ArrayOf(Gen.Elements(true, false), fixedCount)
        let ties = Enumerable.Range(0, tieCount).Select(t => (tied[2 * t], tied[(2 * t) + 1], tieKinds[t])).ToArray()
        let fixedLiterals = fixedInputs.Select((i, k) => new InputCondition(i, polarities[k])).ToArray()
        let conjuncts = fixedLiterals.Cast<Condition>()
            .Concat(ties.Select(t => (Condition)new XorCondition(new InputCondition(t.Item1, true), new InputCondition(t.Item2, true), t.Item3)))
            .Append(condition)
            .ToArray()
        from order in Gen.Shuffle(conjuncts)
        select new PreconditionCase(n, order, free, ties, fixedLiterals, unmentioned);

    [Fact]
    public void The_search_visits_exactly_the_models_of_the_precondition_once_each()
    {
        Prop.ForAll(Arb.From(Cases()), c =>
        {
            var search = new PreconditionSearch(c.Formula, c.InputCount);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            long visited = 0, counted = 0;
            long budget = long.MaxValue;
            for (int task = 0; task < search.TaskCount; task++)
            {
                var collector = new Collector();
                search.Enumerate(task, collector, CancellationToken.None);
                long part = search.CountModels(task, long.MaxValue / 2, ref budget);
                Assert.Equal(collector.Models.Count, part);
                counted += part;
                foreach (var packed in collector.Models)
                {
                    Assert.True(PackedBits.HasCleanTail(packed, c.InputCount), "bits above the last input must be zero");
                    var inputs = PackedBits.Unpack(packed, c.InputCount);
                    Assert.True(c.Eval(inputs), $"visited an input that violates the precondition: {Key(inputs)}");
                    Assert.True(seen.Add(Key(inputs)), $"visited {Key(inputs)} twice");
                    visited++;
                }
            }
            long expected = c.Models();
            // Every visit is a distinct model, so as many visits as models means all of them.
            Assert.Equal(expected, visited);
            Assert.Equal(expected, counted);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void The_checker_counts_the_scope_and_refuses_exactly_above_the_bound()
    {
        Prop.ForAll(Arb.From(Cases().Where(c => c.InputCount <= 20)), c =>
        {
            long expected = c.Models();
            var contract = Contract(c.Formula, Formulas.Or(Formulas.Input(0), Formulas.Not(Formulas.Input(0))));
            var network = PackedNetwork.Compile(Identity(c.InputCount));
            Assert.Equal(expected, new ExhaustiveChecker(network, new ExhaustiveOptions(expected, 1)).CountInScope(contract, CancellationToken.None));
            if (expected > 0)
            {
                Assert.Null(new ExhaustiveChecker(network, new ExhaustiveOptions(expected - 1, 1)).CountInScope(contract, CancellationToken.None));
                var refused = new ExhaustiveChecker(network, new ExhaustiveOptions(expected - 1, 1)).Check(contract, null, CancellationToken.None);
                Assert.Equal(Verdict.Unknown, refused.Verdict);
                Assert.Contains($"the precondition admits more than {expected - 1} input{(expected - 1 == 1 ? "" : "s")},", refused.Reason, StringComparison.Ordinal);
                Assert.Null(refused.InputsInScope);
                Assert.Empty(refused.Counterexamples);
            }
            var result = new ExhaustiveChecker(network, new ExhaustiveOptions(expected, 1)).Check(contract, null, CancellationToken.None);
            Assert.Equal(expected == 0 ? Verdict.Vacuous : Verdict.Holds, result.Verdict);
            Assert.Equal(expected, result.InputsInScope);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    /// <summary>c·Σℓᵢ + d ≥ 0 (or = 0) over distinct input literals: the shape the scope counter counts in closed form.</summary>
    private static Gen<(int InputCount, SumCondition Count)> InputCounts() =>
        from inputCount in Gen.Choose(1, 14)
        from mentioned in Gen.Choose(1, inputCount)
        from permutation in Gen.Shuffle(Enumerable.Range(0, inputCount).ToArray())
        from polarities in Gen.ArrayOf(Gen.Elements(true, false), mentioned)
        from coefficient in Gen.Elements(1L, -1L, 2L, -3L)
        from constant in Gen.Choose(-2 * mentioned, 2 * mentioned)
        from comparison in Gen.Elements(Comparison.AtLeastZero, Comparison.EqualsZero)
        select (inputCount, new SumCondition(
            [.. permutation[..mentioned].Select((input, k) => (coefficient, (Condition)new InputCondition(input, polarities[k])))], constant, comparison));

    [Fact]
    public void Counts_of_input_literals_are_counted_exactly()
    {
        Prop.ForAll(Arb.From(InputCounts()), c =>
        {
            var inputs = new bool[c.InputCount];
            long expected = 0;
            for (long m = 0; m < 1L << c.InputCount; m++)
            {
                for (int i = 0; i < c.InputCount; i++)
                    inputs[i] = ((m >> i) & 1) == 1;
                if (c.Count.Eval(inputs))
                    expected++;
            }
            var contract = Contract(c.Count.Build(), Formulas.True);
            var network = PackedNetwork.Compile(Identity(c.InputCount));
            Assert.Equal(expected, new ExhaustiveChecker(network, new ExhaustiveOptions(expected, 1)).CountInScope(contract, CancellationToken.None));
            if (expected > 0)
                Assert.Null(new ExhaustiveChecker(network, new ExhaustiveOptions(expected - 1, 1)).CountInScope(contract, CancellationToken.None));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void A_hamming_ball_too_large_to_search_is_counted()
    {
        // At most 8 of 64 inputs differ from all-false: Σ_{j≤8} C(64, j) = 5,130,659,561 inputs, far beyond the
        // search's node budget, and a second, independent ball of radius 1 around 3 more inputs multiplies by 4.
        var ball = Formulas.Compare(new LinearSum([], 8).Add(Formulas.Count([.. Enumerable.Range(0, 64).Select(Formulas.Input)]), -1), Comparison.AtLeastZero);
        var small = Formulas.Compare(new LinearSum([], 1).Add(Formulas.Count([.. Enumerable.Range(64, 3).Select(Formulas.Input)]), -1), Comparison.AtLeastZero);
        var contract = Contract(Formulas.And(ball, small), Formulas.OutputBit(0));
        var network = PackedNetwork.Compile(Identity(67));
        Assert.Equal(4 * 5_130_659_561L, new ExhaustiveChecker(network, new ExhaustiveOptions(long.MaxValue, 1)).CountInScope(contract, CancellationToken.None));
        Assert.Null(new ExhaustiveChecker(network, new ExhaustiveOptions((4 * 5_130_659_561L) - 1, 1)).CountInScope(contract, CancellationToken.None));
    }

    [Fact]
    public void Inputs_fixed_by_the_precondition_are_never_branched_on()
    {
        // 70 inputs, 66 fixed: 2^4 models. Counting alone cannot tell whether the search branched on the
        // fixed inputs, so check the nodes spent: one per task (2^10 tasks split on the first ten inputs),
        // then two per fixed input on the one live path (its wrong value fails at once).
        var conjuncts = Enumerable.Range(0, 66).Select(i => Formulas.Input(i)).ToList();
        var search = new PreconditionSearch(Formulas.And(conjuncts), 70);
        long budget = 200_000;
        long total = 0;
        for (int task = 0; task < search.TaskCount; task++)
            total += search.CountModels(task, long.MaxValue / 2, ref budget);
        Assert.Equal(16, total);
        Assert.True(200_000 - budget <= 1024 + (2 * 66), $"the search spent {200_000 - budget} nodes");
    }

    [Fact]
    public void An_unsatisfiable_precondition_is_vacuous()
    {
        var contradiction = Formulas.And(Formulas.Input(1), Formulas.Not(Formulas.Input(1)));
        var tooMany = Formulas.Compare(Formulas.Count([Formulas.Input(0), Formulas.Input(2)]).Add(new LinearSum([], 3), -1), Comparison.AtLeastZero);
        foreach (var precondition in new[] { contradiction, tooMany, Formulas.False })
        {
            var result = new ExhaustiveChecker(PackedNetwork.Compile(Identity(3)), new ExhaustiveOptions(100, 3))
                .Check(Contract(precondition, Formulas.OutputBit(0)), null, CancellationToken.None);
            Assert.Equal(Verdict.Vacuous, result.Verdict);
            Assert.Equal(0, result.InputsInScope);
            Assert.Empty(result.Counterexamples);
        }
    }

    [Fact]
    public void A_check_cancelled_before_it_starts_is_unknown_and_claims_no_scope()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var checker = new ExhaustiveChecker(PackedNetwork.Compile(Identity(8)), new ExhaustiveOptions(1000, 3));
        var result = checker.Check(Contract(Formulas.True, Formulas.OutputBit(0)), null, cancelled.Token);
        Assert.Equal(Verdict.Unknown, result.Verdict);
        Assert.Contains("interrupted", result.Reason, StringComparison.Ordinal);
        // 256 inputs are in scope; the count was never made, so the result must not claim a number (least of all 0).
        Assert.Null(result.InputsInScope);
        Assert.Equal(0, result.InputsChecked);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(40)]
    public void A_check_cancelled_while_running_is_unknown_or_violated_never_holds(int reportsBeforeCancel)
    {
        const int inputs = 16;
        var network = PackedNetwork.Compile(Identity(inputs));
        // Holds on every input (x0 || !x0 is not folded away), and violated on every input with x1.
        var holding = Contract(Formulas.True, Formulas.Or(Formulas.Input(0), Formulas.Not(Formulas.Input(0))));
        var violated = Contract(Formulas.True, Formulas.Not(Formulas.OutputBit(1)));
        foreach (var contract in new[] { holding, violated })
        {
            foreach (int threads in new[] { 1, 0 })
            {
                using var cancellation = new CancellationTokenSource();
                var progress = new CancelAfter(cancellation, reportsBeforeCancel);
                var result = new ExhaustiveChecker(network, new ExhaustiveOptions(1 << 20, 2, threads)).Check(contract, progress, cancellation.Token);
                Assert.Equal(1 << inputs, progress.Total);
                Assert.NotEqual(Verdict.Holds, result.Verdict);
                Assert.NotEqual(Verdict.Vacuous, result.Verdict);
                Assert.True(result.InputsChecked < 1 << inputs, $"{result.InputsChecked} inputs checked after cancelling");
                Assert.Equal(1 << inputs, result.InputsInScope);
                Assert.Contains("interrupted", result.Reason, StringComparison.Ordinal);
                if (result.Verdict == Verdict.Violated)
                {
                    Assert.Same(violated, contract);
                    Assert.InRange(result.Counterexamples.Length, 1, 2);
                    Assert.All(result.Counterexamples, x => Assert.True(x.Inputs[1]));
                }
                else
                {
                    Assert.Equal(Verdict.Unknown, result.Verdict);
                    Assert.Empty(result.Counterexamples);
                }
            }
        }
    }

    /// <summary>Cancels the check after a number of progress reports (one per batch of inputs).</summary>
    private sealed class CancelAfter(CancellationTokenSource cancellation, int reports) : ICheckProgress
    {
        private int _reports;

        public long Total { get; private set; }

        public void Start(string contract, long total) => Total = total;

        public void Report(long checkedSoFar)
        {
            if (Interlocked.Increment(ref _reports) >= reports)
                cancellation.Cancel();
        }

        public void Stop()
        {
        }
    }

    private static ElaboratedContract Contract(Formula precondition, Formula postcondition)
    {
        var at = new SourceLocation("test.contract", 1, 1);
        return new ElaboratedContract("test", at,
            [new ContractClause(ClauseKind.Requires, at, "precondition", precondition)],
            [new ContractClause(ClauseKind.Ensures, at, "postcondition", postcondition)]);
    }

    /// <summary>A bit-output model whose outputs copy its inputs (weights: identity; fires iff the input is true).</summary>
    internal static BnnModel Identity(int inputs)
    {
        var weights = new int[inputs * inputs];
        for (int i = 0; i < inputs; i++)
            weights[(i * inputs) + i] = 1;
        var layer = DenseLayer.Sign(inputs, WeightPrecision.Binary, [.. weights],
            [.. Enumerable.Repeat(new NeuronThreshold(ThresholdDirection.AtLeast, 1), inputs)]);
        return new BnnModel("identity", [.. Enumerable.Range(0, inputs).Select(i => $"x{i}")], [layer],
            new BitsOutput([.. Enumerable.Range(0, inputs).Select(i => $"y{i}")]));
    }

    private static string Key(IEnumerable<bool> inputs) => string.Concat(inputs.Select(b => b ? '1' : '0'));
}
