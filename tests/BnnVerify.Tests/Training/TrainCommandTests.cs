using BnnVerify.Bnn.Json;
using BnnVerify.Verifier.Cli;

namespace BnnVerify.Tests.Training;

public sealed class TrainCommandTests
{
    private static (ExitCode Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void TrainWritesALoadableModelAndPlainProgressLines()
    {
        using var scratch = new TinyData();
        string data = scratch.Write("levels.csv", TinyData.ThresholdCsv());
        string model = Path.Combine(scratch.Folder, "levels.json");
        var (code, output, error) = Run("train", data, "--target", "level", "--hidden", "8", "--epochs", "4", "--seed", "3", "--out", model);
        Assert.True(code == ExitCode.Success, error);
        Assert.Equal("", error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("epoch 1/4  loss ", lines[0], StringComparison.Ordinal);
        Assert.Contains("validation", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("kept epoch ", lines[4], StringComparison.Ordinal);
        Assert.StartsWith("wrote " + model + ": 6 inputs, 2 layers", lines[5], StringComparison.Ordinal);
        // Redirected output gets no carriage returns and no ANSI escape codes.
        Assert.DoesNotContain('\r', output);
        Assert.DoesNotContain('\u001b', output);

        var read = ModelReader.ReadFile(model);
        Assert.True(read.Succeeded, read.Error?.ToString());
        Assert.Equal("levels", read.Model!.Name);
        Assert.Equal(["high", "low", "mid"], read.Model.Output.Names.ToArray());
        var recorded = read.Model.Metadata!["training"]!;
        Assert.Equal($"bnnverify train {data} --target level --hidden 8 --epochs 4 --seed 3 --out {model}", (string)recorded["command"]!);
        Assert.Equal(3UL, (ulong)recorded["seed"]!);
        Assert.Equal(4, (int)recorded["epochs"]!);
    }

    [Fact]
    public void ABadCsvFileIsALocatedDiagnosticAndExitCodeTwo()
    {
        using var scratch = new TinyData();
        string data = scratch.Write("bad.csv", "a,b,t\n1,0,x\n1,y\n");
        var (code, output, error) = Run("train", data, "--target", "t", "--out", Path.Combine(scratch.Folder, "m.json"), "--quiet");
        Assert.Equal(ExitCode.InvalidInput, code);
        Assert.Equal("", output);
        Assert.StartsWith($"{data}(3,4): error BNN0602: ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(scratch.Folder, "m.json")));
    }

    [Fact]
    public void OptionMistakesAreDiagnostics()
    {
        using var scratch = new TinyData();
        string data = scratch.Write("levels.csv", TinyData.ThresholdCsv());
        string model = Path.Combine(scratch.Folder, "m.json");
        var badWidth = Run("train", data, "--target", "level", "--hidden", "8,x", "--out", model);
        Assert.Equal(ExitCode.InvalidInput, badWidth.Code);
        Assert.StartsWith("--hidden: error BNN0614: 'x' is not a layer width", badWidth.Error, StringComparison.Ordinal);
        var badRule = Run("train", data, "--target", "level", "--binarize", "x0=>1", "--out", model);
        Assert.StartsWith("--binarize(1,1): error BNN0612: ", badRule.Error, StringComparison.Ordinal);
        var unknownColumn = Run("train", data, "--target", "lvl", "--out", model);
        Assert.StartsWith("--target: error BNN0605: ", unknownColumn.Error, StringComparison.Ordinal);
        var missingTarget = Run("train", data, "--out", model);
        Assert.Equal(ExitCode.InvalidInput, missingTarget.Code);
        string nowhere = Path.Combine(scratch.Folder, "no-such-folder", "m.json");
        var unwritable = Run("train", data, "--target", "level", "--epochs", "1", "--quiet", "--out", nowhere);
        Assert.Equal(ExitCode.InvalidInput, unwritable.Code);
        Assert.StartsWith($"{nowhere}: error BNN0617: cannot write the model: no such directory", unwritable.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void NamedOutputBitsAndQuietOutput()
    {
        using var scratch = new TinyData();
        string data = scratch.Write("bits.csv", TinyData.TwoBitsCsv());
        string model = Path.Combine(scratch.Folder, "bits.json");
        var (code, output, error) = Run("train", data, "--target", "both_ab,any_cd", "--hidden", "none", "--validation", "0", "--epochs", "3", "--quiet", "--out", model);
        Assert.True(code == ExitCode.Success, error);
        Assert.StartsWith("kept epoch ", output, StringComparison.Ordinal);
        Assert.Contains("no validation split", output, StringComparison.Ordinal);
        var loaded = ModelReader.ReadFile(model).Model!;
        Assert.Single(loaded.Layers);
        Assert.Equal(["both_ab", "any_cd"], loaded.Output.Names.ToArray());
    }
}
