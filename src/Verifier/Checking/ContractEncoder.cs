using BnnVerify.Bnn.Model;
using BnnVerify.Encoding.Circuit;
using BnnVerify.Encoding.Logic;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Checking;

/// <summary>A contract's violation problem: satisfiable exactly when some input satisfies the preconditions and falsifies a postcondition.</summary>
/// <param name="Builder">The constraints.</param>
/// <param name="Network">The encoded network (inputs, neurons, outputs).</param>
/// <param name="FixedInputs">Inputs the preconditions fix to a constant, which were folded into the network.</param>
public sealed record ViolationProblem(ConstraintBuilder Builder, EncodedNetwork Network, IReadOnlyDictionary<int, bool> FixedInputs);

/// <summary>
/// Encodes "precondition ∧ ¬postcondition" over the network as constraints. Inputs that the precondition
/// fixes (top-level literals of its conjunction) enter the network as constants, so whole neurons fold away
/// before a solver sees them.
/// </summary>
public static class ContractEncoder
{
    /// <summary>Builds the violation problem of <paramref name="contract"/> for <paramref name="model"/>.</summary>
    public static ViolationProblem Encode(BnnModel model, ElaboratedContract contract)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(contract);
        var fixedInputs = FixedInputs(contract.Precondition);
        var builder = new ConstraintBuilder(model.InputCount);
        var inputs = Enumerable.Range(0, model.InputCount)
            .Select(i => fixedInputs.TryGetValue(i, out bool value) ? Bit.Constant(value) : builder.Input(i))
            .ToList();
        // The fixed inputs' variables still exist; tie them to their values so that models decode completely.
        foreach (var (index, value) in fixedInputs)
            builder.Assert(value ? builder.Input(index) : !builder.Input(index));
        var network = NetworkEncoder.Encode(builder, model, inputs, CountLimits(contract.Precondition));
        var translator = new Translator(builder, network.Inputs, network);
        builder.Assert(translator.Translate(contract.Precondition));
        builder.Assert(!builder.And(contract.Ensures.Select(c => translator.Translate(c.Formula))));
        return new ViolationProblem(builder, network, fixedInputs);
    }

    /// <summary>
    /// The constraints of <paramref name="contract"/>'s precondition alone, over the inputs and without the network:
    /// satisfiable exactly when some input satisfies the precondition (the solver checkers' vacuity test).
    /// </summary>
    public static ConstraintBuilder EncodePrecondition(BnnModel model, ElaboratedContract contract)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(contract);
        var builder = new ConstraintBuilder(model.InputCount);
        var inputs = Enumerable.Range(0, model.InputCount).Select(builder.Input).ToList();
        builder.Assert(new Translator(builder, inputs, null).Translate(contract.Precondition));
        return builder;
    }

    /// <summary>The bit of <paramref name="formula"/> over <paramref name="network"/>'s inputs and outputs (for the equivalence miter's domain).</summary>
    internal static Bit Translate(ConstraintBuilder builder, EncodedNetwork network, Formula formula) =>
        new Translator(builder, network.Inputs, network).Translate(formula);

    /// <summary>The inputs a formula's top-level conjunction fixes: x, ¬x literals it requires.</summary>
    internal static Dictionary<int, bool> FixedInputs(Formula precondition)
    {
        var fixedInputs = new Dictionary<int, bool>();
        var conjuncts = precondition is JunctionFormula { IsConjunction: true } and ? and.Operands.ToList() : [precondition];
        foreach (var conjunct in conjuncts)
        {
            switch (conjunct)
            {
                case InputFormula input:
                    fixedInputs[input.Index] = true;
                    break;
                case NotFormula { Operand: InputFormula negated }:
                    // x ∧ ¬x leaves the precondition unsatisfiable, which the solver finds; do not fold either.
                    if (fixedInputs.TryGetValue(negated.Index, out bool existing) && existing)
                        fixedInputs.Remove(negated.Index);
                    else
                        fixedInputs[negated.Index] = false;
                    break;
            }
        }
        return fixedInputs;
    }

    /// <summary>
    /// The limits a formula's top-level conjunction puts on how many of some input literals are true: every conjunct
    /// c·Σ ℓᵢ + d (≥ | =) 0 with one coefficient c for all terms and the ℓᵢ literals of distinct inputs. <c>hamming(v) &lt;= R</c>,
    /// <c>count(…) &lt;= k</c>, <c>atmost</c>, <c>atleast</c> and <c>exactly</c> over inputs are of this form. The precondition is
    /// asserted, so every solution satisfies them and the network encoder may use them (first-layer neurons they settle
    /// become constants).
    /// </summary>
    internal static List<InputCountLimit> CountLimits(Formula precondition)
    {
        var limits = new List<InputCountLimit>();
        var conjuncts = precondition is JunctionFormula { IsConjunction: true } and ? and.Operands.ToList() : [precondition];
        foreach (var conjunct in conjuncts)
        {
            if (InputCount.Match(conjunct) is not { } count)
                continue;
            var literals = count.Literals;
            long c = count.Coefficient;
            // c·Σℓ + d ≥ 0 bounds Σℓ by q = −d/c: from above when c < 0, from below when c > 0; an equality does both.
            // Σℓ ≥ m is Σ¬ℓ ≤ n − m. A negative limit means the precondition is unsatisfiable: left to the solver.
            long d = count.Constant;
            long numerator = c > 0 ? -d : d, divisor = Math.Abs(c);
            bool equality = count.IsEquality;
            if (c < 0 || equality)
                AddLimit(limits, [.. literals], FloorDivide(numerator, divisor));
            if (c > 0 || equality)
                AddLimit(limits, [.. literals.Select(l => !l)], literals.Length - CeilingDivide(numerator, divisor));
        }
        return limits;
    }

    private static void AddLimit(List<InputCountLimit> limits, System.Collections.Immutable.ImmutableArray<Lit> literals, long atMost)
    {
        if (atMost >= 0 && atMost < literals.Length && !limits.Any(l => l.AtMost == atMost && l.Literals.SequenceEqual(literals)))
            limits.Add(new InputCountLimit(literals, (int)atMost));
    }

    private static long FloorDivide(long value, long divisor) => value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);

    private static long CeilingDivide(long value, long divisor) => -FloorDivide(-value, divisor);

    /// <summary>Turns formulas into bits of the builder, over the inputs and the encoded network's outputs (none for a precondition alone).</summary>
    private sealed class Translator(ConstraintBuilder builder, IReadOnlyList<Bit> inputs, EncodedNetwork? network)
    {
        private EncodedNetwork Network => network ?? throw new InvalidOperationException("a formula over the output was translated without the network; preconditions mention inputs only");

        private readonly Dictionary<Formula, Bit> _cache = new(ReferenceEqualityComparer.Instance);

        public Bit Translate(Formula formula)
        {
            if (_cache.TryGetValue(formula, out var cached))
                return cached;
            var bit = formula switch
            {
                ConstantFormula c => Bit.Constant(c.Value),
                InputFormula input => inputs[input.Index],
                OutputBitFormula output => Network.OutputBits[output.Index],
                ClassIsFormula classIs => Network.ClassIs(classIs.ClassIndex),
                NotFormula not => !Translate(not.Operand),
                JunctionFormula { IsConjunction: true } and => builder.And(and.Operands.Select(Translate)),
                JunctionFormula or => builder.Or(or.Operands.Select(Translate)),
                XorFormula xor => builder.Xor(Translate(xor.Left), Translate(xor.Right)),
                ComparisonFormula comparison => TranslateComparison(comparison),
                _ => throw new InvalidOperationException($"unknown formula {formula.GetType().Name}"),
            };
            _cache[formula] = bit;
            return bit;
        }

        private Bit TranslateComparison(ComparisonFormula comparison)
        {
            // Σ cₖ·termₖ + constant, with scores expanded into their linear expressions over hidden neurons.
            var terms = new List<(long, Bit)>();
            long constant = comparison.Sum.Constant;
            foreach (var term in comparison.Sum.Terms)
            {
                if (term.Indicator is { } indicator)
                {
                    terms.Add((term.Coefficient, Translate(indicator)));
                    continue;
                }
                var score = Network.Scores[term.ScoreClass];
                constant = checked(constant + term.Coefficient * score.Constant);
                foreach (var (coefficient, bit) in score.Terms)
                    terms.Add((checked(term.Coefficient * coefficient), bit));
            }
            var atLeastZero = builder.Weighted(terms, -constant);
            if (comparison.Comparison == Comparison.AtLeastZero)
                return atLeastZero;
            var atMostZero = builder.Weighted(terms.Select(t => (-t.Item1, t.Item2)), constant);
            var equalsZero = builder.And(atLeastZero, atMostZero);
            return comparison.Comparison == Comparison.EqualsZero ? equalsZero : !equalsZero;
        }
    }
}
