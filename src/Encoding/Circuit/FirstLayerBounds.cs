namespace BnnVerify.Encoding.Circuit;

/// <summary>
/// Interval reasoning for the first layer under <see cref="InputCountLimit"/>s: a neuron whose pre-activation cannot
/// reach its threshold (or cannot fall below it) anywhere the limits allow is a constant, so it is neither encoded
/// nor seen by a solver. This is sound for a problem that asserts the limits: every solution satisfies them, and on
/// those inputs the neuron has that constant value. Deeper layers need nothing extra: the builder's constant
/// propagation already decides a neuron once its constant inputs settle it (interval reasoning with [0, 1] per bit).
/// </summary>
internal static class FirstLayerBounds
{
    /// <summary>
    /// Bounds of Σ wᵢ·x̂ᵢ (x̂ = ±1) over the inputs the limits allow, or null when they say nothing more than the
    /// constants do (no limit applies, or a limit is already exceeded by the constant inputs).
    /// </summary>
    public static (long Low, long High)? PreActivation(ReadOnlySpan<int> weights, IReadOnlyList<Bit> inputs, IReadOnlyList<InputCountLimit> limits)
    {
        (long Low, long High)? result = null;
        foreach (var limit in limits)
        {
            if (Bounds(weights, inputs, limit) is not { } bounds)
                continue;
            result = result is { } known ? (Math.Max(known.Low, bounds.Low), Math.Min(known.High, bounds.High)) : bounds;
        }
        return result;
    }

    private static (long Low, long High)? Bounds(ReadOnlySpan<int> weights, IReadOnlyList<Bit> inputs, InputCountLimit limit)
    {
        // For each input in the limit, the literal's polarity; inputs outside it range freely.
        var inLimit = new Dictionary<int, bool>(limit.Literals.Length);
        foreach (var literal in limit.Literals)
            inLimit[literal.Variable] = !literal.IsNegative;
        long center = 0, spread = 0;
        int budget = limit.AtMost;
        var gains = new List<long>();
        var losses = new List<long>();
        for (int i = 0; i < weights.Length; i++)
        {
            long w = weights[i];
            var bit = inputs[i];
            bool limited = inLimit.TryGetValue(i, out bool positive);
            if (bit.IsConstant)
            {
                center += bit.Value ? w : -w;
                // A constant input whose literal is true uses up one of the limit's true literals.
                if (limited && bit.Value == positive)
                    budget--;
                continue;
            }
            if (w == 0)
                continue;
            if (!limited)
            {
                spread += Math.Abs(w);
                continue;
            }
            // With the literal false the input is ¬positive and contributes c; making the literal true contributes −c.
            long c = positive ? -w : w;
            center += c;
            if (c < 0)
                gains.Add(-2 * c);
            else
                losses.Add(2 * c);
        }
        if (budget < 0)
            return null;
        return (center - spread - Largest(losses, budget), center + spread + Largest(gains, budget));
    }

    /// <summary>The sum of the <paramref name="count"/> largest values.</summary>
    private static long Largest(List<long> values, int count)
    {
        if (count >= values.Count)
            return values.Sum();
        values.Sort();
        long sum = 0;
        for (int i = values.Count - 1; i >= values.Count - count; i--)
            sum += values[i];
        return sum;
    }
}
