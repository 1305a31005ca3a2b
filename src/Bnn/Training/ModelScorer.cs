using BnnVerify.Bnn.Data;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Bnn.Training;

/// <summary>
/// Scores a model the way its users will see it: written with <see cref="ModelWriter"/>, read back with
/// <see cref="ModelReader"/> (which folds the batch norm exactly) and run on the reference engine
/// <see cref="PackedNetwork"/>. Every accuracy the trainer reports comes from here, so a saved model
/// predicts exactly what was reported.
/// </summary>
public sealed class ModelScorer
{
    private readonly EncodedDataSet _data;
    private readonly ulong[] _packed;
    private readonly int _words;

    /// <summary>Packs the rows of <paramref name="data"/> once, for scoring many models on them.</summary>
    public ModelScorer(EncodedDataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _data = data;
        _words = PackedBits.WordsFor(data.InputCount);
        _packed = new ulong[data.RowCount * _words];
        for (int r = 0; r < data.RowCount; r++)
            PackedBits.Pack(data.Inputs(r), _packed.AsSpan(r * _words, _words));
    }

    /// <summary>The model as saved and loaded again; a model the reader rejects is a bug in the exporter.</summary>
    public static (BnnModel Loaded, string Json) RoundTrip(BnnModel model)
    {
        string json = ModelWriter.Write(model);
        var read = ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(json), model.Name + ".json");
        return read.Model is { } loaded
            ? (loaded, json)
            : throw new InvalidOperationException("the trainer exported a model its own reader rejects: " + read.Error);
    }

    /// <summary>
    /// Runs <paramref name="model"/> on every row; returns the predicted class per row (argmax models) or
    /// the predicted bits row-major (bit models), the other array empty.
    /// </summary>
    public (int[] Classes, bool[] Bits) Predict(BnnModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var network = PackedNetwork.Compile(model);
        if (network.InputCount != _data.InputCount || network.OutputCount != _data.OutputCount || network.IsArgmax == _data.IsMultiLabel)
            throw new ArgumentException("the model does not fit the data set's inputs and outputs", nameof(model));
        var workspace = network.CreateWorkspace();
        int rows = _data.RowCount, outputs = _data.OutputCount;
        var classes = network.IsArgmax ? new int[rows] : [];
        var bits = network.IsArgmax ? [] : new bool[rows * outputs];
        for (int r = 0; r < rows; r++)
        {
            network.Evaluate(_packed.AsSpan(r * _words, _words), workspace);
            if (network.IsArgmax)
            {
                classes[r] = workspace.Class;
            }
            else
            {
                for (int k = 0; k < outputs; k++)
                    bits[r * outputs + k] = PackedBits.Get(workspace.OutputBits, k);
            }
        }
        return (classes, bits);
    }

    /// <summary>
    /// The integer scores of an argmax model for every row, row-major (<c>row * classes + k</c>), from the reference engine.
    /// </summary>
    public int[] Scores(BnnModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var network = PackedNetwork.Compile(model);
        if (!network.IsArgmax || network.InputCount != _data.InputCount)
            throw new ArgumentException("scores need an argmax model over the data set's inputs", nameof(model));
        var workspace = network.CreateWorkspace();
        int classes = network.OutputCount;
        var scores = new int[_data.RowCount * classes];
        for (int r = 0; r < _data.RowCount; r++)
        {
            network.Evaluate(_packed.AsSpan(r * _words, _words), workspace);
            workspace.Scores.AsSpan(0, classes).CopyTo(scores.AsSpan(r * classes, classes));
        }
        return scores;
    }

    /// <summary>
    /// How many of <paramref name="rows"/> are predicted right: the class matches, or (bit models) every bit matches.
    /// </summary>
    public int CountCorrect(ReadOnlySpan<int> rows, int[] classes, bool[] bits)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(bits);
        int correct = 0;
        int outputs = _data.OutputCount;
        foreach (int r in rows)
        {
            if (!_data.IsMultiLabel)
            {
                if (classes[r] == _data.Class(r))
                    correct++;
                continue;
            }
            var expected = _data.Bits(r);
            bool all = true;
            for (int k = 0; k < outputs && all; k++)
                all = bits[r * outputs + k] == expected[k];
            if (all)
                correct++;
        }
        return correct;
    }
}
