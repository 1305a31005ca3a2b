using System.Collections.Immutable;
using BnnVerify.Bnn.Engine;

namespace BnnVerify.Verifier.Contracts.Semantics;

/// <summary>
/// A contract clause after elaboration: quantifiers, predicates and families expanded, names resolved
/// to model inputs and outputs. This is what the exhaustive checker evaluates and what solver
/// encodings translate. Build instances with <see cref="Formulas"/>, which folds constants.
/// </summary>
public abstract class Formula
{
    private protected Formula(int depth) => Depth = depth;

    /// <summary>
    /// The longest path from this node to a leaf (1 for a leaf). Consumers recurse over formulas, so the elaborator
    /// refuses formulas deeper than the nesting limit (docs/limits.md).
    /// </summary>
    public int Depth { get; }

    /// <summary>The formula's value for a complete input and the network's output on it.</summary>
    public abstract bool Evaluate(Assignment assignment);

    /// <summary>
    /// The value under a partial input assignment (−1 unknown, 0 false, 1 true per input), or
    /// <see cref="Truth.Unknown"/> when it depends on unassigned inputs. Outputs are never known here.
    /// </summary>
    public abstract Truth EvaluatePartially(ReadOnlySpan<sbyte> inputs);

    /// <summary>True when the formula reads the network's output (class, scores or output bits).</summary>
    public abstract bool MentionsOutput { get; }

    /// <summary>Adds every input index the formula reads, in first-occurrence order, to <paramref name="order"/>.</summary>
    public abstract void CollectInputs(List<int> order, HashSet<int> seen);
}

/// <summary>Three-valued truth for partial assignments.</summary>
public enum Truth : sbyte
{
    /// <summary>Depends on inputs not yet assigned.</summary>
    Unknown = -1,

    /// <summary>False whatever the remaining inputs are.</summary>
    False = 0,

    /// <summary>True whatever the remaining inputs are.</summary>
    True = 1,
}

/// <summary>A complete input (packed) and the network's output on it, for evaluating formulas.</summary>
public sealed class Assignment
{
    /// <summary>Creates an assignment with room for <paramref name="inputCount"/> inputs and <paramref name="outputCount"/> outputs.</summary>
    public Assignment(int inputCount, int outputCount)
    {
        InputBits = new ulong[PackedBits.WordsFor(inputCount)];
        Scores = new int[outputCount];
        OutputBits = new ulong[PackedBits.WordsFor(outputCount)];
    }

    /// <summary>The inputs, packed (bit i = input i).</summary>
    public ulong[] InputBits { get; }

    /// <summary>The winning class (argmax models).</summary>
    public int Class { get; set; }

    /// <summary>The class scores (argmax models).</summary>
    public int[] Scores { get; }

    /// <summary>The output bits (bit-output models), packed.</summary>
    public ulong[] OutputBits { get; }

    /// <summary>Copies the result of an evaluation out of an engine workspace.</summary>
    public void SetOutput(EvaluationWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        Class = workspace.Class;
        workspace.Scores.CopyTo(Scores, 0);
        if (workspace.Class < 0)
            workspace.OutputBits.CopyTo(OutputBits);
    }
}

/// <summary>A constant.</summary>
public sealed class ConstantFormula : Formula
{
    internal ConstantFormula(bool value)
        : base(1) => Value = value;

    /// <summary>The constant's value.</summary>
    public bool Value { get; }

    /// <inheritdoc/>
    public override bool Evaluate(Assignment assignment) => Value;

    /// <inheritdoc/>
    public override Truth EvaluatePartially(ReadOnlySpan<sbyte> inputs) => Value ? Truth.True : Truth.False;

    /// <inheritdoc/>
    public override bool MentionsOutput => false;

    /// <inheritdoc/>
    public override void CollectInputs(List<int> order, HashSet<int> seen)
    {
    }
}

/// <summary>Input <see cref="Index"/> is true.</summary>
public sealed class InputFormula : Formula
{
    internal InputFormula(int index)
        : base(1) => Index = index;

    /// <summary>The model input's index.</summary>
    public int Index { get; }

    /// <inheritdoc/>
    public override bool Evaluate(Assignment assignment) => PackedBits.Get(assignment.InputBits, Index);

    /// <inheritdoc/>
    public override Truth EvaluatePartially(ReadOnlySpan<sbyte> inputs) => (Truth)inputs[Index];

    /// <inheritdoc/>
    public override bool MentionsOutput => false;

    /// <inheritdoc/>
    public override void CollectInputs(List<int> order, HashSet<int> seen)
    {
        if (seen.Add(Index))
            order.Add(Index);
    }
}

/// <summary>Output bit <see cref="Index"/> of a bit-output model is true.</summary>
public sealed class OutputBitFormula : Formula
{
    internal OutputBitFormula(int index)
        : base(1) => Index = index;

    /// <summary>The output bit's index.</summary>
    public int Index { get; }

    /// <inheritdoc/>
    public override bool Evaluate(Assignment assignment) => PackedBits.Get(assignment.OutputBits, Index);

    /// <inheritdoc/>
    public override Truth EvaluatePartially(ReadOnlySpan<sbyte> inputs) => Truth.Unknown;

    /// <inheritdoc/>
    public override bool MentionsOutput => true;

    /// <inheritdoc/>
    public override void CollectInputs(List<int> order, HashSet<int> seen)
    {
    }
}

/// <summary>The argmax model's winning class is <see cref="ClassIndex"/>.</summary>
public sealed class ClassIsFormula : Formula
{
    internal ClassIsFormula(int classIndex)
        : base(1) => ClassIndex = classIndex;

    /// <summary>The class index.</summary>
    public int ClassIndex { get; }

    /// <inheritdoc/>
    public override bool Evaluate(Assignment assignment) => assignment.Class == ClassIndex;

    /// <inheritdoc/>
    public override Truth EvaluatePartially(ReadOnlySpan<sbyte> inputs) => Truth.Unknown;

    /// <inheritdoc/>
    public override bool MentionsOutput => true;

    /// <inheritdoc/>
    public override void CollectInputs(List<int> order, HashSet<int> seen)
    {
    }
}

/// <summary>Negation.</summary>
public sealed class NotFormula : Formula
{
    internal NotFormula(Formula operand)
        : base(operand.Depth + 1) => Operand = operand;

    /// <summary>The negated formula.</summary>
    public Formula Operand { get; }

    /// <inheritdoc/>
    public override bool Evaluate(Assignment assignment) => !Operand.Evaluate(assignment);

    /// <inheritdoc/>
    public override Truth EvaluatePartially(ReadOnlySpan<sbyte> inputs) => Operand.EvaluatePartially(inputs) switch
    {
        Truth.True => Truth.False,
        Truth.False => Truth.True,
        _ => Truth.Unknown,
    };

    /// <inheritdoc/>
    public override bool MentionsOutput => Operand.MentionsOutput;

    /// <inheritdoc/>
    public override void CollectInputs(List<int> order, HashSet<int> seen) => Operand.CollectInputs(order, seen);
}

/// <summary>Conjunction (<see cref="IsConjunction"/>) or disjunction of two or more operands.</summary>
public sealed class JunctionFormula : Formula
{
    internal JunctionFormula(bool isConjunction, ImmutableArray<Formula> operands)
        : base(1 + MaxDepth(operands))
    {
        IsConjunction = isConjunction;
        Operands = operands;
        MentionsOutput = operands.Any(o => o.MentionsOutput);
    }

    private static int MaxDepth(ImmutableArray<Formula> operands)
    {
        int deepest = 0;
        foreach (var operand in operands)
            deepest = Math.Max(deepest, operand.Depth);
        return deepest;
    }

    /// <summary>True for "and", false for "or".</summary>
    public bool IsConjunction { get; }

    /// <summary>The operands.</summary>
    public ImmutableArray<Formula> Operands { get; }

    /// <inheritdoc/>
    public override bool Evaluate(Assignment assignment)
    {
        foreach (var operand in Operands)
        {
            if (operand.Evaluate(assignment) != IsConjunction)
                return !IsConjunction;
        }
        return IsConjunction;
    }

    /// <inheritdoc/>
    public override Truth EvaluatePartially(ReadOnlySpan<sbyte> inputs)
    {
        // "and": any false decides; "or": any true decides. Otherwise unknown if any operand is.
        var decisive = IsConjunction ? Truth.False : Truth.True;
        bool unknown = false;
        foreach (var operand in Operands)
        {
            var value = operand.EvaluatePartially(inputs);
            if (value == decisive)
                return decisive;
            unknown |= value == Truth.Unknown;
        }
        return unknown ? Truth.Unknown : (IsConjunction ? Truth.True : Truth.False);
    }

    /// <inheritdoc/>
    public override bool MentionsOutput { get; }

    /// <inheritdoc/>
    public override void CollectInputs(List<int> order, HashSet<int> seen)
    {
        foreach (var operand in Operands)
            operand.CollectInputs(order, seen);
    }
}

/// <summary>Exclusive or of two operands (iff is its negation).</summary>
public sealed class XorFormula : Formula
{
    internal XorFormula(Formula left, Formula right)
        : base(1 + Math.Max(left.Depth, right.Depth))
    {
        Left = left;
        Right = right;
    }

    /// <summary>The left operand.</summary>
    public Formula Left { get; }

    /// <summary>The right operand.</summary>
    public Formula Right { get; }

    /// <inheritdoc/>
    public override bool Evaluate(Assignment assignment) => Left.Evaluate(assignment) != Right.Evaluate(assignment);

    /// <inheritdoc/>
    public override Truth EvaluatePartially(ReadOnlySpan<sbyte> inputs)
    {
        var left = Left.EvaluatePartially(inputs);
        if (left == Truth.Unknown)
            return Truth.Unknown;
        var right = Right.EvaluatePartially(inputs);
        if (right == Truth.Unknown)
            return Truth.Unknown;
        return left != right ? Truth.True : Truth.False;
    }

    /// <inheritdoc/>
    public override bool MentionsOutput => Left.MentionsOutput || Right.MentionsOutput;

    /// <inheritdoc/>
    public override void CollectInputs(List<int> order, HashSet<int> seen)
    {
        Left.CollectInputs(order, seen);
        Right.CollectInputs(order, seen);
    }
}

/// <summary>How a linear sum is compared with zero.</summary>
public enum Comparison
{
    /// <summary>sum ≥ 0.</summary>
    AtLeastZero,

    /// <summary>sum = 0.</summary>
    EqualsZero,

    /// <summary>sum ≠ 0.</summary>
    NotZero,
}

/// <summary>
/// A comparison of a linear integer sum with 0: Σ cₖ·termₖ + constant (≥ | = | ≠) 0, where a term is
/// the indicator of a formula (1 when true) or a class score. Counts, at-least/at-most/exactly,
/// Hamming distances and score comparisons all become this.
/// </summary>
public sealed class ComparisonFormula : Formula
{
    internal ComparisonFormula(LinearSum sum, Comparison comparison)
        : base(1 + IndicatorDepth(sum))
    {
        Sum = sum;
        Comparison = comparison;
    }

    private static int IndicatorDepth(LinearSum sum)
    {
        int deepest = 0;
        foreach (var term in sum.Terms)
            deepest = Math.Max(deepest, term.Indicator?.Depth ?? 0);
        return deepest;
    }

    /// <summary>The sum compared with 0.</summary>
    public LinearSum Sum { get; }

    /// <summary>The comparison.</summary>
    public Comparison Comparison { get; }

    /// <inheritdoc/>
    public override bool Evaluate(Assignment assignment)
    {
        long value = Sum.Evaluate(assignment);
        return Comparison switch
        {
            Comparison.AtLeastZero => value >= 0,
            Comparison.EqualsZero => value == 0,
            _ => value != 0,
        };
    }

    /// <inheritdoc/>
    public override Truth EvaluatePartially(ReadOnlySpan<sbyte> inputs)
    {
        var (low, high, known) = Sum.Bounds(inputs);
        if (!known)
            return Truth.Unknown;
        return Comparison switch
        {
            Comparison.AtLeastZero => low >= 0 ? Truth.True : (high < 0 ? Truth.False : Truth.Unknown),
            Comparison.EqualsZero => low == 0 && high == 0 ? Truth.True : (low > 0 || high < 0 ? Truth.False : Truth.Unknown),
            _ => low > 0 || high < 0 ? Truth.True : (low == 0 && high == 0 ? Truth.False : Truth.Unknown),
        };
    }

    /// <inheritdoc/>
    public override bool MentionsOutput => Sum.MentionsOutput;

    /// <inheritdoc/>
    public override void CollectInputs(List<int> order, HashSet<int> seen)
    {
        foreach (var term in Sum.Terms)
            term.Indicator?.CollectInputs(order, seen);
    }
}

/// <summary>One term of a <see cref="LinearSum"/>: coefficient × (indicator of a formula, or a class score).</summary>
/// <param name="Coefficient">The integer coefficient.</param>
/// <param name="Indicator">The formula whose truth counts 1, or null for a score term.</param>
/// <param name="ScoreClass">The class whose score this is, or −1 for an indicator term.</param>
public readonly record struct LinearTerm(long Coefficient, Formula? Indicator, int ScoreClass);

/// <summary>Σ cₖ·termₖ + constant, over indicators of formulas and class scores.</summary>
public sealed class LinearSum
{
    /// <summary>Creates a sum.</summary>
    public LinearSum(ImmutableArray<LinearTerm> terms, long constant)
    {
        Terms = terms;
        Constant = constant;
    }

    /// <summary>The terms (coefficients are never 0).</summary>
    public ImmutableArray<LinearTerm> Terms { get; }

    /// <summary>The constant part.</summary>
    public long Constant { get; }

    /// <summary>True when no term remains: the sum is the constant.</summary>
    public bool IsConstant => Terms.IsEmpty;

    /// <summary>True when a term is a score or an indicator over outputs.</summary>
    public bool MentionsOutput => Terms.Any(t => t.Indicator is null || t.Indicator.MentionsOutput);

    /// <summary>The sum's value.</summary>
    public long Evaluate(Assignment assignment)
    {
        long total = Constant;
        foreach (var term in Terms)
        {
            if (term.Indicator is { } indicator)
            {
                if (indicator.Evaluate(assignment))
                    total += term.Coefficient;
            }
            else
            {
                total += term.Coefficient * assignment.Scores[term.ScoreClass];
            }
        }
        return total;
    }

    /// <summary>Bounds of the sum under a partial input assignment; <c>known</c> is false when a score term makes it unbounded here.</summary>
    public (long Low, long High, bool Known) Bounds(ReadOnlySpan<sbyte> inputs)
    {
        long low = Constant, high = Constant;
        foreach (var term in Terms)
        {
            if (term.Indicator is null)
                return (0, 0, false);
            switch (term.Indicator.EvaluatePartially(inputs))
            {
                case Truth.True:
                    low += term.Coefficient;
                    high += term.Coefficient;
                    break;
                case Truth.Unknown:
                    low += Math.Min(0, term.Coefficient);
                    high += Math.Max(0, term.Coefficient);
                    break;
            }
        }
        return (low, high, true);
    }

    /// <summary>This sum plus <paramref name="other"/> times <paramref name="factor"/>.</summary>
    public LinearSum Add(LinearSum other, long factor)
    {
        ArgumentNullException.ThrowIfNull(other);
        var terms = Terms.ToBuilder();
        foreach (var term in other.Terms)
            terms.Add(term with { Coefficient = checked(term.Coefficient * factor) });
        return new LinearSum(terms.ToImmutable(), checked(Constant + other.Constant * factor));
    }

    /// <summary>This sum times <paramref name="factor"/>.</summary>
    public LinearSum Scale(long factor) =>
        factor == 0
            ? new LinearSum([], 0)
            : new LinearSum([.. Terms.Select(t => t with { Coefficient = checked(t.Coefficient * factor) })], checked(Constant * factor));
}
