using BnnVerify.Bnn.Imaging;
using BnnVerify.Bnn.Json;

namespace BnnVerify.Tests.Import;

/// <summary>PNG reading refuses everything but 8-bit grey of the right size; the model format's inputImage is read strictly.</summary>
public class PngAndImageModelTests
{
    [Fact]
    public void An_8_bit_grey_png_reads_pixel_for_pixel()
    {
        var bytes = TestFiles.Png(5, 3, level: i => (byte)(i * 17));
        var result = PngImageReader.Read(bytes, "x.png", 5, 3);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(Enumerable.Range(0, 15).Select(i => (byte)(i * 17)), result.Image!.Levels);
        Assert.Equal(17 * 7, result.Image[1, 2]);
    }

    public static TheoryData<string, string, string> BadPngs() => new()
    {
        { "not-png", "BNN0721", "not a PNG file" },
        { "truncated", "BNN0721", "cannot be decoded" },
        { "rgb", "BNN0722", "colour components RGB; expected an 8-bit grey image" },
        { "16-bit", "BNN0722", "16 bits per channel" },
        { "wrong-size", "BNN0723", "the image is 5×3 pixels; the model reads 28×28" },
    };

    [Theory]
    [MemberData(nameof(BadPngs))]
    public void A_png_that_is_not_the_image_the_model_reads_gets_one_diagnostic(string kind, string id, string message)
    {
        byte[] bytes = kind switch
        {
            "not-png" => "GIF89a........"u8.ToArray(),
            "truncated" => TestFiles.Png(28, 28)[..40],
            "rgb" => TestFiles.Png(28, 28, colourType: 2),
            "16-bit" => TestFiles.Png(28, 28, bitDepth: 16),
            _ => TestFiles.Png(5, 3),
        };
        var result = PngImageReader.Read(bytes, "x.png", 28, 28);
        Assert.False(result.Succeeded);
        Assert.Equal(id, result.Error!.Id);
        Assert.Equal("x.png", result.Error.Location.File);
        Assert.Contains(message, result.Error.Message, StringComparison.Ordinal);
    }

    private const string ImageModel = """
        {
          "format": "bnnverify-model",
          "version": VERSION,
          "name": "t",
          "inputs": ["px_0_0", "px_0_1", "px_1_0", "px_1_1"],
          "inputImage": {"width": WIDTH, "height": 2, "thresholds": [0, 128, THRESHOLD, 200], "directions": ["ge", "ge", "le", DIRECTION]},
          "layers": [{"kind": "dense", "weights": [[1, 1, 1, 1]], "thresholds": [0]}],
          "output": {"kind": "bits", "names": ["y"]}
        }
        """;

    [Theory]
    [InlineData("2", "2", "5", "\"le\"", null, null, null)]
    [InlineData("1", "2", "5", "\"le\"", "BNN0103", "$.inputImage", "'inputImage' is a field of format version 2; this file declares version 1")]
    [InlineData("2", "3", "5", "\"le\"", "BNN0109", "$.inputImage.height", "a 3×2 image has 6 pixels but the model has 4 inputs")]
    [InlineData("2", "2", "300", "\"le\"", "BNN0111", "$.inputImage.thresholds[2]", "in [-1, 256], found 300")]
    [InlineData("2", "2", "5", "\"gt\"", "BNN0116", "$.inputImage.directions[3]", "unknown direction 'gt'")]
    public void The_input_image_field_is_read_strictly(string version, string width, string threshold, string direction, string? id, string? path, string? message)
    {
        string text = ImageModel.Replace("VERSION", version).Replace("WIDTH", width).Replace("THRESHOLD", threshold).Replace("DIRECTION", direction);
        var result = ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(text), "t.json");
        if (id is null)
        {
            Assert.True(result.Succeeded, result.Error?.ToString());
            var image = result.Model!.ImageInput!;
            Assert.Equal([true, false, true, false], image.Binarize([0, 127, 5, 201]));
            // Written and read again, the field means the same (and the file says version 2).
            string written = ModelWriter.Write(result.Model);
            Assert.Contains("\"version\": 2", written, StringComparison.Ordinal);
            var again = ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(written), "again.json");
            Assert.Equal(image.PixelThresholds.ToArray(), again.Model!.ImageInput!.PixelThresholds.ToArray());
            return;
        }
        Assert.False(result.Succeeded);
        Assert.Equal(id, result.Error!.Id);
        Assert.Equal(path, result.Error.Location.JsonPath);
        Assert.Contains(message!, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_an_image_says_so_when_given_one()
    {
        var xor = ModelReader.ReadFile("models/xor.json").Model!;
        var result = ModelImage.ReadFor(xor, "data/mnist-bnn/images/bnn_mnist_0_label7.png");
        Assert.Equal("BNN0724", result.Error!.Id);
        Assert.Contains("model 'xor' has no 'inputImage'", result.Error.Message, StringComparison.Ordinal);
    }
}
