using BnnVerify.Bnn.Files;
using BnnVerify.Bnn.Json;

namespace BnnVerify.Tests.Bnn;

/// <summary>
/// The input boundary of the model reader and of every file read (issue 10): text that is not UTF-8, escapes that
/// are not Unicode, nesting past the one JSON depth limit, files past the size limit, directories, and numbers
/// written as 1.0 or 1.5e3 — each one located diagnostic, never an exception.
/// </summary>
public class InputBoundaryTests
{
    private const string Valid = """{"format": "bnnverify-model", "version": 1, "name": "t", "inputs": ["a", "b"], "layers": [{"kind": "dense", "weights": [[1, -1]], "thresholds": [0]}], "output": {"kind": "bits", "names": ["y"]}}""";

    private static ModelReadResult Read(string text) => ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(text), "m.json");

    [Fact]
    public void The_valid_base_model_loads()
    {
        Assert.True(Read(Valid).Succeeded, Read(Valid).Error?.ToString());
    }

    [Theory]
    [InlineData(0xFF)]
    [InlineData(0x80)]
    [InlineData(0xC0)]
    public void A_byte_that_is_not_UTF8_is_BNN0117_at_that_byte(byte bad)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes("{\n  \"name\": \"tx\"\n}");
        int offset = Array.IndexOf(bytes, (byte)'x');
        bytes[offset] = bad;
        var error = ModelReader.Read(bytes, "m.json").Error!;
        Assert.Equal(JsonTreeReader.InvalidUtf8Id, error.Id);
        Assert.Equal((2, 13), (error.Location.Line, error.Location.Column));
        Assert.Contains($"byte {offset} ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"name\": \"x\\ud800\"", "$.name")]
    [InlineData("\"name\": \"x\\udfff\\ud800\"", "$.name")]
    [InlineData("\"metadata\": {\"k\\ud800\": 1}", "$.metadata")]
    public void A_lone_surrogate_escape_is_BNN0119_at_the_string(string replacement, string path)
    {
        var error = Read(Valid.Replace("\"name\": \"t\"", replacement, StringComparison.Ordinal)).Error!;
        Assert.Equal(JsonTreeReader.InvalidStringId, error.Id);
        Assert.Equal(path, error.Location.JsonPath);
        Assert.Equal(1, error.Location.Line);
    }

    [Fact]
    public void A_surrogate_pair_escape_is_text()
    {
        var model = Read(Valid.Replace("\"name\": \"t\"", "\"name\": \"t\\ud83d\\ude00\"", StringComparison.Ordinal)).Model!;
        Assert.Equal("t\U0001F600", model.Name);
    }

    // Metadata nested d deep puts the deepest object at depth d + 1 of the file (the document is depth 1).
    private static string WithMetadataDepth(int depth) =>
        Valid[..^1] + ", \"metadata\": " + string.Concat(Enumerable.Repeat("{\"x\": ", depth - 1)) + "{}" + new string('}', depth - 1) + "}";

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    [InlineData(JsonTreeReader.MaxDepth - 1)]
    public void Metadata_within_the_depth_limit_loads_and_is_kept(int depth)
    {
        var result = Read(WithMetadataDepth(depth));
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.NotNull(result.Model!.Metadata);
    }

    [Theory]
    [InlineData(JsonTreeReader.MaxDepth)]
    [InlineData(100)]
    [InlineData(254)]
    [InlineData(255)]
    [InlineData(5000)]
    public void Nesting_past_the_one_depth_limit_is_BNN0118_wherever_it_is(int depth)
    {
        var error = Read(WithMetadataDepth(depth)).Error!;
        Assert.Equal(JsonTreeReader.TooDeepId, error.Id);
        // The first object too deep is the metadata's, at file depth MaxDepth + 1: the path has MaxDepth - 1 steps below $.metadata.
        Assert.Equal("$.metadata" + string.Concat(Enumerable.Repeat(".x", JsonTreeReader.MaxDepth - 1)), error.Location.JsonPath);
        Assert.Contains($"at most {JsonTreeReader.MaxDepth} deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_arrays_past_the_limit_are_BNN0118_too()
    {
        string text = Valid.Replace("\"thresholds\": [0]", "\"thresholds\": " + new string('[', 300) + new string(']', 300), StringComparison.Ordinal);
        Assert.Equal(JsonTreeReader.TooDeepId, Read(text).Error!.Id);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(5000)]
    public void Columns_on_one_long_line_are_counted_from_the_line_start(int width)
    {
        // The reader counts on from the previous value (linear time); the column must still be the one an editor shows,
        // also past multi-byte characters earlier on the line.
        var weights = string.Join(", ", Enumerable.Repeat("1", width - 1)) + ", 2";
        string inputs = string.Join(", ", Enumerable.Range(0, width).Select(i => $"\"a{i}\""));
        string text = $"{{\"format\": \"bnnverify-model\", \"version\": 1, \"name\": \"tété\", \"inputs\": [{inputs}], \"layers\": [{{\"kind\": \"dense\", \"weights\": [[{weights}]], \"thresholds\": [0]}}], \"output\": {{\"kind\": \"bits\", \"names\": [\"y\"]}}}}";
        var error = Read(text).Error!;
        Assert.Equal(ModelDiagnosticIds.WeightOutOfRange, error.Id);
        int expectedColumn = text[..text.IndexOf(", 2]", StringComparison.Ordinal)].Length + 3;
        Assert.Equal((1, expectedColumn), (error.Location.Line, error.Location.Column));
    }

    [Theory]
    [InlineData("1.0", 1)]
    [InlineData("-2.000", -2)]
    [InlineData("1.5e3", 1500)]
    [InlineData("15E+2", 1500)]
    [InlineData("150000e-2", 1500)]
    [InlineData("-0.0", 0)]
    public void An_integral_number_in_any_notation_is_that_integer(string literal, int expected)
    {
        var model = Read(Valid.Replace("\"thresholds\": [0]", $"\"thresholds\": [{literal}]", StringComparison.Ordinal)).Model!;
        Assert.Equal(expected, model.Layers[0].Thresholds[0].Bound);
    }

    [Theory]
    [InlineData("1.5", "non-integer")]
    [InlineData("1.5e-1", "non-integer")]
    [InlineData("1e10", "too large")]
    [InlineData("1e400", "not a finite number")]
    [InlineData("1e-401", "not a finite number")]
    public void A_number_that_is_not_an_int_is_BNN0111(string literal, string message)
    {
        var error = Read(Valid.Replace("\"thresholds\": [0]", $"\"thresholds\": [{literal}]", StringComparison.Ordinal)).Error!;
        Assert.Equal(ModelDiagnosticIds.BadNumber, error.Id);
        Assert.Equal("$.layers[0].thresholds[0]", error.Location.JsonPath);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_past_the_limit_is_BNN0900_naming_the_file_and_the_limit()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bnnverify-limit-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, new byte[2049]);
        try
        {
            var error = InputFileReader.Read(path, "the model file", ModelDiagnosticIds.FileUnreadable, null, 2048).Error!;
            Assert.Equal(InputFileReader.TooLargeId, error.Id);
            Assert.Equal(path, error.Location.File);
            Assert.Contains("the model file is larger than the limit of 2 KiB (2048 bytes)", error.Message, StringComparison.Ordinal);
            Assert.Contains(InputFileReader.LimitVariable, error.Message, StringComparison.Ordinal);
            Assert.Equal(2049, InputFileReader.Read(path, "the model file", ModelDiagnosticIds.FileUnreadable, null, 2049).Bytes!.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_device_without_end_is_refused_at_the_limit()
    {
        // Linux and macOS have /dev/zero; elsewhere there is no endless file to read.
        if (!File.Exists("/dev/zero"))
            return;
        var error = InputFileReader.Read("/dev/zero", "the spec file", "BNN0300", null, 1 << 20).Error!;
        Assert.Equal((InputFileReader.TooLargeId, "/dev/zero"), (error.Id, error.Location.File));
    }

    [Fact]
    public void A_directory_or_an_empty_path_or_a_missing_file_gets_the_callers_id()
    {
        string directory = Path.GetTempPath();
        var isDirectory = InputFileReader.Read(directory, "the model file", "BNN0100").Error!;
        Assert.Equal("BNN0100", isDirectory.Id);
        Assert.Contains("is a directory, not a file", isDirectory.Message, StringComparison.Ordinal);
        Assert.Contains("the path is empty", InputFileReader.Read("", "the model file", "BNN0100").Error!.Message, StringComparison.Ordinal);
        var missing = InputFileReader.Read(Path.Combine(directory, "no-such-bnnverify-file.json"), "the model file", "BNN0100").Error!;
        Assert.Equal("cannot read the model file: no such file", missing.Message);
    }

    [Theory]
    [InlineData("1", 1L)]
    [InlineData("4096", 4096L)]
    [InlineData("512K", 512L << 10)]
    [InlineData("64m", 64L << 20)]
    [InlineData("1G", 1L << 30)]
    public void Sizes_are_bytes_or_binary_units(string text, long bytes)
    {
        Assert.True(InputFileReader.TryParseSize(text, out long parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5G")]
    [InlineData("lots")]
    [InlineData("3G")]
    [InlineData("99999999999999999999")]
    public void Other_sizes_are_refused(string text)
    {
        Assert.False(InputFileReader.TryParseSize(text, out _));
    }
}
