using System.Globalization;
using System.Text;
using System.Text.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Bnn.Numerics;

namespace BnnVerify.Bnn.Json;

/// <summary>
/// Writes a model in the JSON format that <see cref="ModelReader"/> reads, one weight row per line so
/// that files diff well. Raw bias and batch norm are written when the model has them and every value
/// has an exact decimal form; otherwise the folded thresholds, which mean the same.
/// </summary>
public static class ModelWriter
{
    /// <summary>The model as JSON text.</summary>
    public static string Write(BnnModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var json = new StringBuilder();
        json.Append("{\n");
        Field(json, 1, "format", Quote(ModelReader.FormatName));
        // Only a model with a version-2 feature says version 2, so that every other file reads in older builds too.
        int version = model.ImageInput is null ? ModelReader.BaseFormatVersion : ModelReader.ImageInputVersion;
        Field(json, 1, "version", version.ToString(CultureInfo.InvariantCulture));
        Field(json, 1, "name", Quote(model.Name));
        if (model.Description is not null)
            Field(json, 1, "description", Quote(model.Description));
        if (model.SignAtZero is { } signAtZero)
            Field(json, 1, "signAtZero", signAtZero == SignAtZero.Positive ? "1" : "-1");
        Field(json, 1, "inputs", "[" + string.Join(", ", model.InputNames.Select(Quote)) + "]");
        if (model.ImageInput is { } image)
            WriteImageInput(json, image);
        json.Append("  \"layers\": [\n");
        for (int i = 0; i < model.Layers.Length; i++)
        {
            WriteLayer(json, model.Layers[i], model.SignAtZero is not null);
            json.Append(i + 1 < model.Layers.Length ? "    },\n" : "    }\n");
        }
        json.Append("  ],\n");
        string output = model.Output switch
        {
            ArgmaxOutput argmax => "{\"kind\": \"argmax\", \"classes\": [" + string.Join(", ", argmax.Classes.Select(Quote)) + "], \"tieBreak\": "
                + Quote(argmax.TieBreak == TieBreak.LowestIndex ? "lowest-index" : "highest-index") + "}",
            BitsOutput bits => "{\"kind\": \"bits\", \"names\": [" + string.Join(", ", bits.Bits.Select(Quote)) + "]}",
            _ => throw new InvalidOperationException("unknown output kind"),
        };
        if (model.Metadata is null)
        {
            json.Append("  \"output\": ").Append(output).Append('\n');
        }
        else
        {
            Field(json, 1, "output", output);
            json.Append("  \"metadata\": ")
                .Append(model.Metadata.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Replace("\n", "\n  ", StringComparison.Ordinal))
                .Append('\n');
        }
        json.Append("}\n");
        return json.ToString();
    }

    /// <summary>Writes the model to <paramref name="path"/> (UTF-8, no byte order mark).</summary>
    public static void WriteFile(BnnModel model, string path) => File.WriteAllText(path, Write(model), new UTF8Encoding(false));

    private static void WriteLayer(StringBuilder json, DenseLayer layer, bool signDeclared)
    {
        json.Append("    {\n");
        Field(json, 3, "kind", Quote("dense"));
        Field(json, 3, "precision", Quote(layer.Precision == WeightPrecision.Binary ? "binary" : "integer"));
        bool latent = !layer.LatentWeights.IsEmpty && signDeclared;
        json.Append("      \"").Append(latent ? "latentWeights" : "weights").Append("\": [\n");
        for (int neuron = 0; neuron < layer.NeuronCount; neuron++)
        {
            json.Append("        [");
            for (int i = 0; i < layer.InputCount; i++)
            {
                if (i > 0)
                    json.Append(", ");
                json.Append(latent
                    ? layer.LatentWeights[neuron * layer.InputCount + i].ToString("R", CultureInfo.InvariantCulture)
                    : layer.Row(neuron)[i].ToString(CultureInfo.InvariantCulture));
            }
            json.Append(neuron + 1 < layer.NeuronCount ? "],\n" : "]\n");
        }
        json.Append("      ],\n");
        if (layer.IsScoreLayer)
        {
            json.Append("      \"activation\": \"scores\",\n");
            json.Append("      \"bias\": [").Append(string.Join(", ", layer.ScoreOffsets.Select(Integer))).Append("]\n");
            return;
        }
        json.Append("      \"activation\": \"sign\",\n");
        if (signDeclared && layer.Raw is { } raw && HasExactDecimals(raw))
        {
            var fields = new List<(string, string)>();
            if (!raw.Bias.IsEmpty)
                fields.Add(("bias", Decimals(raw.Bias)));
            if (raw.BatchNorm is { } bn)
            {
                fields.Add(("batchNorm", "{\"gamma\": " + Decimals(bn.Gamma) + ", \"beta\": " + Decimals(bn.Beta) + ", \"mean\": " + Decimals(bn.Mean)
                    + ", \"variance\": " + Decimals(bn.Variance) + ", \"epsilon\": " + ExactDecimal(bn.Epsilon) + "}"));
            }
            // A plain sign(Σ wᵢxᵢ) layer has neither field; sign(0) alone defines it.
            for (int i = 0; i < fields.Count; i++)
                json.Append("      \"").Append(fields[i].Item1).Append("\": ").Append(fields[i].Item2).Append(i + 1 < fields.Count ? ",\n" : "\n");
            if (fields.Count == 0)
                TrimLastComma(json);
            return;
        }
        json.Append("      \"thresholds\": [").Append(string.Join(", ", layer.Thresholds.Select(t => Integer(t.Bound)))).Append(']');
        if (layer.Thresholds.Any(t => t.Direction == ThresholdDirection.AtMost))
        {
            json.Append(",\n      \"directions\": [")
                .Append(string.Join(", ", layer.Thresholds.Select(t => t.Direction == ThresholdDirection.AtLeast ? "\"ge\"" : "\"le\"")))
                .Append(']');
        }
        json.Append('\n');
    }

    private static void WriteImageInput(StringBuilder json, ImageInput image)
    {
        json.Append("  \"inputImage\": {\n");
        Field(json, 2, "width", Integer(image.Width));
        Field(json, 2, "height", Integer(image.Height));
        bool anyAtMost = image.PixelThresholds.Any(t => t.Direction == ThresholdDirection.AtMost);
        // One image row per line, so that the file shows the image's shape.
        json.Append("    \"thresholds\": [\n");
        for (int row = 0; row < image.Height; row++)
        {
            var cells = image.PixelThresholds.Skip(row * image.Width).Take(image.Width).Select(t => Integer(t.Bound));
            json.Append("      ").Append(string.Join(", ", cells)).Append(row + 1 < image.Height ? ",\n" : "\n");
        }
        json.Append(anyAtMost ? "    ],\n" : "    ]\n");
        if (anyAtMost)
        {
            json.Append("    \"directions\": [")
                .Append(string.Join(", ", image.PixelThresholds.Select(t => t.Direction == ThresholdDirection.AtLeast ? "\"ge\"" : "\"le\"")))
                .Append("]\n");
        }
        json.Append("  },\n");
    }

    private static bool HasExactDecimals(RawSignActivation raw)
    {
        bool exact = raw.Bias.All(HasTerminatingDecimal);
        if (raw.BatchNorm is { } bn)
        {
            exact &= bn.Gamma.All(HasTerminatingDecimal) && bn.Beta.All(HasTerminatingDecimal) && bn.Mean.All(HasTerminatingDecimal)
                && bn.Variance.All(HasTerminatingDecimal) && HasTerminatingDecimal(bn.Epsilon);
        }
        return exact;
    }

    // A rational has a finite decimal expansion iff its denominator has no prime factors but 2 and 5.
    private static bool HasTerminatingDecimal(Rational value)
    {
        var d = value.Denominator;
        while (d.IsEven)
            d /= 2;
        while ((d % 5).IsZero)
            d /= 5;
        return d.IsOne;
    }

    private static string ExactDecimal(Rational value)
    {
        int digits = 0;
        var d = value.Denominator;
        while (!d.IsOne)
        {
            // Counting every factor 2 or 5 bounds the digits needed; the expansion stops once it is exact.
            d /= (d % 5).IsZero ? 5 : 2;
            digits++;
        }
        return value.ToDecimalString(digits);
    }

    private static string Decimals(System.Collections.Immutable.ImmutableArray<Rational> values) =>
        "[" + string.Join(", ", values.Select(ExactDecimal)) + "]";

    private static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

    // JsonEncodedText escapes exactly as JsonSerializer.Serialize(string) does, without the reflection-based serializer
    // (the native executable, scripts/publish-native.sh, has none).
    private static string Quote(string text) => "\"" + JsonEncodedText.Encode(text) + "\"";

    private static void Field(StringBuilder json, int depth, string key, string value) =>
        json.Append(' ', depth * 2).Append('"').Append(key).Append("\": ").Append(value).Append(",\n");

    private static void TrimLastComma(StringBuilder json)
    {
        // The activation line was written with a trailing comma in expectation of more fields.
        int comma = json.Length - 2;
        if (comma >= 0 && json[comma] == ',')
            json.Remove(comma, 1);
    }
}
