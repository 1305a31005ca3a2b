namespace BnnVerify.Bnn.Training;

/// <summary>
/// Batch normalisation u = γ·(z − μ)/√(σ² + ε) + β per neuron. In training it normalises with the
/// mini-batch's mean and (biased) variance and folds them into running statistics
/// (running ← (1 − momentum)·running + momentum·batch, with the unbiased batch variance);
/// in evaluation and in the exported model it uses the running statistics.
/// </summary>
internal sealed class TrainableBatchNorm
{
    /// <summary>ε, an exact decimal so that the exported model states the value trained with.</summary>
    public const string EpsilonText = "0.00001";

    public const double Epsilon = 1e-5;

    private readonly double[] _batchMean;
    private readonly double[] _inverseStd;
    private readonly double[] _normalised;
    private readonly double[] _sumGradient;
    private readonly double[] _sumGradientTimesNormalised;

    public TrainableBatchNorm(int index, int width, int maxBatch, double momentum)
    {
        Width = width;
        Momentum = momentum;
        Gamma = new ParameterBlock($"layer{index}.gamma", width, clipToUnit: false);
        Beta = new ParameterBlock($"layer{index}.beta", width, clipToUnit: false);
        Array.Fill(Gamma.Values, 1.0);
        RunningMean = new double[width];
        RunningVariance = new double[width];
        Array.Fill(RunningVariance, 1.0);
        _batchMean = new double[width];
        _inverseStd = new double[width];
        _normalised = new double[maxBatch * width];
        _sumGradient = new double[width];
        _sumGradientTimesNormalised = new double[width];
    }

    public int Width { get; }

    public double Momentum { get; }

    public ParameterBlock Gamma { get; }

    public ParameterBlock Beta { get; }

    public double[] RunningMean { get; }

    public double[] RunningVariance { get; }

    public void Forward(double[] z, int batch, bool training, bool updateRunning, double[] u)
    {
        int w = Width;
        if (training)
        {
            Array.Clear(_batchMean);
            for (int b = 0; b < batch; b++)
            {
                for (int j = 0; j < w; j++)
                    _batchMean[j] += z[b * w + j];
            }
            for (int j = 0; j < w; j++)
                _batchMean[j] /= batch;
            // Two passes (mean, then squared deviations) keep the variance accurate when |μ| ≫ σ.
            Array.Clear(_inverseStd);
            for (int b = 0; b < batch; b++)
            {
                for (int j = 0; j < w; j++)
                {
                    double d = z[b * w + j] - _batchMean[j];
                    _inverseStd[j] += d * d;
                }
            }
            for (int j = 0; j < w; j++)
            {
                double variance = _inverseStd[j] / batch;
                _inverseStd[j] = 1.0 / Math.Sqrt(variance + Epsilon);
                if (updateRunning)
                {
                    double unbiased = batch > 1 ? variance * batch / (batch - 1) : variance;
                    RunningMean[j] = (1 - Momentum) * RunningMean[j] + Momentum * _batchMean[j];
                    RunningVariance[j] = (1 - Momentum) * RunningVariance[j] + Momentum * unbiased;
                }
            }
        }
        else
        {
            for (int j = 0; j < w; j++)
            {
                _batchMean[j] = RunningMean[j];
                _inverseStd[j] = 1.0 / Math.Sqrt(RunningVariance[j] + Epsilon);
            }
        }
        double[] gamma = Gamma.Values, beta = Beta.Values;
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < w; j++)
            {
                int k = b * w + j;
                double normalised = (z[k] - _batchMean[j]) * _inverseStd[j];
                _normalised[k] = normalised;
                u[k] = gamma[j] * normalised + beta[j];
            }
        }
    }

    /// <summary>
    /// From ∂loss/∂u of a training-mode forward pass, sets γ's and β's gradients and writes ∂loss/∂z,
    /// including the paths through the batch mean and variance.
    /// </summary>
    public void Backward(double[] du, int batch, double[] dz)
    {
        int w = Width;
        double[] gamma = Gamma.Values, dGamma = Gamma.Gradients, dBeta = Beta.Gradients;
        Array.Clear(dGamma);
        Array.Clear(dBeta);
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < w; j++)
            {
                int k = b * w + j;
                dGamma[j] += du[k] * _normalised[k];
                dBeta[j] += du[k];
            }
        }
        // With g = ∂loss/∂x̂ = γ·∂loss/∂u: ∂loss/∂z = (1/√(σ²+ε))·(g − mean(g) − x̂·mean(g·x̂)).
        for (int j = 0; j < w; j++)
        {
            _sumGradient[j] = gamma[j] * dBeta[j];
            _sumGradientTimesNormalised[j] = gamma[j] * dGamma[j];
        }
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < w; j++)
            {
                int k = b * w + j;
                double g = gamma[j] * du[k];
                dz[k] = _inverseStd[j] * (g - (_sumGradient[j] + _normalised[k] * _sumGradientTimesNormalised[j]) / batch);
            }
        }
    }
}
