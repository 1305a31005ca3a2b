using System.Globalization;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Imaging;
using BnnVerify.Bnn.Import;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Tests.Import;

/// <summary>
/// The imported MNIST network against an independent float32 evaluation of the raw .npz parameters
/// (tests/reference/chainer_bnn.py, numpy, replicating bnn.py and Chainer's batch norm). The reference's
/// answers are committed beside the script (tests/reference/*.expected) so that the comparison runs
/// everywhere; one more test re-runs the script where numpy is installed and demands the same text, so the
/// committed answers cannot drift from the script.
/// </summary>
public class ChainerReferenceTests
{
    public const string Npz = "data/mnist-bnn/mnist.npz";
    public const string Images = "data/mnist-bnn/images";
    public const string BundledExpected = "tests/reference/mnist-bundled.expected";
    public const string RandomExpected = "tests/reference/mnist-random-3000-seed12.expected";
    private const int RandomCount = 3000;
    private const ulong RandomSeed = 12;

    private static readonly Lazy<BnnModel> Imported = new(() =>
    {
        var result = ChainerNpzImporter.Import(Npz, new ImportOptions("mnist", ClassPrefix: "digit"));
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result.Model!;
    });

    [Fact]
    public void The_bundled_images_get_the_reference_class_and_output_sums_and_the_reference_class_is_the_label()
    {
        var model = Imported.Value;
        var network = PackedNetwork.Compile(model);
        var lines = File.ReadAllLines(BundledExpected);
        Assert.Equal(20, lines.Length);
        foreach (var line in lines)
        {
            var fields = line.Split(' ');
            string file = fields[0];
            var image = ModelImage.ReadFor(model, Path.Combine(Images, file));
            Assert.True(image.Succeeded, image.Error?.ToString());
            var output = network.Evaluate(ModelImage.InputBits(model, image.Image!));
            Assert.Equal(int.Parse(fields[1], CultureInfo.InvariantCulture), output.Class);
            Assert.Equal(fields.Skip(2).Select(int.Parse), OutputSums(model, output));
            // The instance generator kept only images the original classified as their label.
            int label = int.Parse(file[(file.LastIndexOf("label", StringComparison.Ordinal) + 5)..^4], CultureInfo.InvariantCulture);
            Assert.Equal(label, output.Class);
        }
    }

    [Fact]
    public void Thousands_of_random_images_get_the_reference_class_and_output_sums()
    {
        var model = Imported.Value;
        var network = PackedNetwork.Compile(model);
        var bundled = BundledLevels();
        var lines = File.ReadAllLines(RandomExpected);
        Assert.Equal(RandomCount, lines.Length);
        var classesSeen = new HashSet<int>();
        for (int i = 0; i < RandomCount; i++)
        {
            var fields = lines[i].Split(' ');
            Assert.Equal(i, int.Parse(fields[0], CultureInfo.InvariantCulture));
            var levels = RandomImages.Generate(RandomSeed, i, bundled);
            var output = network.Evaluate(model.ImageInput!.Binarize(levels));
            Assert.True(int.Parse(fields[1], CultureInfo.InvariantCulture) == output.Class, $"random image {i}: reference class {fields[1]}, imported model {output.Class}");
            Assert.Equal(fields.Skip(2).Select(int.Parse), OutputSums(model, output));
            classesSeen.Add(output.Class);
        }
        // The sample is only a test if it reaches many classes.
        Assert.True(classesSeen.Count >= 8, $"only classes {string.Join(", ", classesSeen)} occur");
    }

    [PythonNumpyFact]
    public void The_committed_reference_answers_are_what_the_reference_script_prints()
    {
        const string script = "tests/reference/chainer_bnn.py";
        Assert.Equal(File.ReadAllText(BundledExpected), PythonNumpyFactAttribute.Run(script, "images", Images));
        Assert.Equal(File.ReadAllText(RandomExpected),
            PythonNumpyFactAttribute.Run(script, "random", RandomCount.ToString(CultureInfo.InvariantCulture), RandomSeed.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void The_committed_model_is_what_the_importer_makes_of_the_committed_npz()
    {
        Assert.Equal(File.ReadAllText("models/mnist.json"), BnnVerify.Bnn.Json.ModelWriter.Write(Imported.Value));
    }

    internal static List<byte[]> BundledLevels() =>
        [.. Directory.GetFiles(Images, "*.png").Order(StringComparer.Ordinal)
            .Select(f => PngImageReader.ReadFile(f).Image!.Levels.ToArray())];

    // The output layer's integer sums sign(W)·h, recovered from the scores K·s + B.
    private static int[] OutputSums(BnnModel model, NetworkOutput output)
    {
        var last = model.Layers[^1];
        int scale = Math.Abs(last.Row(0)[0]);
        var sums = new int[output.Scores.Length];
        for (int j = 0; j < sums.Length; j++)
        {
            int shifted = output.Scores[j] - last.ScoreOffsets[j];
            Assert.Equal(0, shifted % scale);
            sums[j] = shifted / scale;
        }
        return sums;
    }
}
