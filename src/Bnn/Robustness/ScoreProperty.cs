using System.Collections.Immutable;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Bnn.Robustness;

/// <summary>One linear condition on an argmax model's class scores: Σ_c a_c·score_c + d ≥ 0.</summary>
/// <param name="Coefficients">a_c, one per class.</param>
/// <param name="Constant">d.</param>
public sealed record ScoreConstraint(ImmutableArray<int> Coefficients, long Constant)
{
    /// <summary>Σ a_c·score_c + d for the given scores.</summary>
    public long Value(ReadOnlySpan<int> scores)
    {
        long value = Constant;
        for (int c = 0; c < Coefficients.Length; c++)
            value += (long)Coefficients[c] * scores[c];
        return value;
    }
}

/// <summary>
/// The property a ball search decides: every constraint holds (is ≥ 0). "The class stays L" is the conjunction over
/// the other classes c of score_L − score_c ≥ t_c, with t_c = 1 where a tie with c would not be won by L.
/// </summary>
public sealed class ScoreProperty
{
    /// <summary>A property made of the given constraints, each with one coefficient per class.</summary>
    public ScoreProperty(ImmutableArray<ScoreConstraint> constraints, int classCount)
    {
        if (constraints.IsDefaultOrEmpty)
            throw new ArgumentException("a property needs at least one constraint", nameof(constraints));
        foreach (var constraint in constraints)
        {
            if (constraint.Coefficients.Length != classCount)
                throw new ArgumentException($"every constraint needs {classCount} coefficients", nameof(constraints));
        }
        Constraints = constraints;
        ClassCount = classCount;
    }

    /// <summary>The constraints, all of which must hold.</summary>
    public ImmutableArray<ScoreConstraint> Constraints { get; }

    /// <summary>The number of classes the coefficients refer to.</summary>
    public int ClassCount { get; }

    /// <summary>The class <see cref="ClassStays"/> was built for, or −1.</summary>
    public int Label { get; private init; } = -1;

    /// <summary>
    /// "The winning class is <paramref name="label"/>": under the model's tie rule, or, with
    /// <paramref name="tieIsChange"/>, strictly (a class tied with the label counts as a change, as in the published
    /// MNIST instances).
    /// </summary>
    public static ScoreProperty ClassStays(BnnModel model, int label, bool tieIsChange)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Output is not ArgmaxOutput argmax)
            throw new ArgumentException("a class property needs an argmax model", nameof(model));
        int classes = argmax.Classes.Length;
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, classes);
        var constraints = ImmutableArray.CreateBuilder<ScoreConstraint>(classes - 1);
        for (int c = 0; c < classes; c++)
        {
            if (c == label)
                continue;
            bool labelWinsTie = argmax.TieBreak == TieBreak.LowestIndex ? label < c : label > c;
            var coefficients = new int[classes];
            coefficients[label] = 1;
            coefficients[c] = -1;
            constraints.Add(new ScoreConstraint([.. coefficients], tieIsChange || !labelWinsTie ? -1 : 0));
        }
        // A one-class model cannot change class: the empty conjunction is the constant "true", 0 ≥ 0.
        if (constraints.Count == 0)
            constraints.Add(new ScoreConstraint([.. new int[classes]], 0));
        return new ScoreProperty(constraints.ToImmutable(), classes) { Label = label };
    }

    /// <summary>Whether every constraint holds for <paramref name="scores"/>.</summary>
    public bool Holds(ReadOnlySpan<int> scores)
    {
        foreach (var constraint in Constraints)
        {
            if (constraint.Value(scores) < 0)
                return false;
        }
        return true;
    }
}
