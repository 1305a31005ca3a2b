using BnnVerify.Bnn.Model;

namespace BnnVerify.Bench;

/// <summary>
/// The baseline the packed engine is measured against: the same network as a plain scalar loop over
/// int weights and ±1 int activations (one multiply-add per weight), as one would first write it.
/// </summary>
public sealed class ScalarEvaluator
{
    private readonly BnnModel _model;
    private readonly int[][] _buffers;

    public ScalarEvaluator(BnnModel model)
    {
        _model = model;
        _buffers = [.. model.Layers.Select(l => new int[l.NeuronCount])];
    }

    /// <summary>The winning class for ±1 inputs.</summary>
    public int Classify(int[] input)
    {
        int[] x = input;
        for (int l = 0; l < _model.Layers.Length; l++)
        {
            var layer = _model.Layers[l];
            var weights = layer.Weights.AsSpan();
            var output = _buffers[l];
            for (int j = 0; j < layer.NeuronCount; j++)
            {
                int sum = 0;
                var row = weights.Slice(j * layer.InputCount, layer.InputCount);
                for (int i = 0; i < row.Length; i++)
                    sum += row[i] * x[i];
                output[j] = layer.IsScoreLayer ? sum + layer.ScoreOffsets[j] : (layer.Thresholds[j].Fires(sum) ? 1 : -1);
            }
            x = output;
        }
        int best = 0;
        for (int j = 1; j < x.Length; j++)
        {
            if (x[j] > x[best])
                best = j;
        }
        return best;
    }
}
