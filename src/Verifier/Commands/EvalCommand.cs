using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Files;
using BnnVerify.Bnn.Imaging;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Inputs;
using BnnVerify.Verifier.Reports;

namespace BnnVerify.Verifier.Commands;

/// <summary><c>bnnverify eval MODEL [--input a4=1,h0=1 | --input-file F | --image X.png | --batch F] [--trace] [--json]</c>.</summary>
internal static class EvalCommand
{
    /// <summary>Without an input, eval prints the whole truth table up to this many inputs (4096 rows).</summary>
    public const int MaxTruthTableInputs = 12;

    /// <summary>The input file cannot be read.</summary>
    public const string InputFileUnreadableId = "BNN0204";

    /// <summary>Neither an input nor a small enough model for a truth table.</summary>
    public const string NoInputId = "BNN0205";

    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The model file (JSON, see docs/model-format.md)." };
        var input = new Option<string?>("--input", "-i")
        {
            Description = "The true inputs, e.g. 'a4=1,h0=1' or 'a4,h0'; inputs not listed are false. Without --input or --input-file, eval prints the truth table of a model with at most 12 inputs.",
        };
        var inputFile = new Option<string?>("--input-file") { Description = "A file with the same syntax as --input (items separated by commas or new lines, '#' comments)." };
        var image = new Option<string?>("--image")
        {
            Description = "An 8-bit grey PNG of the model's image size, for a model with an 'inputImage' (e.g. one made by 'bnnverify import chainer-npz'); its bits come from the stored per-pixel thresholds.",
            HelpName = "X.png",
        };
        var batch = new Option<string?>("--batch")
        {
            Description = "A file of many inputs, one per line (0/1 bit strings, grey levels or PNG paths for image models, or the --input syntax); prints one result per line, or JSON lines with --json.",
            HelpName = "FILE",
        };
        var trace = new Option<bool>("--trace") { Description = "Also show every layer's pre-activation sums and outputs." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("eval", "Evaluate a model on one input with the reference engine, or print its truth table.") { model, input, inputFile, image, batch, trace, json };
        command.SetAction(parse => (int)Run(
            parse.GetValue(model)!, parse.GetValue(input), parse.GetValue(inputFile), parse.GetValue(image), parse.GetValue(batch), parse.GetValue(trace), parse.GetValue(json),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static ExitCode Run(string modelPath, string? inputText, string? inputFile, string? imagePath, string? batchFile, bool trace, bool asJson,
        TextWriter output, TextWriter error)
    {
        if (new[] { inputText, inputFile, imagePath, batchFile }.Count(given => given is not null) > 1)
        {
            error.WriteLine("error: give at most one of --input, --input-file, --image and --batch");
            return ExitCode.InvalidInput;
        }
        var model = ModelFiles.Load(modelPath, error);
        if (model is null)
            return ExitCode.InvalidInput;
        var network = PackedNetwork.Compile(model);
        var diagnostics = new List<Diagnostic>();
        if (batchFile is not null)
            return RunBatch(network, batchFile, asJson, output, error);

        bool[]? inputs = null;
        if (imagePath is not null)
        {
            var read = ModelImage.ReadFor(model, imagePath);
            if (read.Image is null)
            {
                error.WriteLine(read.Error!.ToString());
                return ExitCode.InvalidInput;
            }
            inputs = ModelImage.InputBits(model, read.Image);
        }
        else if (inputText is not null)
        {
            inputs = InputAssignmentParser.Parse(inputText, "--input", model, diagnostics);
        }
        else if (inputFile is not null)
        {
            var contents = InputFileReader.Read(inputFile, "the input file", InputFileUnreadableId);
            if (contents.Error is not null)
            {
                error.WriteLine(contents.Error);
                return ExitCode.InvalidInput;
            }
            string text = contents.TextOrThrow();
            inputs = InputAssignmentParser.Parse(text, inputFile, model, diagnostics);
        }
        else if (model.InputCount > MaxTruthTableInputs)
        {
            error.WriteLine(Diagnostic.Error(NoInputId, SourceLocation.OfFile(modelPath),
                string.Create(CultureInfo.InvariantCulture, $"the model has {model.InputCount} inputs, too many for a truth table (at most {MaxTruthTableInputs}); give --input or --input-file")));
            return ExitCode.InvalidInput;
        }
        else
        {
            if (asJson)
                WriteTruthTableJson(network, output);
            else
                WriteTruthTable(network, output);
            return ExitCode.Success;
        }

        if (inputs is null)
        {
            foreach (var diagnostic in diagnostics)
                error.WriteLine(diagnostic.ToString());
            return ExitCode.InvalidInput;
        }
        var result = network.Trace(inputs);
        if (asJson)
            WriteJson(model, inputs, result, trace, imagePath, output);
        else
            WriteText(model, inputs, result, trace, imagePath, output);
        return ExitCode.Success;
    }

    private static ExitCode RunBatch(PackedNetwork network, string file, bool asJson, TextWriter output, TextWriter error)
    {
        var contents = InputFileReader.Read(file, "the input file", InputFileUnreadableId);
        if (contents.Error is not null)
        {
            error.WriteLine(contents.Error);
            return ExitCode.InvalidInput;
        }
        // Split as File.ReadAllLines does (\n, \r\n or \r; no empty last line after a final line break).
        var lines = new List<string>();
        using (var reader = new StringReader(contents.TextOrThrow()))
        {
            for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
                lines.Add(line);
        }
        var model = network.Model;
        Diagnostic? failure = null;
        var workspace = network.CreateWorkspace();
        var packed = new ulong[network.InputWords];
        foreach (var line in InputLineReader.Read([.. lines], file, model, d => failure = d))
        {
            PackedBits.Pack(line.Inputs, packed);
            network.Evaluate(packed, workspace);
            if (asJson)
            {
                // JSON lines: one compact object per input, so that a script can stream them.
                JsonText.WriteLine(output, json =>
                {
                    json.WriteNumber("line", line.Line);
                    OutputJson.Write(json, model, workspace.ToOutput());
                });
            }
            else
            {
                output.WriteLine(network.IsArgmax
                    ? model.Output.Names[workspace.Class]
                    : string.Concat(Enumerable.Range(0, network.OutputCount).Select(j => PackedBits.Get(workspace.OutputBits, j) ? '1' : '0')));
            }
        }
        if (failure is not null)
        {
            error.WriteLine(failure.ToString());
            return ExitCode.InvalidInput;
        }
        return ExitCode.Success;
    }

    private static void WriteText(BnnModel model, bool[] inputs, EvaluationTrace result, bool trace, string? imagePath, TextWriter output)
    {
        var trueInputs = model.InputNames.Where((_, i) => inputs[i]).ToList();
        if (imagePath is not null && model.ImageInput is { } image)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"image: {imagePath} ({image.Width}×{image.Height}), {trueInputs.Count} of {inputs.Length} input bits true"));
        else
            output.WriteLine("true inputs: " + (trueInputs.Count == 0 ? "(none)" : string.Join(", ", trueInputs)));
        if (trace)
            LayerTraceText.Write(model, result, output);
        OutputText.Write(model, result.Output, output);
    }

    private static void WriteTruthTable(PackedNetwork network, TextWriter output)
    {
        var model = network.Model;
        string outputHeader = network.IsArgmax ? "class" : string.Join(" ", model.Output.Names);
        output.WriteLine(string.Join(" ", model.InputNames) + " | " + outputHeader);
        var workspace = network.CreateWorkspace();
        var packed = new ulong[network.InputWords];
        for (long row = 0; row < 1L << model.InputCount; row++)
        {
            // Rows count up with the first input as the most significant bit, as truth tables are usually read.
            var cells = new List<string>(model.InputCount);
            for (int i = 0; i < model.InputCount; i++)
            {
                bool value = ((row >> (model.InputCount - 1 - i)) & 1) != 0;
                PackedBits.Set(packed, i, value);
                cells.Add((value ? "1" : "0").PadRight(model.InputNames[i].Length));
            }
            network.Evaluate(packed, workspace);
            string result = network.IsArgmax
                ? model.Output.Names[workspace.Class]
                : string.Join(" ", model.Output.Names.Select((name, j) => (PackedBits.Get(workspace.OutputBits, j) ? "1" : "0").PadRight(name.Length)));
            output.WriteLine((string.Join(" ", cells) + " | " + result).TrimEnd());
        }
    }

    /// <summary>
    /// The <c>format</c> of <c>eval --json</c> (one input, or the truth table), which names its schema
    /// (docs/schemas/eval.schema.json). The JSON lines of <c>--batch</c> carry none: it would repeat on every line.
    /// </summary>
    public const string JsonFormatName = "bnnverify-eval";

    /// <summary>Its <c>version</c>: raised when a member is removed or changes meaning, not when one is added.</summary>
    public const int JsonFormatVersion = 1;

    private static void WriteTruthTableJson(PackedNetwork network, TextWriter output)
    {
        var model = network.Model;
        var workspace = network.CreateWorkspace();
        var packed = new ulong[network.InputWords];
        JsonText.WriteObject(output, json =>
        {
            JsonReport.WriteFormat(json, JsonFormatName, JsonFormatVersion);
            json.WriteString("model", model.Name);
            json.WriteStartArray("rows");
            for (long row = 0; row < 1L << model.InputCount; row++)
            {
                var inputs = new bool[model.InputCount];
                for (int i = 0; i < model.InputCount; i++)
                    inputs[i] = ((row >> (model.InputCount - 1 - i)) & 1) != 0;
                PackedBits.Pack(inputs, packed);
                network.Evaluate(packed, workspace);
                json.WriteStartObject();
                WriteInputs(json, model, inputs);
                OutputJson.Write(json, model, workspace.ToOutput());
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
    }

    private static void WriteJson(BnnModel model, bool[] inputs, EvaluationTrace result, bool trace, string? imagePath, TextWriter output)
    {
        JsonText.WriteObject(output, json =>
        {
            JsonReport.WriteFormat(json, JsonFormatName, JsonFormatVersion);
            json.WriteString("model", model.Name);
            if (imagePath is not null)
                json.WriteString("image", imagePath);
            WriteInputs(json, model, inputs);
            OutputJson.Write(json, model, result.Output);
            if (trace)
                LayerTraceJson.Write(json, result);
        });
    }

    private static void WriteInputs(Utf8JsonWriter json, BnnModel model, bool[] inputs)
    {
        json.WriteStartObject("inputs");
        for (int i = 0; i < inputs.Length; i++)
            json.WriteBoolean(model.InputNames[i], inputs[i]);
        json.WriteEndObject();
    }
}
