using System.Diagnostics;

namespace BnnVerify.Bnn.Training;

/// <summary>
/// The network being trained: dense layers with latent weights, each hidden layer followed by batch
/// norm and sign, and an output head. For an argmax model the head is a score layer whose logits are
/// α·(Σ wᵢhᵢ + cₖ), with one learned scale α = exp(ρ) &gt; 0 shared by all classes and a real offset cₖ
/// per class: because α is shared, argmax of the logits is argmax of the integer scores Σ wᵢhᵢ + cₖ,
/// and the exported model keeps that with offsets round(cₖ). For named output bits the last layer is a
/// sign layer like the hidden ones, and its batch-normalised value is the bit's logit.
/// </summary>
/// <remarks>All buffers are allocated once for the largest mini-batch; a training step allocates nothing.</remarks>
internal sealed class TrainingNetwork
{
    private readonly double[][] _activations; // _activations[l]: the ±1 (or hard-tanh) input of layer l
    private readonly double[][] _sums;        // z of layer l
    private readonly double[][] _normalised;  // u = BN(z) of layer l (sign layers only)
    private readonly double[][] _sumGradients;
    private readonly double[][] _activationGradients;
    private readonly double[] _logits;
    private readonly double[] _logitGradients;

    public TrainingNetwork(int inputCount, IReadOnlyList<int> hidden, int outputCount, bool multiLabel,
        int firstLayerBits, int lastLayerBits, int maxBatch, double momentum, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        InputCount = inputCount;
        OutputCount = outputCount;
        IsMultiLabel = multiLabel;
        MaxBatch = maxBatch;
        int layerCount = hidden.Count + 1;
        Layers = new TrainableDenseLayer[layerCount];
        int signLayers = multiLabel ? layerCount : layerCount - 1;
        Norms = new TrainableBatchNorm[signLayers];
        _activations = new double[layerCount][];
        _sums = new double[layerCount][];
        _normalised = new double[signLayers][];
        _sumGradients = new double[layerCount][];
        _activationGradients = new double[layerCount][];
        int width = inputCount;
        var blocks = new List<ParameterBlock>();
        for (int l = 0; l < layerCount; l++)
        {
            int outputs = l < hidden.Count ? hidden[l] : outputCount;
            // The first layer's bits win for a model without hidden layers, whose only layer is both.
            int bits = l == 0 ? firstLayerBits : l == layerCount - 1 ? lastLayerBits : 1;
            Layers[l] = new TrainableDenseLayer(l, width, outputs, bits, random);
            blocks.Add(Layers[l].Weights);
            _activations[l] = new double[maxBatch * width];
            _activationGradients[l] = new double[maxBatch * width];
            _sums[l] = new double[maxBatch * outputs];
            _sumGradients[l] = new double[maxBatch * outputs];
            if (l < signLayers)
            {
                Norms[l] = new TrainableBatchNorm(l, outputs, maxBatch, momentum);
                _normalised[l] = new double[maxBatch * outputs];
                blocks.Add(Norms[l].Gamma);
                blocks.Add(Norms[l].Beta);
            }
            width = outputs;
        }
        if (!multiLabel)
        {
            int lastFanIn = Layers[^1].InputCount * Layers[^1].Levels;
            LogScale = new ParameterBlock("output.logScale", 1, clipToUnit: false);
            // Start with logits of about unit spread: random ±1 scores have standard deviation √fan-in.
            LogScale.Values[0] = -0.5 * Math.Log(lastFanIn);
            Offsets = new ParameterBlock("output.offsets", outputCount, clipToUnit: false);
            blocks.Add(LogScale);
            blocks.Add(Offsets);
        }
        Parameters = blocks;
        _logits = new double[maxBatch * outputCount];
        _logitGradients = new double[maxBatch * outputCount];
        ClassLabels = new int[maxBatch];
        BitLabels = new double[maxBatch * outputCount];
    }

    public int InputCount { get; }

    public int OutputCount { get; }

    public bool IsMultiLabel { get; }

    public int MaxBatch { get; }

    public TrainableDenseLayer[] Layers { get; }

    /// <summary>The batch norm after each sign layer (every hidden layer, and the last one for bit outputs).</summary>
    public TrainableBatchNorm[] Norms { get; }

    /// <summary>ρ with α = exp(ρ), argmax models only.</summary>
    public ParameterBlock? LogScale { get; }

    /// <summary>The real offsets cₖ, argmax models only.</summary>
    public ParameterBlock? Offsets { get; }

    /// <summary>Every trainable block, in a fixed order.</summary>
    public IReadOnlyList<ParameterBlock> Parameters { get; }

    /// <summary>The caller writes a mini-batch's ±1 inputs here, row-major.</summary>
    public double[] Input => _activations[0];

    /// <summary>The caller writes a mini-batch's class indices here (argmax models).</summary>
    public int[] ClassLabels { get; }

    /// <summary>The caller writes a mini-batch's 0/1 targets here, row-major (bit models).</summary>
    public double[] BitLabels { get; }

    /// <summary>The logits of the last forward pass, row-major.</summary>
    public ReadOnlySpan<double> Logits(int batch) => _logits.AsSpan(0, batch * OutputCount);

    /// <summary>
    /// The forward pass over the first <paramref name="batch"/> inputs. <paramref name="training"/> selects
    /// batch statistics (else running statistics); <paramref name="updateRunning"/> lets a training pass
    /// update the running statistics.
    /// </summary>
    public void Forward(int batch, ForwardMode mode, bool training, bool updateRunning)
    {
        Debug.Assert(batch >= 1 && batch <= MaxBatch);
        for (int l = 0; l < Layers.Length; l++)
        {
            var layer = Layers[l];
            layer.Quantize(mode);
            layer.Forward(_activations[l], batch, _sums[l]);
            if (l < Norms.Length)
            {
                Norms[l].Forward(_sums[l], batch, training, updateRunning, _normalised[l]);
                if (l + 1 < Layers.Length)
                {
                    double[] u = _normalised[l], a = _activations[l + 1];
                    int count = batch * layer.OutputCount;
                    for (int k = 0; k < count; k++)
                        a[k] = mode == ForwardMode.Binary ? (u[k] >= 0 ? 1.0 : -1.0) : Math.Clamp(u[k], -1.0, 1.0);
                }
            }
        }
        int outputs = batch * OutputCount;
        if (IsMultiLabel)
        {
            Array.Copy(_normalised[^1], _logits, outputs);
            return;
        }
        double scale = Math.Exp(LogScale!.Values[0]);
        double[] offsets = Offsets!.Values, scores = _sums[^1];
        for (int b = 0; b < batch; b++)
        {
            for (int k = 0; k < OutputCount; k++)
                _logits[b * OutputCount + k] = scale * (scores[b * OutputCount + k] + offsets[k]);
        }
    }

    /// <summary>
    /// One training-mode forward and backward pass: returns the mean loss over the batch (softmax cross-entropy,
    /// or sigmoid cross-entropy averaged over bits) and leaves every block's gradient set.
    /// </summary>
    public double ComputeGradients(int batch, ForwardMode mode, bool updateRunning)
    {
        Forward(batch, mode, training: true, updateRunning);
        double loss = IsMultiLabel
            ? SigmoidCrossEntropy.LossAndGradient(_logits, BitLabels, batch * OutputCount, _logitGradients)
            : SoftmaxCrossEntropy.LossAndGradient(_logits, ClassLabels, batch, OutputCount, _logitGradients);
        int last = Layers.Length - 1;
        double[] dzLast = _sumGradients[last];
        int outputs = batch * OutputCount;
        if (IsMultiLabel)
        {
            Norms[last].Backward(_logitGradients, batch, dzLast);
        }
        else
        {
            double scale = Math.Exp(LogScale!.Values[0]);
            double dLogScale = 0;
            double[] dOffsets = Offsets!.Gradients;
            Array.Clear(dOffsets);
            for (int b = 0; b < batch; b++)
            {
                for (int k = 0; k < OutputCount; k++)
                {
                    int index = b * OutputCount + k;
                    double g = _logitGradients[index];
                    dzLast[index] = scale * g;
                    dOffsets[k] += scale * g;
                    // ∂logit/∂ρ = logit, since logit = exp(ρ)·(score + c).
                    dLogScale += g * _logits[index];
                }
            }
            LogScale.Gradients[0] = dLogScale;
        }
        Debug.Assert(outputs <= dzLast.Length);
        for (int l = last; l >= 0; l--)
        {
            double[]? dx = l > 0 ? _activationGradients[l] : null;
            Layers[l].Backward(_activations[l], _sumGradients[l], batch, dx);
            if (l == 0)
                break;
            // Straight-through sign: pass ∂loss/∂a where |u| ≤ 1 (the hard-tanh window), else nothing.
            double[] u = _normalised[l - 1], du = _activationGradients[l];
            int count = batch * Layers[l - 1].OutputCount;
            for (int k = 0; k < count; k++)
            {
                if (Math.Abs(u[k]) > 1)
                    du[k] = 0;
            }
            Norms[l - 1].Backward(du, batch, _sumGradients[l - 1]);
        }
        return loss;
    }
}
