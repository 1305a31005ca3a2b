using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Backends;

/// <summary>One constraint <c>Output ⇔ (at least AtLeast of Literals are true)</c>, as a caller added it.</summary>
/// <param name="Literals">The counted literals; a repeated literal counts once per occurrence.</param>
/// <param name="AtLeast">The threshold; any value is allowed.</param>
/// <param name="Output">The literal equivalent to the threshold being reached.</param>
public sealed record ReifiedAtLeastConstraint(Lit[] Literals, int AtLeast, Lit Output)
{
    /// <summary>How many of <see cref="Literals"/> (with repetition) are true under <paramref name="assignment"/>.</summary>
    public int CountTrue(ReadOnlySpan<bool> assignment)
    {
        int count = 0;
        foreach (var lit in Literals)
        {
            if (lit.IsTrueUnder(assignment))
                count++;
        }
        return count;
    }

    /// <summary>Whether the equivalence holds under <paramref name="assignment"/> (indexed by variable).</summary>
    public bool HoldsUnder(ReadOnlySpan<bool> assignment) => Output.IsTrueUnder(assignment) == (CountTrue(assignment) >= AtLeast);
}
