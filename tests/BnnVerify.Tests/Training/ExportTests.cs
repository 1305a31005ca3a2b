using BnnVerify.Bnn.Data;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Training;

namespace BnnVerify.Tests.Training;

/// <summary>
/// The exported model is the binarized training network: running it on the reference engine gives the
/// same scores (argmax) or bits as the training network's own binary forward pass in evaluation mode.
/// </summary>
public sealed class ExportTests
{
    [Theory]
    [InlineData(false, 1, 1)]
    [InlineData(false, 2, 3)]
    [InlineData(true, 2, 1)]
    [InlineData(true, 1, 2)]
    public void TheExportedModelComputesTheBinaryForwardPass(bool multiLabel, int firstBits, int lastBits)
    {
        EncodedDataSet data = multiLabel
            ? TinyData.Encode(TinyData.TwoBitsCsv(), new FeatureOptions { Targets = ["both_ab", "any_cd"] })
            : TinyData.Encode(TinyData.ThresholdCsv(), new FeatureOptions { Targets = ["level"] });
        int rows = data.RowCount;
        var network = new TrainingNetwork(data.InputCount, [7, 5], data.OutputCount, multiLabel, firstBits, lastBits, rows, 0.3, new SeededRandom(9));
        // A few training steps move the batch norms' running statistics, γ and β away from their initial values.
        var optimizer = new Optimizer(OptimizerKind.Adam, network.Parameters);
        for (int step = 0; step < 30; step++)
        {
            Load(network, data);
            network.ComputeGradients(rows, ForwardMode.Binary, updateRunning: true);
            optimizer.Step(0.05);
        }
        Load(network, data);
        network.Forward(rows, ForwardMode.Binary, training: false, updateRunning: false);
        var logits = network.Logits(rows).ToArray();

        var model = ModelExporter.Export(network, "check", data.InputNames, data.OutputNames, null, null);
        var engine = PackedNetwork.Compile(ModelScorer.RoundTrip(model).Loaded);
        int k = data.OutputCount;
        for (int r = 0; r < rows; r++)
        {
            var output = engine.Evaluate(data.Inputs(r));
            for (int j = 0; j < k; j++)
            {
                if (multiLabel)
                {
                    Assert.Equal(logits[r * k + j] >= 0, output.Bits[j]);
                }
                else
                {
                    // logit = α·(score + c): the engine's score is the integer score plus round(c).
                    double scale = Math.Exp(network.LogScale!.Values[0]);
                    double score = logits[r * k + j] / scale - network.Offsets!.Values[j];
                    int offset = (int)Math.Round(network.Offsets.Values[j], MidpointRounding.AwayFromZero);
                    Assert.Equal(Math.Round(score), output.Scores[j] - offset);
                    Assert.True(Math.Abs(score - Math.Round(score)) < 1e-9);
                }
            }
        }
    }

    private static void Load(TrainingNetwork network, EncodedDataSet data)
    {
        for (int r = 0; r < data.RowCount; r++)
        {
            var inputs = data.Inputs(r);
            for (int i = 0; i < data.InputCount; i++)
                network.Input[r * data.InputCount + i] = inputs[i] ? 1 : -1;
            if (data.IsMultiLabel)
            {
                for (int j = 0; j < data.OutputCount; j++)
                    network.BitLabels[r * data.OutputCount + j] = data.Bits(r)[j] ? 1 : 0;
            }
            else
            {
                network.ClassLabels[r] = data.Class(r);
            }
        }
    }
}
