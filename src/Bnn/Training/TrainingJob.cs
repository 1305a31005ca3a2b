using BnnVerify.Bnn.Data;

namespace BnnVerify.Bnn.Training;

/// <summary>The one entry point of <c>bnnverify train</c>: read a CSV file, encode its columns, train.</summary>
public static class TrainingJob
{
    /// <summary>
    /// Reads <paramref name="dataPath"/> (CSV, optionally gzip-compressed), encodes it with
    /// <paramref name="features"/> and trains with <paramref name="options"/>. Mistakes in the file or the
    /// options come back as the outcome's diagnostic.
    /// </summary>
    public static TrainingOutcome Run(string dataPath, FeatureOptions features, TrainingOptions options, Action<EpochReport>? progress = null)
    {
        var read = FeatureEncoder.ReadFile(dataPath, features);
        return read.DataSet is null ? new(null, read.Error) : BnnTrainer.Train(read.DataSet, options, progress);
    }
}
