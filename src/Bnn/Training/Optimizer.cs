namespace BnnVerify.Bnn.Training;

/// <summary>
/// Adam or AdaMax over a fixed list of parameter blocks, with the usual constants β₁ = 0.9,
/// β₂ = 0.999, ε = 1e-8. Latent weights are clipped to [−1, 1] after every update, as in
/// Courbariaux et al. (2016): beyond ±1 a latent weight would only delay its sign flips.
/// </summary>
internal sealed class Optimizer(OptimizerKind kind, IReadOnlyList<ParameterBlock> blocks)
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;
    private int _step;

    public void Step(double learningRate)
    {
        _step++;
        double correction1 = 1 - Math.Pow(Beta1, _step);
        double correction2 = 1 - Math.Pow(Beta2, _step);
        foreach (var block in blocks)
        {
            double[] values = block.Values, gradients = block.Gradients, m = block.FirstMoment, v = block.SecondMoment;
            for (int i = 0; i < values.Length; i++)
            {
                double g = gradients[i];
                m[i] = Beta1 * m[i] + (1 - Beta1) * g;
                double update;
                if (kind == OptimizerKind.Adam)
                {
                    v[i] = Beta2 * v[i] + (1 - Beta2) * g * g;
                    update = learningRate * (m[i] / correction1) / (Math.Sqrt(v[i] / correction2) + Epsilon);
                }
                else
                {
                    v[i] = Math.Max(Beta2 * v[i], Math.Abs(g));
                    update = learningRate / correction1 * m[i] / (v[i] + Epsilon);
                }
                double value = values[i] - update;
                values[i] = block.ClipToUnit ? Math.Clamp(value, -1.0, 1.0) : value;
            }
        }
    }
}
