using BnnVerify.Bnn.Training;

namespace BnnVerify.Tests.Training;

/// <summary>
/// The straight-through estimator is the exact gradient of the relaxed network (weights w, activations
/// hard-tanh). These tests run backprop in relaxed mode and compare every parameter's gradient with
/// central finite differences of the same relaxed loss, away from the kinks of hard-tanh.
/// </summary>
public sealed class GradientCheckTests
{
    [Theory]
    [InlineData(false, 1, 1)]
    [InlineData(false, 3, 2)]
    [InlineData(true, 1, 1)]
    public void BackpropMatchesFiniteDifferencesOfTheRelaxedNetwork(bool multiLabel, int firstBits, int lastBits)
    {
        const int Batch = 6;
        var random = new SeededRandom(42);
        var network = new TrainingNetwork(inputCount: 5, hidden: [4, 3], outputCount: 3, multiLabel, firstBits, lastBits, maxBatch: Batch, momentum: 0.1, random);
        var data = new SeededRandom(7);
        for (int k = 0; k < Batch * 5; k++)
            network.Input[k] = data.NextInt(2) == 0 ? -1.0 : 1.0;
        for (int b = 0; b < Batch; b++)
            network.ClassLabels[b] = data.NextInt(3);
        for (int k = 0; k < Batch * 3; k++)
            network.BitLabels[k] = data.NextInt(2);
        // Non-trivial γ, β and offsets, so that their paths are exercised too.
        foreach (var block in network.Parameters)
        {
            if (block.Name.EndsWith(".gamma", StringComparison.Ordinal))
            {
                for (int i = 0; i < block.Values.Length; i++)
                    block.Values[i] = 0.6 + data.NextDouble();
            }
            else if (!block.Name.EndsWith(".weights", StringComparison.Ordinal))
            {
                for (int i = 0; i < block.Values.Length; i++)
                    block.Values[i] = data.NextDouble() - 0.5;
            }
        }

        network.ComputeGradients(Batch, ForwardMode.Relaxed, updateRunning: false);
        var analytic = network.Parameters.Select(p => (double[])p.Gradients.Clone()).ToList();
        const double H = 1e-6;
        int checkedCount = 0;
        for (int p = 0; p < network.Parameters.Count; p++)
        {
            var block = network.Parameters[p];
            for (int i = 0; i < block.Values.Length; i++)
            {
                double original = block.Values[i];
                block.Values[i] = original + H;
                double plus = network.ComputeGradients(Batch, ForwardMode.Relaxed, updateRunning: false);
                block.Values[i] = original - H;
                double minus = network.ComputeGradients(Batch, ForwardMode.Relaxed, updateRunning: false);
                block.Values[i] = original;
                double numeric = (plus - minus) / (2 * H);
                double expected = analytic[p][i];
                double tolerance = 1e-6 + 1e-4 * Math.Max(Math.Abs(numeric), Math.Abs(expected));
                Assert.True(Math.Abs(numeric - expected) <= tolerance,
                    $"{block.Name}[{i}]: backprop {expected:R}, finite difference {numeric:R}");
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 40);
        // A check that compares zeros with zeros proves nothing: most gradients must be non-zero.
        int nonZero = analytic.Sum(g => g.Count(v => Math.Abs(v) > 1e-9));
        Assert.True(nonZero > checkedCount / 2, $"only {nonZero} of {checkedCount} gradients are non-zero");
    }
}
