using System.Collections.Immutable;

namespace BnnVerify.Bnn.Training;

/// <summary>How to train: architecture, schedule, split and provenance. Defaults are documented in docs/training.md.</summary>
public sealed record TrainingOptions
{
    /// <summary>Hidden layer widths, from the input side; empty for a single (output) layer.</summary>
    public ImmutableArray<int> Hidden { get; init; } = [32];

    /// <summary>The most epochs to train (fewer with early stopping).</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Rows per mini-batch; the rows of an epoch are split into ⌊n / size⌋ near-equal batches, so none is tiny.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The optimizer's step size at the first epoch.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>The step size at the last epoch, reached along a cosine curve; equal to <see cref="LearningRate"/> for a constant rate.</summary>
    public double FinalLearningRate { get; init; } = 0.0005;

    /// <summary>Adam or AdaMax.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Fixes the weight initialisation, the split and the batch order.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The fraction of rows held out for validation, in [0, 1); 0 trains on everything.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Stop after this many epochs without a better monitored accuracy; null never stops early. The best model is kept either way.</summary>
    public int? Patience { get; init; }

    /// <summary>Bits of the first layer's weights: 1 is binary (±1), k ≥ 2 gives integers in [−(2^(k−1)−1), 2^(k−1)−1].</summary>
    public int FirstLayerBits { get; init; } = 1;

    /// <summary>Bits of the last layer's weights, as for <see cref="FirstLayerBits"/>.</summary>
    public int LastLayerBits { get; init; } = 1;

    /// <summary>The weight of each mini-batch in the running batch-norm statistics.</summary>
    public double BatchNormMomentum { get; init; } = 0.1;

    /// <summary>The model's name.</summary>
    public string ModelName { get; init; } = "model";

    /// <summary>The command line that asked for this training, recorded in the model's metadata; null records none.</summary>
    public string? CommandLine { get; init; }

    /// <summary>The largest width of a layer and the most bits a layer may ask for.</summary>
    public const int MaxWidth = 4096;

    /// <summary>The most bits per weight: 2^(k−1)−1 must stay within the model format's integer weights.</summary>
    public const int MaxBits = 8;
}
