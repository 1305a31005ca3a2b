using BnnVerify.Bnn.Data;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Training;
using BnnVerify.Tests.Reference;

namespace BnnVerify.Tests.Training;

/// <summary>
/// The models in models/ against the data in data/ they were trained on (the features encoded as their
/// recorded commands say, see docs/models.md): the recorded scores are the models' real scores, and the
/// targets of the tic-tac-toe move and digits models hold.
/// </summary>
public sealed class BundledModelTests
{
    public static TheoryData<string, string, string> Models => new()
    {
        { "tictactoe-move", "data/tictactoe-move.csv", "move" },
        { "tictactoe-winner", "data/tictactoe-winner.csv", "player_line,opponent_line" },
        { "zoo", "data/zoo.csv", "type" },
        { "house-votes", "data/house-votes-84.csv", "party" },
        { "digits", "data/digits.csv.gz", "digit" },
        { "dna-splice", "data/dna-splice.csv", "class" },
    };

    private static FeatureOptions Features(string model, string targets) => model switch
    {
        "zoo" => new FeatureOptions { Targets = [targets], Ignored = ["animal"], Categorical = ["legs"] },
        "digits" => new FeatureOptions
        {
            Targets = [targets],
            ColumnNames = ColumnNamePattern.Expand("px_{0..7}_{0..7},digit", "--columns", out _),
            Binarize = [BinarizeRule.Parse("px*>=8", "--binarize", out _)!],
        },
        _ => new FeatureOptions { Targets = [.. targets.Split(',')] },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void TheRecordedScoresAreTheModelsScores(string name, string dataPath, string targets)
    {
        var read = ModelReader.ReadFile(RepositoryFiles.PathOf($"models/{name}.json"));
        Assert.True(read.Succeeded, read.Error?.ToString());
        var model = read.Model!;
        var encoded = FeatureEncoder.ReadFile(RepositoryFiles.PathOf(dataPath), Features(name, targets));
        Assert.True(encoded.Succeeded, encoded.Error?.ToString());
        var data = encoded.DataSet!;
        Assert.Equal(data.InputNames.ToArray(), model.InputNames.ToArray());
        Assert.Equal(data.OutputNames.ToArray(), model.Output.Names.ToArray());

        var recorded = model.Metadata!["training"]!;
        Assert.StartsWith($"bnnverify train {dataPath} ", (string)recorded["command"]!, StringComparison.Ordinal);
        Assert.Equal(dataPath, (string)recorded["data"]!);
        var scorer = new ModelScorer(data);
        var (classes, bits) = scorer.Predict(model);
        int correct = scorer.CountCorrect([.. Enumerable.Range(0, data.RowCount)], classes, bits);
        int validationCorrect = recorded["validationCorrect"] is { } v ? (int)v : 0;
        Assert.Equal((int)recorded["trainingCorrect"]! + validationCorrect, correct);

        if (name == "tictactoe-move")
        {
            // The target: agree with the rule-based player on at least 99% of the positions where it moves.
            Assert.Equal(2097, data.RowCount);
            Assert.True(correct >= 0.99 * data.RowCount, $"{correct} of {data.RowCount}");
        }
        if (name == "digits")
            Assert.True((double)recorded["validationAccuracy"]! >= 0.90);
    }
}
