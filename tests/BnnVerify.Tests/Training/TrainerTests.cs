using System.Collections.Immutable;
using BnnVerify.Bnn.Data;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Bnn.Training;

namespace BnnVerify.Tests.Training;

public sealed class TrainerTests
{
    private static readonly TrainingOptions Small = new()
    {
        Hidden = [8],
        Epochs = 25,
        BatchSize = 8,
        LearningRate = 0.02,
        ValidationFraction = 0.25,
        ModelName = "tiny",
        CommandLine = "bnnverify train tiny.csv",
    };

    private static EncodedDataSet Levels() => TinyData.Encode(TinyData.ThresholdCsv(), new FeatureOptions { Targets = ["level"] });

    private static TrainingResult Train(EncodedDataSet data, TrainingOptions options)
    {
        var outcome = BnnTrainer.Train(data, options);
        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        return outcome.Result!;
    }

    [Fact]
    public void TrainingTwiceWithOneSeedGivesByteIdenticalModels()
    {
        var data = Levels();
        var first = Train(data, Small);
        var second = Train(data, Small);
        Assert.Equal(first.Json, second.Json);
        // The seed must matter, or the equality above would say nothing about determinism.
        var other = Train(data, Small with { Seed = 2 });
        Assert.NotEqual(first.Json, other.Json);
    }

    [Fact]
    public void TrainingLearnsTheSmallProblem()
    {
        var result = Train(Levels(), Small with { Epochs = 60, ValidationFraction = 0 });
        // Three classes by the count of ones: a 6-8-3 BNN separates them well; chance is about 1/2.
        Assert.True(result.TrainingAccuracy >= 0.9, $"training accuracy {result.TrainingAccuracy}");
        Assert.Null(result.ValidationAccuracy);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    public void TheSavedModelLoadedBackPredictsExactlyWhatTheTrainerReported(int firstBits, int lastBits)
    {
        using var scratch = new TinyData();
        var data = Levels();
        var result = Train(data, Small with { FirstLayerBits = firstBits, LastLayerBits = lastBits });
        string path = Path.Combine(scratch.Folder, "tiny.json");
        File.WriteAllText(path, result.Json);

        var read = ModelReader.ReadFile(path);
        Assert.True(read.Succeeded, read.Error?.ToString());
        var model = read.Model!;
        // Ternary weights are binary weights with pruned (0) connections; 3 bits and more need integer precision.
        Assert.Equal(firstBits <= 2 ? WeightPrecision.Binary : WeightPrecision.Integer, model.Layers[0].Precision);
        Assert.Equal(lastBits <= 2 ? WeightPrecision.Binary : WeightPrecision.Integer, model.Layers[^1].Precision);
        if (firstBits == 2)
            Assert.Contains(0, model.Layers[0].Weights);
        Assert.All(model.Layers.Take(model.Layers.Length - 1), layer => Assert.NotNull(layer.Raw?.BatchNorm));
        var network = PackedNetwork.Compile(model);
        int trainingCorrect = 0, validationCorrect = 0;
        for (int r = 0; r < data.RowCount; r++)
        {
            int predicted = network.Evaluate(data.Inputs(r)).Class;
            Assert.Equal(result.PredictedClasses[r], predicted);
            if (predicted == data.Class(r))
            {
                if (result.ValidationRows.Contains(r))
                    validationCorrect++;
                else
                    trainingCorrect++;
            }
        }
        Assert.Equal(result.TrainingCorrect, trainingCorrect);
        Assert.Equal(result.ValidationCorrect, validationCorrect);
        var recorded = model.Metadata!["training"]!;
        Assert.Equal(trainingCorrect, (int)recorded["trainingCorrect"]!);
        Assert.Equal(validationCorrect, (int)recorded["validationCorrect"]!);
        Assert.Equal(result.TrainingRows.Length, (int)recorded["trainingRows"]!);
        Assert.Equal("bnnverify train tiny.csv", (string)recorded["command"]!);
        Assert.Equal(1UL, (ulong)recorded["seed"]!);
        // The cost of rounding the score offsets: with no row's class changed, the real offsets score the same.
        int changed = (int)recorded["offsetRoundingChangedRows"]!;
        int withRealOffsets = (int)recorded["correctWithRealOffsets"]!;
        Assert.InRange(changed, 0, data.RowCount);
        Assert.InRange(Math.Abs(withRealOffsets - (trainingCorrect + validationCorrect)), 0, changed);
    }

    [Fact]
    public void AModelWithNamedOutputBitsPredictsWhatTheTrainerReported()
    {
        var data = TinyData.Encode(TinyData.TwoBitsCsv(), new FeatureOptions { Targets = ["both_ab", "any_cd"] });
        var result = Train(data, Small with { Hidden = [6], Epochs = 200, ValidationFraction = 0 });
        var model = ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(result.Json), "bits.json").Model!;
        Assert.Equal(["both_ab", "any_cd"], model.Output.Names.ToArray());
        Assert.IsType<BitsOutput>(model.Output);
        var network = PackedNetwork.Compile(model);
        int correct = 0;
        for (int r = 0; r < data.RowCount; r++)
        {
            var bits = network.Evaluate(data.Inputs(r)).Bits;
            Assert.Equal(result.PredictedBits.Skip(2 * r).Take(2), bits);
            if (bits[0] == data.Bits(r)[0] && bits[1] == data.Bits(r)[1])
                correct++;
        }
        Assert.Equal(result.TrainingCorrect, correct);
        // An AND and an OR of inputs are single threshold units: the model should get them all.
        Assert.Equal(16, correct);
    }

    [Fact]
    public void EarlyStoppingKeepsTheBestEpoch()
    {
        var reports = new List<EpochReport>();
        var result = BnnTrainer.Train(Levels(), Small with { Epochs = 200, Patience = 3 }, reports.Add).Result!;
        Assert.True(result.EpochsRun < 200, "patience 3 should stop well before 200 epochs");
        Assert.Equal(result.EpochsRun, reports.Count);
        var best = reports[result.BestEpoch - 1];
        Assert.True(best.IsBest);
        Assert.Equal(best.ValidationAccuracy, result.ValidationAccuracy);
        Assert.Equal(best.TrainingAccuracy, result.TrainingAccuracy);
        Assert.All(reports, r => Assert.True(r.ValidationAccuracy <= result.ValidationAccuracy));
    }

    [Fact]
    public void TheSplitIsStratifiedDisjointAndDeterministic()
    {
        var data = Levels();
        var (training, validation) = DataSplit.Split(data, 0.25, new SeededRandom(5));
        var again = DataSplit.Split(data, 0.25, new SeededRandom(5));
        Assert.Equal(training.ToArray(), again.Training.ToArray());
        Assert.Equal(validation.ToArray(), again.Validation.ToArray());
        Assert.Equal(Enumerable.Range(0, data.RowCount), training.Concat(validation).Order());
        for (int c = 0; c < data.OutputCount; c++)
        {
            int members = Enumerable.Range(0, data.RowCount).Count(r => data.Class(r) == c);
            int held = validation.Count(r => data.Class(r) == c);
            Assert.Equal((int)Math.Round(0.25 * members, MidpointRounding.AwayFromZero), held);
        }
        var otherSeed = DataSplit.Split(data, 0.25, new SeededRandom(6));
        Assert.NotEqual(validation.ToArray(), otherSeed.Validation.ToArray());
    }

    [Fact]
    public void OptionsOutOfRangeAreDiagnostics()
    {
        var data = Levels();
        Assert.Equal(DataDiagnosticIds.BadTrainingOption, BnnTrainer.Train(data, Small with { Epochs = 0 }).Error!.Id);
        Assert.Equal(DataDiagnosticIds.BadTrainingOption, BnnTrainer.Train(data, Small with { ValidationFraction = 1 }).Error!.Id);
        Assert.Equal(DataDiagnosticIds.BadTrainingOption, BnnTrainer.Train(data, Small with { Hidden = [0] }).Error!.Id);
        Assert.Equal(DataDiagnosticIds.BadTrainingOption, BnnTrainer.Train(data, Small with { FirstLayerBits = 9 }).Error!.Id);
        Assert.Equal(DataDiagnosticIds.SplitTooSmall, BnnTrainer.Train(data, Small with { ValidationFraction = 0.001 }).Error!.Id);
    }

    [Fact]
    public void ASeedFixesTheRandomStream()
    {
        var a = new SeededRandom(123);
        var b = new SeededRandom(123);
        var values = ImmutableArray.CreateRange(Enumerable.Range(0, 8).Select(_ => a.NextUInt64()));
        Assert.Equal(values, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()));
        // xoshiro256** seeded by SplitMix64(0), computed by an independent implementation of the published
        // algorithms; a change of generator would silently change every bundled model.
        var c = new SeededRandom(0);
        Assert.Equal(0x99EC5F36CB75F2B4UL, c.NextUInt64());
    }
}
