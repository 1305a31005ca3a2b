using System.CommandLine;
using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Import;
using BnnVerify.Bnn.Import.Onnx;
using BnnVerify.Bnn.Json;
using BnnVerify.Verifier.Cli;

namespace BnnVerify.Verifier.Commands;

/// <summary><c>bnnverify import chainer-npz|npaq-csv|onnx|qonnx PATH [--output MODEL.json] [--name N] [--image-size WxH] [--class-prefix P] [--weight-rows …] [--names FILE]</c>.</summary>
internal static class ImportCommand
{
    /// <summary>The formats <c>import</c> reads.</summary>
    public static readonly string[] Formats = ["chainer-npz", "npaq-csv", "onnx", "qonnx"];

    public static Command Create()
    {
        var format = new Argument<string>("FORMAT") { Description = "chainer-npz (a Chainer .npz of msakai/bnn-verification's bnn.BNN), npaq-csv (an NPAQ / BNNQuanalyst model directory), onnx (a PyTorch-style ONNX export) or qonnx (ONNX with QONNX BipolarQuant, Quant, MultiThreshold)." };
        format.AcceptOnlyFromAmong(Formats);
        var path = new Argument<string>("PATH") { Description = "The .npz or .onnx file, or the model directory." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the model here (JSON, docs/model-format.md) instead of standard output.", HelpName = "MODEL.json" }.OutputFile();
        var name = new Option<string?>("--name") { Description = "The model's name (default: the file or directory name)." };
        var imageSize = new Option<string?>("--image-size")
        {
            Description = "The input image's WIDTHxHEIGHT (chainer-npz: default square; npaq-csv: names the inputs px_ROW_COL instead of x0, x1, …).",
            HelpName = "WxH",
        };
        var classPrefix = new Option<string>("--class-prefix") { Description = "Classes are named PREFIX0, PREFIX1, … (default 'class').", DefaultValueFactory = _ => "class" };
        var rows = new Option<string>("--weight-rows")
        {
            Description = "npaq-csv: what a row of lin_weight.csv is: 'neurons' (BNNQuanalyst), 'inputs' (NPAQ) or 'auto' (from the sizes).",
            DefaultValueFactory = _ => "auto",
        };
        rows.AcceptOnlyFromAmong("auto", "neurons", "inputs");
        var names = new Option<string?>("--names")
        {
            Description = "onnx, qonnx: the names file (input names, classes or bits, inputValues; docs/onnx.md); default FILE.names.json beside FILE.onnx when it exists.",
            HelpName = "FILE",
        };
        var command = new Command("import", "Import a BNN trained elsewhere into the bnnverify model format, exactly (docs/model-format.md#importers).")
        {
            format, path, output, name, imageSize, classPrefix, rows, names,
        };
        command.SetAction(parse => (int)Run(
            parse.GetValue(format)!, parse.GetValue(path)!, parse.GetValue(output), parse.GetValue(name), parse.GetValue(imageSize),
            parse.GetValue(classPrefix)!, parse.GetValue(rows)!, parse.GetValue(names), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static ExitCode Run(string format, string path, string? outputPath, string? name, string? imageSize, string classPrefix, string rows,
        string? namesFile, TextWriter output, TextWriter error)
    {
        int? width = null, height = null;
        if (imageSize is not null)
        {
            var parts = imageSize.Split('x', 'X', '×');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int h) || w < 1 || h < 1)
            {
                error.WriteLine($"error: --image-size expects WIDTHxHEIGHT such as 28x28, found '{imageSize}'");
                return ExitCode.InvalidInput;
            }
            (width, height) = (w, h);
        }
        if (name is not null && name.Length == 0)
        {
            error.WriteLine("error: --name must not be empty");
            return ExitCode.InvalidInput;
        }
        // Class names must be identifiers; a bad prefix is the user's mistake, not the importer's.
        if (!Bnn.Model.BnnModel.IsValidName(classPrefix + "0"))
        {
            error.WriteLine($"error: --class-prefix '{classPrefix}' does not make identifiers (use letters, digits and '_', starting with a letter)");
            return ExitCode.InvalidInput;
        }
        bool onnx = format is "onnx" or "qonnx";
        if ((namesFile is not null && !onnx) || (imageSize is not null && onnx))
        {
            error.WriteLine(onnx ? "error: --image-size is not an option of the onnx and qonnx importers (their inputs are booleans)" : "error: --names is an option of the onnx and qonnx importers only");
            return ExitCode.InvalidInput;
        }
        var options = new ImportOptions(name, width, height, classPrefix);
        var result = format switch
        {
            "chainer-npz" => ChainerNpzImporter.Import(path, options),
            "onnx" or "qonnx" => OnnxImporter.Import(path, new OnnxImportOptions(format == "qonnx" ? OnnxDialect.Qonnx : OnnxDialect.Standard, name, classPrefix, namesFile)),
            _ => NpaqCsvImporter.Import(path, options, rows switch { "neurons" => WeightRows.Neurons, "inputs" => WeightRows.Inputs, _ => WeightRows.Auto }),
        };
        if (result.Model is null)
        {
            error.WriteLine(result.Error!.ToString());
            return ExitCode.InvalidInput;
        }
        string json = ModelWriter.Write(result.Model);
        if (outputPath is null)
        {
            output.Write(json);
        }
        else
        {
            try
            {
                File.WriteAllText(outputPath, json, new UTF8Encoding(false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{outputPath}: error: cannot write the model: {e.Message}");
                return ExitCode.InvalidInput;
            }
        }
        // Notes go to standard error so that standard output stays the model when no --output is given.
        foreach (var note in result.Notes)
            error.WriteLine("note: " + note);
        return ExitCode.Success;
    }
}
