using System.Diagnostics;

namespace BnnVerify.Bnn.Training;

/// <summary>
/// A fully connected layer with latent real weights in [−1, 1]. The forward pass uses their
/// quantisation: sign(w) for 1-bit weights (sign(0) = +1), round(w·L) with L = 2^(bits−1) − 1 for
/// k-bit weights. Backward passes the gradient straight through the quantiser (∂q/∂w = 1, or L),
/// which is the exact derivative of the relaxed forward pass q = w (or w·L) while |w| ≤ 1.
/// </summary>
internal sealed class TrainableDenseLayer
{
    public TrainableDenseLayer(int index, int inputCount, int outputCount, int bits, SeededRandom random)
    {
        Debug.Assert(bits >= 1);
        InputCount = inputCount;
        OutputCount = outputCount;
        Bits = bits;
        Levels = bits == 1 ? 1 : (1 << (bits - 1)) - 1;
        Weights = new ParameterBlock($"layer{index}.weights", inputCount * outputCount, clipToUnit: true);
        Quantized = new double[inputCount * outputCount];
        _transposed = new double[inputCount * outputCount];
        // Binary weights: Glorot's uniform range; only the signs matter to the forward pass, drawn evenly,
        // and small latent values let early updates flip them. k-bit weights: all of [−1, 1], so that the
        // rounding starts spread over every level instead of all at 0.
        double range = bits == 1 ? Math.Sqrt(6.0 / (inputCount + outputCount)) : 1.0;
        for (int k = 0; k < Weights.Values.Length; k++)
            Weights.Values[k] = (2 * random.NextDouble() - 1) * range;
    }

    // The quantised weights input-major (input i, output j at i·OutputCount + j), for the forward pass.
    private readonly double[] _transposed;

    public int InputCount { get; }

    public int OutputCount { get; }

    /// <summary>1 for binary weights, k ≥ 2 for integer weights in [−L, L].</summary>
    public int Bits { get; }

    /// <summary>L: the largest integer weight (1 for binary).</summary>
    public int Levels { get; }

    public ParameterBlock Weights { get; }

    /// <summary>The weights the forward pass used, row-major (output j, input i at j·InputCount + i).</summary>
    public double[] Quantized { get; }

    /// <summary>The exported integer weight for latent weight <paramref name="latent"/>.</summary>
    public int QuantizedWeight(double latent) =>
        Bits == 1 ? (latent >= 0 ? 1 : -1) : (int)Math.Round(latent * Levels, MidpointRounding.AwayFromZero);

    public void Quantize(ForwardMode mode)
    {
        double[] latent = Weights.Values;
        int n = InputCount, m = OutputCount;
        for (int j = 0; j < m; j++)
        {
            for (int i = 0; i < n; i++)
            {
                int k = j * n + i;
                double q = mode == ForwardMode.Binary ? QuantizedWeight(latent[k]) : latent[k] * Levels;
                Quantized[k] = q;
                _transposed[i * m + j] = q;
            }
        }
    }

    /// <summary>z[b, j] = Σᵢ q[j, i]·x[b, i] for the first <paramref name="batch"/> rows.</summary>
    public void Forward(double[] x, int batch, double[] z)
    {
        int n = InputCount, m = OutputCount;
        Array.Clear(z, 0, batch * m);
        for (int b = 0; b < batch; b++)
        {
            // Row b of z accumulates x[b, i] times row i of the transposed weights: element-wise updates
            // only, so the vectorised sum is the same on every machine.
            var row = z.AsSpan(b * m, m);
            for (int i = 0; i < n; i++)
            {
                double xi = x[b * n + i];
                if (xi != 0)
                    DenseKernels.Axpy(xi, _transposed.AsSpan(i * m, m), row);
            }
        }
    }

    /// <summary>
    /// Sets the latent weights' gradients from ∂loss/∂z and, unless <paramref name="dx"/> is null (the first
    /// layer), writes ∂loss/∂x.
    /// </summary>
    public void Backward(double[] x, double[] dz, int batch, double[]? dx)
    {
        int n = InputCount, m = OutputCount;
        double[] grad = Weights.Gradients;
        Array.Clear(grad);
        if (dx is not null)
            Array.Clear(dx, 0, batch * n);
        for (int b = 0; b < batch; b++)
        {
            int xRow = b * n;
            for (int j = 0; j < m; j++)
            {
                double g = dz[b * m + j];
                // Straight-through sign activations zero most of these; skipping them is the main saving.
                if (g == 0)
                    continue;
                int wRow = j * n;
                DenseKernels.Axpy(g, x.AsSpan(xRow, n), grad.AsSpan(wRow, n));
                if (dx is not null)
                    DenseKernels.Axpy(g, Quantized.AsSpan(wRow, n), dx.AsSpan(xRow, n));
            }
        }
        double[] latent = Weights.Values;
        for (int k = 0; k < grad.Length; k++)
        {
            // ∂q/∂w of the relaxed quantiser; zero outside [−1, 1], which clipping never leaves.
            grad[k] = Math.Abs(latent[k]) <= 1 ? grad[k] * Levels : 0;
        }
    }
}
