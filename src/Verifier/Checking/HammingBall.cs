using System.Collections.Immutable;
using System.Numerics;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Checking;

/// <summary>
/// A precondition that is a Hamming ball (or shell) with fixed bits: one count of input literals whose allowed totals
/// form a range (<c>hamming(img) &lt;= r</c>, <c>atmost</c>, …), and unit literals (<c>px_0_0</c>, <c>!px_0_1</c>) that fix
/// inputs. A literal of the count says "this input differs from the center", so the center is read off the
/// literals' polarities; a fixed input takes its fixed value and leaves the free bits, shifting the distance by one
/// when that value is the off-center one.
/// </summary>
/// <param name="Center">The center, one value per input (fixed inputs at their value).</param>
/// <param name="FreeBits">The inputs counted and not fixed, ascending.</param>
/// <param name="MinDistance">The fewest free bits that may differ from the center.</param>
/// <param name="MaxDistance">The most (at most the number of free bits).</param>
/// <param name="Inputs">The inputs the precondition mentions (all of them when matched over the whole model).</param>
internal sealed record HammingBall(ImmutableArray<bool> Center, ImmutableArray<int> FreeBits, int MinDistance, int MaxDistance, ImmutableArray<int> Inputs)
{
    /// <summary>
    /// The ball the precondition describes, or null when it is not of that shape or admits no input. With
    /// <paramref name="coverAll"/>, every input must be counted or fixed (an input left free would double the scope
    /// rather than belong to the ball); otherwise only the inputs the precondition mentions are considered.
    /// </summary>
    public static HammingBall? Match(Formula precondition, int inputCount, bool coverAll)
    {
        var conjuncts = new List<Formula>();
        Flatten(precondition, conjuncts);
        InputCount? count = null;
        var fixedValue = new sbyte[inputCount];
        Array.Fill(fixedValue, (sbyte)-1);
        foreach (var conjunct in conjuncts)
        {
            switch (conjunct)
            {
                case ConstantFormula { Value: true }:
                    continue;
                case InputFormula input:
                    if (!Fix(fixedValue, input.Index, true))
                        return null;
                    continue;
                case NotFormula { Operand: InputFormula negated }:
                    if (!Fix(fixedValue, negated.Index, false))
                        return null;
                    continue;
            }
            if (count is not null || InputCount.Match(conjunct) is not { } matched)
                return null;
            count = matched;
        }
        if (count is null)
            return null;

        var center = new bool[inputCount];
        var counted = new bool[inputCount];
        var free = new List<int>();
        int offset = 0;
        foreach (var literal in count.Literals)
        {
            int input = literal.Variable;
            counted[input] = true;
            // The literal is true where the input differs from the center: ¬x means the center has x.
            center[input] = literal.IsNegative;
            if (fixedValue[input] < 0)
                free.Add(input);
            else if ((fixedValue[input] == 1) != center[input])
                offset++;
        }
        var mentioned = new List<int>();
        for (int i = 0; i < inputCount; i++)
        {
            if (fixedValue[i] >= 0)
                center[i] = fixedValue[i] == 1;
            if (counted[i] || fixedValue[i] >= 0)
                mentioned.Add(i);
            else if (coverAll)
                return null;
        }
        // The allowed distances of the free bits: d with count.Allows(d + offset), which must be one range.
        int low = -1, high = -1;
        for (int d = 0; d <= free.Count; d++)
        {
            if (!count.Allows(d + offset))
                continue;
            if (low < 0)
                low = d;
            else if (high != d - 1)
                return null;
            high = d;
        }
        if (low < 0)
            return null;
        free.Sort();
        return new HammingBall([.. center], [.. free], low, high, [.. mentioned]);
    }

    /// <summary>Σ C(free, d) over the allowed distances: the number of inputs in the ball (over <see cref="Inputs"/>).</summary>
    public BigInteger Size
    {
        get
        {
            BigInteger total = BigInteger.Zero, binomial = BigInteger.One;
            int n = FreeBits.Length;
            for (int d = 0; d <= MaxDistance; d++)
            {
                if (d >= MinDistance)
                    total += binomial;
                binomial = binomial * (n - d) / (d + 1);
            }
            return total;
        }
    }

    private static bool Fix(sbyte[] fixedValue, int input, bool value)
    {
        sbyte wanted = (sbyte)(value ? 1 : 0);
        if (fixedValue[input] >= 0 && fixedValue[input] != wanted)
            return false;
        fixedValue[input] = wanted;
        return true;
    }

    private static void Flatten(Formula formula, List<Formula> conjuncts)
    {
        if (formula is JunctionFormula { IsConjunction: true } and)
        {
            foreach (var operand in and.Operands)
                Flatten(operand, conjuncts);
        }
        else
        {
            conjuncts.Add(formula);
        }
    }
}
