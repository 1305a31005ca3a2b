using System.Collections.Immutable;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Bnn.Training;

/// <summary>
/// The outcome of training: the best model (with its metadata) and its exact scores, computed by loading
/// the model's JSON back and running the reference engine.
/// </summary>
public sealed record TrainingResult
{
    /// <summary>The kept model, as loaded back from <see cref="Json"/>.</summary>
    public required BnnModel Model { get; init; }

    /// <summary>The model file's text, byte for byte what should be saved.</summary>
    public required string Json { get; init; }

    /// <summary>The epoch whose model was kept (1-based).</summary>
    public required int BestEpoch { get; init; }

    /// <summary>How many epochs ran before the schedule ended or early stopping.</summary>
    public required int EpochsRun { get; init; }

    /// <summary>The rows trained on (indices into the data set, ascending).</summary>
    public required ImmutableArray<int> TrainingRows { get; init; }

    /// <summary>The rows held out for validation (ascending; empty without a split).</summary>
    public required ImmutableArray<int> ValidationRows { get; init; }

    /// <summary>Training rows the kept model predicts right.</summary>
    public required int TrainingCorrect { get; init; }

    /// <summary>Validation rows the kept model predicts right.</summary>
    public required int ValidationCorrect { get; init; }

    /// <summary>The kept model's class for every row of the data set (argmax models; else empty).</summary>
    public required ImmutableArray<int> PredictedClasses { get; init; }

    /// <summary>The kept model's output bits for every row, row-major (bit models; else empty).</summary>
    public required ImmutableArray<bool> PredictedBits { get; init; }

    /// <summary>Fraction of training rows predicted right.</summary>
    public double TrainingAccuracy => TrainingRows.IsEmpty ? 0 : (double)TrainingCorrect / TrainingRows.Length;

    /// <summary>Fraction of validation rows predicted right, or null without a split.</summary>
    public double? ValidationAccuracy => ValidationRows.IsEmpty ? null : (double)ValidationCorrect / ValidationRows.Length;
}
