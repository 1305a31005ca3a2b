using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Reports;

namespace BnnVerify.Verifier.Commands;

/// <summary><c>bnnverify info MODEL</c>: layers, sizes, names, parameter count and packed size.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The model file (JSON, see docs/model-format.md)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON object instead of text." };
        var command = new Command("info", "Describe a model: inputs, outputs, layers, parameter count and packed size.") { model, json };
        command.SetAction(parse => (int)Run(parse.GetValue(model)!, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static ExitCode Run(string path, bool asJson, TextWriter output, TextWriter error)
    {
        var model = ModelFiles.Load(path, error);
        if (model is null)
            return ExitCode.InvalidInput;
        var network = PackedNetwork.Compile(model);
        if (asJson)
            WriteJson(model, network, output);
        else
            WriteText(model, network, output);
        return ExitCode.Success;
    }

    private static void WriteText(BnnModel model, PackedNetwork network, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"model       {model.Name}");
        if (model.Description is not null)
            output.WriteLine($"            {model.Description}");
        output.WriteLine(string.Create(c, $"inputs      {model.InputCount}: {NameRanges.Compress(model.InputNames)}"));
        if (model.ImageInput is { } image)
        {
            int constant = Enumerable.Range(0, image.PixelCount).Count(image.IsConstant);
            output.WriteLine(string.Create(c, $"image       {image.Width}×{image.Height} 8-bit grey, one bit per pixel through a grey-level threshold ({constant} pixels give a constant bit)"));
        }
        output.WriteLine(model.Output switch
        {
            ArgmaxOutput a => string.Create(c, $"output      argmax over {a.Classes.Length} classes ({TieBreakText(a.TieBreak)} wins ties): {NameRanges.Compress(a.Classes)}"),
            BitsOutput b => string.Create(c, $"output      {b.Bits.Length} bit{(b.Bits.Length == 1 ? "" : "s")}: {NameRanges.Compress(b.Bits)}"),
            _ => throw new InvalidOperationException("unknown output kind"),
        });
        output.WriteLine($"sign(0)     {SignText(model.SignAtZero)}");
        output.WriteLine("layers");
        var rows = new List<string[]> { Header };
        for (int i = 0; i < model.Layers.Length; i++)
        {
            var layer = model.Layers[i];
            rows.Add([
                (i + 1).ToString(c),
                PrecisionText(layer),
                string.Create(c, $"{layer.InputCount} -> {layer.NeuronCount}"),
                layer.IsScoreLayer ? "scores" : "sign",
                layer.ParameterCount.ToString(c),
                DefinitionText(layer),
            ]);
        }
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (int k = 0; k < row.Length; k++)
                widths[k] = Math.Max(widths[k], row[k].Length);
        }
        foreach (var row in rows)
            output.WriteLine("  " + string.Join("  ", row.Select((cell, k) => k == row.Length - 1 ? cell : cell.PadRight(widths[k]))).TrimEnd());
        output.WriteLine(string.Create(c, $"parameters  {model.ParameterCount}"));
        output.WriteLine(string.Create(c, $"packed size {network.PackedSizeBytes} bytes"));
    }

    private static void WriteJson(BnnModel model, PackedNetwork network, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            JsonReport.WriteFormat(json, JsonFormatName, JsonFormatVersion);
            json.WriteString("name", model.Name);
            if (model.Description is not null)
                json.WriteString("description", model.Description);
            json.WriteStartArray("inputs");
            foreach (var name in model.InputNames)
                json.WriteStringValue(name);
            json.WriteEndArray();
            json.WriteStartObject("output");
            json.WriteString("kind", model.Output is ArgmaxOutput ? "argmax" : "bits");
            json.WriteStartArray("names");
            foreach (var name in model.Output.Names)
                json.WriteStringValue(name);
            json.WriteEndArray();
            if (model.Output is ArgmaxOutput argmax)
                json.WriteString("tieBreak", argmax.TieBreak == TieBreak.LowestIndex ? "lowest-index" : "highest-index");
            json.WriteEndObject();
            if (model.ImageInput is { } image)
            {
                json.WriteStartObject("inputImage");
                json.WriteNumber("width", image.Width);
                json.WriteNumber("height", image.Height);
                json.WriteEndObject();
            }
            if (model.SignAtZero is { } sign)
                json.WriteNumber("signAtZero", sign == SignAtZero.Positive ? 1 : -1);
            else
                json.WriteNull("signAtZero");
            json.WriteStartArray("layers");
            foreach (var layer in model.Layers)
            {
                json.WriteStartObject();
                json.WriteString("precision", layer.Precision == WeightPrecision.Binary ? "binary" : "integer");
                json.WriteNumber("inputs", layer.InputCount);
                json.WriteNumber("neurons", layer.NeuronCount);
                json.WriteString("activation", layer.IsScoreLayer ? "scores" : "sign");
                json.WriteNumber("parameters", layer.ParameterCount);
                json.WriteString("definition", DefinitionText(layer));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("parameters", model.ParameterCount);
            json.WriteNumber("packedSizeBytes", network.PackedSizeBytes);
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>The <c>format</c> of <c>info --json</c>, which names its schema (docs/schemas/info.schema.json).</summary>
    public const string JsonFormatName = "bnnverify-info";

    /// <summary>Its <c>version</c>: raised when a member is removed or changes meaning, not when one is added.</summary>
    public const int JsonFormatVersion = 1;

    private static readonly string[] Header = ["#", "precision", "shape", "activation", "parameters", "definition"];

    private static string PrecisionText(DenseLayer layer)
    {
        if (layer.Precision == WeightPrecision.Integer)
            return string.Create(CultureInfo.InvariantCulture, $"integer (|w| <= {layer.Weights.Max(Math.Abs)})");
        int pruned = layer.Weights.Count(w => w == 0);
        return pruned == 0 ? "binary" : string.Create(CultureInfo.InvariantCulture, $"binary ({pruned} pruned)");
    }

    private static string DefinitionText(DenseLayer layer)
    {
        if (layer.IsScoreLayer)
            return "sum + bias";
        string weights = layer.LatentWeights.IsEmpty ? "" : "latent weights, ";
        if (layer.Raw is not { } raw)
            return weights + "folded thresholds";
        if (raw.BatchNorm is not null)
            return weights + (raw.Bias.IsEmpty ? "batch norm, folded" : "bias + batch norm, folded");
        return weights + (raw.Bias.IsEmpty ? "sign of sum" : "sign of sum + bias, folded");
    }

    private static string SignText(SignAtZero? sign) => sign switch
    {
        SignAtZero.Positive => "+1 (a neuron fires when its normalised value is >= 0)",
        SignAtZero.Negative => "-1 (a neuron fires only when its normalised value is > 0)",
        _ => "not declared (not needed: every threshold is folded)",
    };

    private static string TieBreakText(TieBreak tieBreak) => tieBreak == TieBreak.LowestIndex ? "lowest index" : "highest index";
}
