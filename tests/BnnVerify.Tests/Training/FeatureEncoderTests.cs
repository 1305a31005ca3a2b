using System.IO.Compression;
using BnnVerify.Bnn.Data;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Tests.Training;

public sealed class FeatureEncoderTests
{
    private const string Animals =
        "animal,hair,legs,type\n" +
        "aardvark,1,4,mammal\n" +
        "chicken,0,2,bird\n" +
        "crab,0,8,mollusc.et.al\n" +
        "dolphin,1,0,mammal\n";

    private static Diagnostic EncodeError(string csv, FeatureOptions options)
    {
        var table = CsvReader.Read(csv, "data.csv");
        Assert.True(table.Succeeded, table.Error?.ToString());
        var result = FeatureEncoder.Encode(table.Table!, options);
        Assert.False(result.Succeeded, "expected a diagnostic");
        return result.Error!;
    }

    private static Diagnostic ReadError(string csv)
    {
        var table = CsvReader.Read(csv, "data.csv");
        Assert.False(table.Succeeded, "expected a diagnostic");
        return table.Error!;
    }

    [Fact]
    public void ACategoricalColumnBecomesOneInputPerValueInNumericOrder()
    {
        var data = TinyData.Encode(Animals, new FeatureOptions { Targets = ["type"], Ignored = ["animal"], Categorical = ["legs"] });
        Assert.Equal(["hair", "legs_0", "legs_2", "legs_4", "legs_8"], data.InputNames.ToArray());
        Assert.Equal([true, false, false, true, false], data.Inputs(0).ToArray());
        Assert.Equal([false, false, false, false, true], data.Inputs(2).ToArray());
        Assert.Equal([true, true, false, false, false], data.Inputs(3).ToArray());
    }

    [Fact]
    public void ClassNamesAreSanitisedValuesInOrdinalOrder()
    {
        var data = TinyData.Encode(Animals, new FeatureOptions { Targets = ["type"], Ignored = ["animal"], Categorical = ["legs"] });
        Assert.Equal(["bird", "mammal", "mollusc_et_al"], data.OutputNames.ToArray());
        Assert.Equal([1, 0, 2, 1], Enumerable.Range(0, 4).Select(data.Class));
        Assert.False(data.IsMultiLabel);
        Assert.Equal(FeatureKind.Ignored, data.Columns[0].Kind);
        Assert.Equal(FeatureKind.Categorical, data.Columns[2].Kind);
    }

    [Fact]
    public void NumericClassesArePrefixedWithTheTargetName()
    {
        var data = TinyData.Encode("x,digit\n1,10\n0,2\n1,0\n", new FeatureOptions { Targets = ["digit"] });
        Assert.Equal(["digit_0", "digit_2", "digit_10"], data.OutputNames.ToArray());
    }

    [Fact]
    public void UnknownVotesGetAnIndicatorAndLeaveTheVoteFalse()
    {
        const string Votes = "party,crime,budget\nrepublican,y,?\ndemocrat,n,y\ndemocrat,?,n\n";
        var data = TinyData.Encode(Votes, new FeatureOptions { Targets = ["party"] });
        Assert.Equal(["crime", "crime_unknown", "budget", "budget_unknown"], data.InputNames.ToArray());
        Assert.Equal([true, false, false, true], data.Inputs(0).ToArray());
        Assert.Equal([false, false, true, false], data.Inputs(1).ToArray());
        Assert.Equal([false, true, false, false], data.Inputs(2).ToArray());
    }

    [Fact]
    public void WithAllFalseUnknownVotesAddNoInput()
    {
        const string Votes = "party,crime,budget\nrepublican,y,?\ndemocrat,n,y\ndemocrat,?,n\n";
        var data = TinyData.Encode(Votes, new FeatureOptions { Targets = ["party"], Unknown = UnknownValueTreatment.AllFalse });
        Assert.Equal(["crime", "budget"], data.InputNames.ToArray());
        Assert.Equal([true, false], data.Inputs(0).ToArray());
        Assert.Equal([false, false], data.Inputs(2).ToArray());
    }

    [Fact]
    public void AnUnknownCategoryLeavesEveryIndicatorFalse()
    {
        var data = TinyData.Encode("colour,t\nred,y\n?,n\nblue,y\n", new FeatureOptions { Targets = ["t"] });
        Assert.Equal(["colour_blue", "colour_red", "colour_unknown"], data.InputNames.ToArray());
        Assert.Equal([false, false, true], data.Inputs(1).ToArray());
    }

    [Fact]
    public void ThresholdRulesBinariseNumericColumnsAndKeepTheirNames()
    {
        var rule = BinarizeRule.Parse("px*>=8", "--binarize", out var error);
        Assert.Null(error);
        var data = TinyData.Encode("px_0,px_1,other,d\n8,7,y,1\n16,0,n,2\n", new FeatureOptions { Targets = ["d"], Binarize = [rule!] });
        Assert.Equal(["px_0", "px_1", "other"], data.InputNames.ToArray());
        Assert.Equal([true, false, true], data.Inputs(0).ToArray());
        Assert.Equal([true, false, false], data.Inputs(1).ToArray());
        var strict = BinarizeRule.Parse("px_0>8", "--binarize", out _)!;
        Assert.False(strict.Apply(8));
        Assert.True(strict.Apply(8.5));
    }

    [Fact]
    public void ANumericColumnWithoutATreatmentIsADiagnosticAtItsHeader()
    {
        var error = EncodeError(Animals, new FeatureOptions { Targets = ["type"], Ignored = ["animal"] });
        Assert.Equal(DataDiagnosticIds.NumericColumnNeedsTreatment, error.Id);
        Assert.Equal(new SourceLocation("data.csv", 1, 13), error.Location);
        Assert.Contains("--categorical legs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARaggedRowIsADiagnosticAtItsLineAndColumn()
    {
        var error = ReadError("a,b,c\n1,0,1\n\n1,0\n");
        Assert.Equal(DataDiagnosticIds.RaggedRow, error.Id);
        Assert.Equal(4, error.Location.Line);
        Assert.StartsWith("data.csv(4,4): error BNN0602: this row has 2 fields but the header has 3", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(new SourceLocation("data.csv", 2, 5), ReadError("a,b\n1,0,extra\n").Location);
    }

    [Fact]
    public void QuotingMistakesAreLocated()
    {
        var unclosed = ReadError("a,b\n\"1,0\n");
        Assert.Equal(DataDiagnosticIds.BadQuoting, unclosed.Id);
        Assert.Equal(new SourceLocation("data.csv", 2, 1), unclosed.Location);
        var stray = ReadError("a,b\n1,x\"y\n");
        Assert.Equal(new SourceLocation("data.csv", 2, 4), stray.Location);
    }

    [Fact]
    public void QuotedFieldsAndCrLfLineEndsAreRead()
    {
        var table = CsvReader.Read("a,\"b, with comma\"\r\n\"x \"\"q\"\"\",2\r\n", "data.csv").Table!;
        Assert.Equal(["a", "b, with comma"], table.Header.ToArray());
        Assert.Equal("x \"q\"", table.Cell(0, 0));
        Assert.Equal("2", table.Cell(0, 1));
    }

    [Fact]
    public void MistakesInOptionsAndLabelsAreDiagnostics()
    {
        Assert.Equal(DataDiagnosticIds.UnknownColumn, EncodeError(Animals, new FeatureOptions { Targets = ["typo"] }).Id);
        var missing = EncodeError("x,t\n1,a\n0,b\n1,?\n", new FeatureOptions { Targets = ["t"] });
        Assert.Equal(DataDiagnosticIds.MissingTarget, missing.Id);
        Assert.Equal(new SourceLocation("data.csv", 4, 3), missing.Location);
        var notNumber = EncodeError("px,t\n1,a\nlots,b\n", new FeatureOptions { Targets = ["t"], Binarize = [BinarizeRule.Parse("px>=1", "--binarize", out _)!] });
        Assert.Equal(DataDiagnosticIds.NotANumber, notNumber.Id);
        Assert.Equal(new SourceLocation("data.csv", 3, 1), notNumber.Location);
        Assert.Equal(DataDiagnosticIds.TargetNotBoolean, EncodeError(Animals, new FeatureOptions { Targets = ["hair", "type"], Ignored = ["animal"], Categorical = ["legs"] }).Id);
        Assert.Equal(DataDiagnosticIds.NameClash, EncodeError("a b,a_b,t\n1,0,x\n0,1,y\n", new FeatureOptions { Targets = ["t"] }).Id);
        Assert.Equal(DataDiagnosticIds.NothingToLearn, EncodeError("x,t\n1,a\n0,a\n", new FeatureOptions { Targets = ["t"] }).Id);
        Assert.Null(BinarizeRule.Parse("px=>8", "--binarize", out var bad));
        Assert.Equal(DataDiagnosticIds.BadBinarizeRule, bad!.Id);
    }

    [Fact]
    public void SeveralBooleanTargetsBecomeNamedOutputBits()
    {
        var data = TinyData.Encode(TinyData.TwoBitsCsv(), new FeatureOptions { Targets = ["both_ab", "any_cd"] });
        Assert.True(data.IsMultiLabel);
        Assert.Equal(["both_ab", "any_cd"], data.OutputNames.ToArray());
        Assert.Equal(["a", "b", "c", "d"], data.InputNames.ToArray());
        Assert.Equal([true, true], data.Bits(15).ToArray());
        Assert.Equal([false, true], data.Bits(4).ToArray());
    }

    [Fact]
    public void AHeaderlessGzipFileIsReadWithGivenColumnNames()
    {
        using var scratch = new TinyData();
        string path = Path.Combine(scratch.Folder, "pixels.csv.gz");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        using (var writer = new StreamWriter(gzip))
            writer.Write("0,9,16,3,1\n12,0,0,7,0\n");
        var names = ColumnNamePattern.Expand("px_{0..1}_{0..1},digit", "--columns", out var error);
        Assert.Null(error);
        Assert.Equal(["px_0_0", "px_0_1", "px_1_0", "px_1_1", "digit"], names.ToArray());
        var result = FeatureEncoder.ReadFile(path, new FeatureOptions
        {
            ColumnNames = names,
            Targets = ["digit"],
            Binarize = [BinarizeRule.Parse("*>=8", "--binarize", out _)!],
        });
        Assert.True(result.Succeeded, result.Error?.ToString());
        var data = result.DataSet!;
        Assert.Equal(2, data.RowCount);
        Assert.Equal([false, true, true, false], data.Inputs(0).ToArray());
        Assert.Equal(["digit_0", "digit_1"], data.OutputNames.ToArray());
        Assert.Equal(1, data.Class(0));
        ColumnNamePattern.Expand("px_{0..}", "--columns", out var bad);
        Assert.Equal(new SourceLocation("--columns", 1, 4), bad!.Location);
    }

    [Fact]
    public void AMissingFileIsADiagnostic()
    {
        var result = CsvReader.ReadFile(Path.Combine(Path.GetTempPath(), "no-such-bnnverify-file.csv"));
        Assert.Equal(DataDiagnosticIds.FileUnreadable, result.Error!.Id);
        Assert.Contains("no such file", result.Error.Message, StringComparison.Ordinal);
    }
}
