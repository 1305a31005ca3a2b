using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using BnnVerify.Bnn.Data;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Bnn.Training;

/// <summary>The outcome of a training request: the result, or the diagnostic that says why there is none.</summary>
public sealed record TrainingOutcome(TrainingResult? Result, Diagnostic? Error)
{
    /// <summary>True when a model was trained.</summary>
    public bool Succeeded => Result is not null;
}

/// <summary>
/// Trains a BNN on an encoded data set: mini-batch Adam or AdaMax on latent weights with the
/// straight-through estimator, batch norm with running statistics, a cosine learning-rate schedule,
/// and after every epoch an exact score of the exported model; the best model is kept (early stopping
/// with patience). Single-threaded and deterministic: one seed fixes the whole run.
/// </summary>
public static class BnnTrainer
{
    // Independent streams for the three uses of randomness, so that changing one (say, the split)
    // leaves the others as they were.
    private const ulong SplitStream = 0x5EED_0001;
    private const ulong InitStream = 0x5EED_0002;
    private const ulong BatchStream = 0x5EED_0003;

    /// <summary>
    /// Trains on <paramref name="data"/>. <paramref name="progress"/>, if given, hears about every epoch
    /// on the calling thread. An option out of range or a split too small for the data is a diagnostic.
    /// </summary>
    public static TrainingOutcome Train(EncodedDataSet data, TrainingOptions options, Action<EpochReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (Check(options) is { } bad)
            return new(null, bad);
        var (training, validation) = DataSplit.Split(data, options.ValidationFraction, new SeededRandom(options.Seed ^ SplitStream));
        if (training.IsEmpty || (options.ValidationFraction > 0 && validation.IsEmpty))
        {
            return new(null, Diagnostic.Error(DataDiagnosticIds.SplitTooSmall, SourceLocation.OfFile("--validation"),
                string.Create(CultureInfo.InvariantCulture, $"a validation fraction of {options.ValidationFraction} leaves {training.Length} training and {validation.Length} validation rows of {data.RowCount}; use a different fraction, or 0 to train on everything")));
        }
        return new(Run(data, options, training, validation, progress), null);
    }

    private static TrainingResult Run(EncodedDataSet data, TrainingOptions options, ImmutableArray<int> training, ImmutableArray<int> validation, Action<EpochReport>? progress)
    {
        var clock = Stopwatch.StartNew();
        int rows = training.Length;
        int batches = Math.Max(1, rows / options.BatchSize);
        int maxBatch = (rows + batches - 1) / batches;
        var network = new TrainingNetwork(data.InputCount, options.Hidden, data.OutputCount, data.IsMultiLabel,
            options.FirstLayerBits, options.LastLayerBits, maxBatch, options.BatchNormMomentum, new SeededRandom(options.Seed ^ InitStream));
        var optimizer = new Optimizer(options.Optimizer, network.Parameters);
        var shuffler = new SeededRandom(options.Seed ^ BatchStream);
        var scorer = new ModelScorer(data);
        string description = Describe(data, options);
        var order = training.ToArray();

        BnnModel? best = null;
        int bestEpoch = 0, bestTrainingCorrect = -1, bestValidationCorrect = -1, sinceBest = 0, epoch = 0;
        int[] bestClasses = [];
        double[] bestOffsets = [];
        bool[] bestBits = [];
        while (epoch < options.Epochs)
        {
            epoch++;
            double learningRate = LearningRateAt(options, epoch);
            shuffler.Shuffle(order);
            double loss = 0;
            for (int k = 0; k < batches; k++)
            {
                int start = (int)((long)k * rows / batches), end = (int)((long)(k + 1) * rows / batches);
                LoadBatch(network, data, order.AsSpan(start, end - start));
                loss += network.ComputeGradients(end - start, ForwardMode.Binary, updateRunning: true);
                optimizer.Step(learningRate);
            }

            // The exported model itself, folded exactly as the loader folds it, is what gets scored; the kept one
            // is loaded back through the reader at the end and must predict the same.
            var exported = ModelExporter.Export(network, options.ModelName, data.InputNames, data.OutputNames, description, metadata: null);
            var (classes, bits) = scorer.Predict(exported);
            int trainingCorrect = scorer.CountCorrect(training.AsSpan(), classes, bits);
            int validationCorrect = scorer.CountCorrect(validation.AsSpan(), classes, bits);
            // Validation accuracy decides; training accuracy breaks ties (and decides alone without a split).
            bool isBest = best is null || validationCorrect > bestValidationCorrect
                || (validationCorrect == bestValidationCorrect && trainingCorrect > bestTrainingCorrect);
            if (isBest)
            {
                (best, bestEpoch, bestTrainingCorrect, bestValidationCorrect, bestClasses, bestBits) = (exported, epoch, trainingCorrect, validationCorrect, classes, bits);
                bestOffsets = network.Offsets is { } offsets ? (double[])offsets.Values.Clone() : [];
                sinceBest = 0;
            }
            else
            {
                sinceBest++;
            }
            progress?.Invoke(new EpochReport(epoch, options.Epochs, loss / batches, (double)trainingCorrect / training.Length,
                validation.IsEmpty ? null : (double)validationCorrect / validation.Length, isBest, clock.Elapsed));
            bool perfect = bestTrainingCorrect == training.Length && bestValidationCorrect == validation.Length;
            if (perfect || (options.Patience is int patience && sinceBest >= patience))
                break;
        }

        // The reported scores are those of the kept model as saved and loaded back, on the reference engine.
        var (reloaded, _) = ModelScorer.RoundTrip(best!);
        var (loadedClasses, loadedBits) = scorer.Predict(reloaded);
        if (!loadedClasses.AsSpan().SequenceEqual(bestClasses) || !loadedBits.AsSpan().SequenceEqual(bestBits))
            throw new InvalidOperationException("the model loaded back predicts differently from the model the trainer exported");
        int trainingScore = scorer.CountCorrect(training.AsSpan(), loadedClasses, loadedBits);
        int validationScore = scorer.CountCorrect(validation.AsSpan(), loadedClasses, loadedBits);
        var metadata = Metadata(data, options, training, validation, trainingScore, validationScore, bestEpoch, epoch);
        if (!data.IsMultiLabel)
            RecordOffsetRounding(metadata, data, scorer, reloaded, loadedClasses, bestOffsets);
        var final = new BnnModel(reloaded.Name, reloaded.InputNames, reloaded.Layers, reloaded.Output, reloaded.SignAtZero, reloaded.Description, metadata);
        var (model, json) = ModelScorer.RoundTrip(final);
        var (finalClasses, finalBits) = scorer.Predict(model);
        if (!finalClasses.AsSpan().SequenceEqual(loadedClasses) || !finalBits.AsSpan().SequenceEqual(loadedBits))
            throw new InvalidOperationException("adding metadata changed the model's predictions");
        return new TrainingResult
        {
            Model = model,
            Json = json,
            BestEpoch = bestEpoch,
            EpochsRun = epoch,
            TrainingRows = training,
            ValidationRows = validation,
            TrainingCorrect = trainingScore,
            ValidationCorrect = validationScore,
            PredictedClasses = [.. finalClasses],
            PredictedBits = [.. finalBits],
        };
    }

    /// <summary>
    /// Records what rounding the score offsets cost: on how many rows the kept model's class would differ
    /// with the trained real offsets cₖ in place of round(cₖ), and how many rows would then be right.
    /// </summary>
    private static void RecordOffsetRounding(JsonObject metadata, EncodedDataSet data, ModelScorer scorer, BnnModel model, int[] classes, double[] realOffsets)
    {
        int[] scores = scorer.Scores(model);
        var rounded = model.Layers[^1].ScoreOffsets;
        int k = data.OutputCount, changed = 0, correct = 0;
        for (int r = 0; r < data.RowCount; r++)
        {
            // argmax of score − round(c) + c, ties to the lowest index as in the model.
            int best = 0;
            double bestValue = double.NegativeInfinity;
            for (int j = 0; j < k; j++)
            {
                double value = scores[r * k + j] - rounded[j] + realOffsets[j];
                if (value > bestValue)
                {
                    best = j;
                    bestValue = value;
                }
            }
            if (best != classes[r])
                changed++;
            if (best == data.Class(r))
                correct++;
        }
        var node = metadata["training"]!.AsObject();
        node["offsetRoundingChangedRows"] = changed;
        node["correctWithRealOffsets"] = correct;
    }

    /// <summary>Cosine annealing from the initial to the final rate over the planned epochs.</summary>
    internal static double LearningRateAt(TrainingOptions options, int epoch)
    {
        if (options.Epochs <= 1)
            return options.LearningRate;
        double progress = (epoch - 1) / (double)(options.Epochs - 1);
        return options.FinalLearningRate + (options.LearningRate - options.FinalLearningRate) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    private static void LoadBatch(TrainingNetwork network, EncodedDataSet data, ReadOnlySpan<int> rows)
    {
        double[] input = network.Input;
        int n = data.InputCount, outputs = data.OutputCount;
        for (int b = 0; b < rows.Length; b++)
        {
            var values = data.Inputs(rows[b]);
            for (int i = 0; i < n; i++)
                input[b * n + i] = values[i] ? 1.0 : -1.0;
            if (data.IsMultiLabel)
            {
                var bits = data.Bits(rows[b]);
                for (int k = 0; k < outputs; k++)
                    network.BitLabels[b * outputs + k] = bits[k] ? 1.0 : 0.0;
            }
            else
            {
                network.ClassLabels[b] = data.Class(rows[b]);
            }
        }
    }

    private static Diagnostic? Check(TrainingOptions options)
    {
        static Diagnostic Bad(string option, string message) =>
            Diagnostic.Error(DataDiagnosticIds.BadTrainingOption, SourceLocation.OfFile(option), message);
        if (options.Hidden.IsDefault)
            return Bad("--hidden", "the hidden layer widths are missing; use an empty list for no hidden layer");
        foreach (int width in options.Hidden)
        {
            if (width < 1 || width > TrainingOptions.MaxWidth)
                return Bad("--hidden", $"a hidden layer width must be between 1 and {TrainingOptions.MaxWidth}, found {width}");
        }
        if (options.Epochs < 1)
            return Bad("--epochs", "train for at least one epoch");
        if (options.BatchSize < 1)
            return Bad("--batch-size", "a mini-batch needs at least one row");
        if (!(options.LearningRate > 0) || !double.IsFinite(options.LearningRate) || !(options.FinalLearningRate > 0) || !double.IsFinite(options.FinalLearningRate))
            return Bad("--learning-rate", "learning rates must be positive and finite");
        if (!(options.ValidationFraction >= 0 && options.ValidationFraction < 1))
            return Bad("--validation", "the validation fraction must lie in [0, 1); 0 trains on everything");
        if (options.Patience is < 1)
            return Bad("--patience", "patience must be at least one epoch");
        if (options.FirstLayerBits is < 1 or > TrainingOptions.MaxBits)
            return Bad("--first-layer-bits", $"weights have between 1 and {TrainingOptions.MaxBits} bits");
        if (options.LastLayerBits is < 1 or > TrainingOptions.MaxBits)
            return Bad("--last-layer-bits", $"weights have between 1 and {TrainingOptions.MaxBits} bits");
        if (!(options.BatchNormMomentum > 0 && options.BatchNormMomentum <= 1))
            return Bad("--bn-momentum", "the batch-norm momentum must lie in (0, 1]");
        if (string.IsNullOrEmpty(options.ModelName))
            return Bad("--name", "the model needs a name");
        return null;
    }

    private static string Describe(EncodedDataSet data, TrainingOptions options)
    {
        string shape = string.Join("-", [data.InputCount.ToString(CultureInfo.InvariantCulture), .. options.Hidden.Select(h => h.ToString(CultureInfo.InvariantCulture)),
            data.OutputCount.ToString(CultureInfo.InvariantCulture)]);
        string what = data.IsMultiLabel ? "output bits" : "classes";
        return $"A {shape} BNN trained by bnnverify train on {data.Source}: {data.InputCount} boolean inputs, {data.OutputCount} {what}.";
    }

    private static JsonObject Metadata(EncodedDataSet data, TrainingOptions options, ImmutableArray<int> training, ImmutableArray<int> validation,
        int trainingCorrect, int validationCorrect, int bestEpoch, int epochsRun)
    {
        // No date and no timing: a model file must be reproducible byte for byte from its command.
        var trainingNode = new JsonObject();
        if (options.CommandLine is not null)
            trainingNode["command"] = options.CommandLine;
        trainingNode["data"] = data.Source;
        trainingNode["rows"] = data.RowCount;
        trainingNode["seed"] = options.Seed;
        trainingNode["epochs"] = options.Epochs;
        trainingNode["epochsRun"] = epochsRun;
        trainingNode["bestEpoch"] = bestEpoch;
        trainingNode["trainingRows"] = training.Length;
        trainingNode["trainingCorrect"] = trainingCorrect;
        trainingNode["trainingAccuracy"] = Math.Round((double)trainingCorrect / training.Length, 6);
        trainingNode["validationRows"] = validation.Length;
        if (!validation.IsEmpty)
        {
            trainingNode["validationCorrect"] = validationCorrect;
            trainingNode["validationAccuracy"] = Math.Round((double)validationCorrect / validation.Length, 6);
        }
        trainingNode["accuracyMeaning"] = data.IsMultiLabel ? "rows with every output bit right" : "rows whose argmax class is right";
        return new JsonObject { ["training"] = trainingNode };
    }
}
