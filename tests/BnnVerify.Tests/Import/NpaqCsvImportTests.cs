using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Import;
using BnnVerify.Bnn.Json;

namespace BnnVerify.Tests.Import;

/// <summary>
/// The NPAQ / BNNQuanalyst CSV importer on tests/fixtures/npaq (written by tests/reference/npaq_fixture.py):
/// both weight orientations, every one of the 512 inputs against the script's independent float64
/// evaluation (ties included), and one located diagnostic per kind of bad directory.
/// </summary>
public class NpaqCsvImportTests
{
    private const string Fixtures = "tests/fixtures/npaq";

    [Theory]
    [InlineData("tiny-neurons", WeightRows.Auto)]
    [InlineData("tiny-inputs", WeightRows.Auto)]
    [InlineData("tiny-neurons", WeightRows.Neurons)]
    [InlineData("tiny-inputs", WeightRows.Inputs)]
    public void Every_input_gets_the_class_of_the_independent_evaluation(string folder, WeightRows rows)
    {
        var result = NpaqCsvImporter.Import(Path.Combine(Fixtures, folder), new ImportOptions("tiny"), rows);
        Assert.True(result.Succeeded, result.Error?.ToString());
        // Through the file format too: what is written reads back as the same network.
        var reread = ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(ModelWriter.Write(result.Model!)), "tiny.json");
        Assert.True(reread.Succeeded, reread.Error?.ToString());
        foreach (var model in new[] { result.Model!, reread.Model! })
        {
            var network = PackedNetwork.Compile(model);
            var lines = File.ReadAllLines(Path.Combine(Fixtures, "tiny.expected"));
            Assert.Equal(512, lines.Length);
            foreach (var line in lines)
            {
                var bits = line[..9].Select(c => c == '1').ToArray();
                Assert.True(int.Parse(line[10..], System.Globalization.CultureInfo.InvariantCulture) == network.Evaluate(bits).Class, line);
            }
        }
    }

    [PythonNumpyFact]
    public void The_committed_fixture_is_what_its_generator_writes()
    {
        string folder = Path.Combine(Path.GetTempPath(), "bnnverify-npaq-" + Guid.NewGuid().ToString("N"));
        try
        {
            PythonNumpyFactAttribute.Run("tests/reference/npaq_fixture.py", folder);
            var expected = Directory.GetFiles(Fixtures, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Fixtures, f)).Order(StringComparer.Ordinal).ToList();
            var written = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, written);
            foreach (var file in expected)
                Assert.Equal(File.ReadAllText(Path.Combine(Fixtures, file)), File.ReadAllText(Path.Combine(folder, file)));
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    public static TheoryData<string, string, string, string> BadDirectories() => new()
    {
        // case, id, file (relative to the copied model), message fragment
        { "no-directory", "BNN0700", "", "no such directory" },
        { "missing-file", "BNN0703", "blk2/bn_mean.csv", "missing bn_mean.csv of blk2" },
        { "missing-out", "BNN0703", "out_blk", "missing the output block" },
        { "ragged", "BNN0708", "blk1/lin_weight.csv", "this row has 8 values, the first row 9" },
        { "nan", "BNN0706", "blk1/bn_bias.csv", "NaN and infinities" },
        { "not-a-number", "BNN0708", "blk2/lin_bias.csv", "'abc' is not a decimal number" },
        { "real-weight", "BNN0708", "blk1/lin_weight.csv", "weight 0.5 in column 1" },
        { "zero-variance", "BNN0710", "blk1/bn_var.csv", "neuron 0: bn_var is 0" },
        { "vector-length", "BNN0705", "blk1/bn_mean.csv", "one row of 6 values, found 1 row(s) of 5" },
        { "weights-do-not-chain", "BNN0705", "blk2/lin_weight.csv", "the weights of blk2 are 5×5" },
        { "extra-directory", "BNN0704", "blk7x", "not part of the layout" },
    };

    [Theory]
    [MemberData(nameof(BadDirectories))]
    public void A_bad_directory_gets_one_located_diagnostic(string kind, string id, string file, string message)
    {
        string root = Path.Combine(Path.GetTempPath(), "bnnverify-npaq-bad-" + Guid.NewGuid().ToString("N"));
        string model = Path.Combine(root, "tiny");
        try
        {
            Copy(Path.Combine(Fixtures, "tiny-neurons"), model);
            void Write(string relative, string text) => File.WriteAllText(Path.Combine(model, relative), text);
            switch (kind)
            {
                case "no-directory": Directory.Delete(model, recursive: true); break;
                case "missing-file": File.Delete(Path.Combine(model, "blk2/bn_mean.csv")); break;
                case "missing-out": Directory.Delete(Path.Combine(model, "out_blk"), recursive: true); break;
                case "ragged": Write("blk1/lin_weight.csv", "1,1,1,1,1,1,1,1,1\n1,1,1,1,1,1,1,1\n"); break;
                case "nan": Write("blk1/bn_bias.csv", "0.1,nan,0.2,0.3,0.4,0.5\n"); break;
                case "not-a-number": Write("blk2/lin_bias.csv", "0.1,abc,0.2,0.3,0.4\n"); break;
                case "real-weight": Write("blk1/lin_weight.csv", string.Concat(Enumerable.Repeat("0.5,1,1,1,1,1,1,1,1\n", 6))); break;
                case "zero-variance": Write("blk1/bn_var.csv", "0,1,1,1,1,1\n"); break;
                case "vector-length": Write("blk1/bn_mean.csv", "0,1,1,1,1\n"); break;
                case "weights-do-not-chain": Write("blk2/lin_weight.csv", string.Concat(Enumerable.Repeat("1,1,1,1,1\n", 5))); break;
                case "extra-directory": Directory.CreateDirectory(Path.Combine(model, "blk7x")); break;
            }
            var result = NpaqCsvImporter.Import(model, new ImportOptions());
            Assert.False(result.Succeeded);
            Assert.Equal(id, result.Error!.Id);
            Assert.Equal(file.Length == 0 ? model : Path.Combine(model, file), result.Error.Location.File);
            Assert.Contains(message, result.Error.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(root))
                Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_square_weight_matrix_needs_the_orientation_said()
    {
        string model = Path.Combine(Path.GetTempPath(), "bnnverify-npaq-square-" + Guid.NewGuid().ToString("N"));
        try
        {
            // One block of 3 neurons over 3 inputs: its 3×3 weights read both ways.
            Directory.CreateDirectory(Path.Combine(model, "blk1"));
            Directory.CreateDirectory(Path.Combine(model, "out_blk"));
            File.WriteAllText(Path.Combine(model, "blk1/lin_weight.csv"), "1,-1,1\n1,1,-1\n-1,1,1\n");
            foreach (var name in new[] { "lin_bias", "bn_bias", "bn_mean" })
                File.WriteAllText(Path.Combine(model, $"blk1/{name}.csv"), "0.5,0.25,-0.5\n");
            foreach (var name in new[] { "bn_weight", "bn_var" })
                File.WriteAllText(Path.Combine(model, $"blk1/{name}.csv"), "1,2,3\n");
            File.WriteAllText(Path.Combine(model, "out_blk/lin_weight.csv"), "1,1\n-1,1\n1,-1\n");
            File.WriteAllText(Path.Combine(model, "out_blk/lin_bias.csv"), "0.5,-0.5\n");
            var auto = NpaqCsvImporter.Import(model, new ImportOptions());
            Assert.Equal("BNN0709", auto.Error!.Id);
            Assert.Contains("--weight-rows", auto.Error.Message, StringComparison.Ordinal);
            var asInputs = NpaqCsvImporter.Import(model, new ImportOptions(), WeightRows.Inputs);
            Assert.True(asInputs.Succeeded, asInputs.Error?.ToString());
            // Rows are inputs, so neuron 0 reads column 0: weights (1, 1, −1).
            Assert.Equal([1, 1, -1], asInputs.Model!.Layers[0].Row(0).ToArray());
        }
        finally
        {
            Directory.Delete(model, recursive: true);
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
