namespace BnnVerify.Bnn.Model;

/// <summary>Which side of its bound a neuron's pre-activation must lie on for the neuron to be true (+1).</summary>
public enum ThresholdDirection
{
    /// <summary>True iff Σ wᵢxᵢ ≥ bound (the batch-norm scale is positive).</summary>
    AtLeast,

    /// <summary>True iff Σ wᵢxᵢ ≤ bound (the batch-norm scale is negative).</summary>
    AtMost,
}

/// <summary>A folded binarized neuron: true iff its integer pre-activation Σ wᵢxᵢ is on the right side of <see cref="Bound"/>.</summary>
/// <param name="Direction">Which side makes the neuron true.</param>
/// <param name="Bound">The integer threshold; it may lie outside the reachable range, making the neuron constant.</param>
public readonly record struct NeuronThreshold(ThresholdDirection Direction, int Bound)
{
    /// <summary>A neuron true iff Σ wᵢxᵢ ≥ <paramref name="bound"/>.</summary>
    public static NeuronThreshold AtLeast(int bound) => new(ThresholdDirection.AtLeast, bound);

    /// <summary>A neuron true iff Σ wᵢxᵢ ≤ <paramref name="bound"/>.</summary>
    public static NeuronThreshold AtMost(int bound) => new(ThresholdDirection.AtMost, bound);

    /// <summary>Whether the neuron is true for pre-activation <paramref name="sum"/>.</summary>
    public bool Fires(int sum) => Direction == ThresholdDirection.AtLeast ? sum >= Bound : sum <= Bound;

    /// <summary><c>≥ 3</c> or <c>≤ -1</c>.</summary>
    public override string ToString() =>
        (Direction == ThresholdDirection.AtLeast ? ">= " : "<= ") + Bound.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
