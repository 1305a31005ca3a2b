using System.Collections.Immutable;
using System.Globalization;
using BnnVerify.Bnn.Model;
using BnnVerify.Bnn.Numerics;

namespace BnnVerify.Bnn.Import;

/// <summary>The raw parameters of one neuron's batch norm as a framework stored them (doubles holding float32 or float64 values).</summary>
internal readonly record struct RawBatchNorm(double Gamma, double Beta, double Mean, double Variance, double Epsilon)
{
    /// <summary>The same parameters as exact rationals (ε from its decimal text, as the framework documents it).</summary>
    public NeuronBatchNorm Exact(Rational epsilon) =>
        new(ExactBinary.ToRational(Gamma), ExactBinary.ToRational(Beta), ExactBinary.ToRational(Mean), ExactBinary.ToRational(Variance), epsilon);
}

/// <summary>Shared steps of the importers: binarized weights, thresholds decided in the framework's arithmetic and cross-checked exactly, exact integer scores.</summary>
internal static class LayerImport
{
    /// <summary>sign(W) as the framework takes it: +1, −1, and 0 (numpy's sign(0), a pruned connection) for an exact zero.</summary>
    public static ImmutableArray<int> SignWeights(ReadOnlySpan<double> latent)
    {
        var weights = new int[latent.Length];
        for (int i = 0; i < weights.Length; i++)
            weights[i] = Math.Sign(latent[i]);
        return ImmutableArray.Create(weights);
    }

    /// <summary>Σ|w| of every row of a row-major matrix.</summary>
    public static int[] Reaches(ImmutableArray<int> weights, int columns)
    {
        var reaches = new int[weights.Length / columns];
        for (int j = 0; j < reaches.Length; j++)
            reaches[j] = DenseLayer.ReachOf(weights.AsSpan().Slice(j * columns, columns));
        return reaches;
    }

    /// <summary>
    /// The threshold that reproduces <paramref name="fires"/> over the values <paramref name="first"/>,
    /// <paramref name="first"/> + <paramref name="step"/>, …, <paramref name="last"/>: "≥ T" when the true values
    /// are the top ones, "≤ T" when they are the bottom ones, a constant when all agree; null when they are
    /// neither (not monotone), which no batch norm produces.
    /// </summary>
    public static NeuronThreshold? ThresholdOf(int first, int last, int step, Func<int, bool> fires, int gammaSign)
    {
        int count = (last - first) / step + 1;
        var bits = new bool[count];
        int trues = 0;
        for (int k = 0; k < count; k++)
        {
            bits[k] = fires(first + k * step);
            trues += bits[k] ? 1 : 0;
        }
        if (trues == 0)
            return gammaSign < 0 ? NeuronThreshold.AtMost(first - 1) : NeuronThreshold.AtLeast(last + 1);
        if (trues == count)
            return gammaSign < 0 ? NeuronThreshold.AtMost(last) : NeuronThreshold.AtLeast(first);
        var candidate = gammaSign < 0
            ? NeuronThreshold.AtMost(first + (trues - 1) * step)
            : NeuronThreshold.AtLeast(first + (count - trues) * step);
        for (int k = 0; k < count; k++)
        {
            if (candidate.Fires(first + k * step) != bits[k])
                return null;
        }
        return candidate;
    }

    /// <summary>Whether two thresholds agree on every value <paramref name="first"/>, + step, …, <paramref name="last"/>.</summary>
    public static bool Agree(NeuronThreshold a, NeuronThreshold b, int first, int last, int step)
    {
        for (int v = first; v <= last; v += step)
        {
            if (a.Fires(v) != b.Fires(v))
                return false;
        }
        return true;
    }

    /// <summary>"0.5" for a double: the shortest text that reads back as the same value.</summary>
    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
