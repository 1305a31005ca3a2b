using System.Collections.Immutable;

namespace BnnVerify.Verifier.Contracts.Semantics;

/// <summary>Builds <see cref="Formula"/>s, folding constants and flattening nested and/or as it goes.</summary>
public static class Formulas
{
    /// <summary>The constant true.</summary>
    public static readonly Formula True = new ConstantFormula(true);

    /// <summary>The constant false.</summary>
    public static readonly Formula False = new ConstantFormula(false);

    /// <summary>The constant <paramref name="value"/>.</summary>
    public static Formula Constant(bool value) => value ? True : False;

    /// <summary>Input <paramref name="index"/> is true.</summary>
    public static Formula Input(int index) => new InputFormula(index);

    /// <summary>Output bit <paramref name="index"/> is true.</summary>
    public static Formula OutputBit(int index) => new OutputBitFormula(index);

    /// <summary>The winning class is <paramref name="classIndex"/>.</summary>
    public static Formula ClassIs(int classIndex) => new ClassIsFormula(classIndex);

    /// <summary>True when <paramref name="formula"/> is the constant <paramref name="value"/>.</summary>
    public static bool IsConstant(Formula formula, bool value) => formula is ConstantFormula c && c.Value == value;

    /// <summary>¬f.</summary>
    public static Formula Not(Formula formula) => formula switch
    {
        ConstantFormula c => Constant(!c.Value),
        NotFormula n => n.Operand,
        _ => new NotFormula(formula),
    };

    /// <summary>f₁ ∧ … ∧ fₙ.</summary>
    public static Formula And(IEnumerable<Formula> operands) => Junction(true, operands);

    /// <summary>f₁ ∨ … ∨ fₙ.</summary>
    public static Formula Or(IEnumerable<Formula> operands) => Junction(false, operands);

    /// <summary>a ∧ b.</summary>
    public static Formula And(Formula left, Formula right) => Junction(true, [left, right]);

    /// <summary>a ∨ b.</summary>
    public static Formula Or(Formula left, Formula right) => Junction(false, [left, right]);

    /// <summary>a ⊕ b.</summary>
    public static Formula Xor(Formula left, Formula right)
    {
        if (left is ConstantFormula l)
            return l.Value ? Not(right) : right;
        if (right is ConstantFormula r)
            return r.Value ? Not(left) : left;
        return new XorFormula(left, right);
    }

    /// <summary>a ⇔ b.</summary>
    public static Formula Iff(Formula left, Formula right) => Not(Xor(left, right));

    /// <summary><paramref name="sum"/> compared with 0; a constant sum folds to a constant.</summary>
    public static Formula Compare(LinearSum sum, Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(sum);
        var folded = Fold(sum);
        if (!folded.IsConstant)
            return new ComparisonFormula(folded, comparison);
        return Constant(comparison switch
        {
            Comparison.AtLeastZero => folded.Constant >= 0,
            Comparison.EqualsZero => folded.Constant == 0,
            _ => folded.Constant != 0,
        });
    }

    /// <summary>The sum with constant indicators moved into the constant and zero coefficients dropped.</summary>
    public static LinearSum Fold(LinearSum sum)
    {
        ArgumentNullException.ThrowIfNull(sum);
        long constant = sum.Constant;
        var terms = ImmutableArray.CreateBuilder<LinearTerm>();
        foreach (var term in sum.Terms)
        {
            if (term.Coefficient == 0)
                continue;
            if (term.Indicator is ConstantFormula c)
            {
                if (c.Value)
                    constant = checked(constant + term.Coefficient);
                continue;
            }
            terms.Add(term);
        }
        return new LinearSum(terms.ToImmutable(), constant);
    }

    /// <summary>The sum Σ indicator(fₖ), i.e. how many of the formulas are true.</summary>
    public static LinearSum Count(IEnumerable<Formula> formulas) =>
        Fold(new LinearSum([.. formulas.Select(f => new LinearTerm(1, f, -1))], 0));

    private static Formula Junction(bool isConjunction, IEnumerable<Formula> operands)
    {
        var flat = ImmutableArray.CreateBuilder<Formula>();
        foreach (var operand in operands)
        {
            if (operand is ConstantFormula c)
            {
                // true is neutral in "and" and decisive in "or"; false the other way round.
                if (c.Value != isConjunction)
                    return Constant(c.Value);
                continue;
            }
            if (operand is JunctionFormula j && j.IsConjunction == isConjunction)
                flat.AddRange(j.Operands);
            else
                flat.Add(operand);
        }
        return flat.Count switch
        {
            0 => Constant(isConjunction),
            1 => flat[0],
            _ => new JunctionFormula(isConjunction, flat.ToImmutable()),
        };
    }
}
