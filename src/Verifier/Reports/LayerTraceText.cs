using System.Globalization;
using System.Text.Json;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Verifier.Reports;

/// <summary>Prints the per-layer view of an evaluation: pre-activation sums and outputs of every layer.</summary>
internal static class LayerTraceText
{
    /// <summary>Writes one block per layer.</summary>
    public static void Write(BnnModel model, EvaluationTrace trace, TextWriter output)
    {
        for (int l = 0; l < trace.Layers.Length; l++)
        {
            var layer = model.Layers[l];
            var view = trace.Layers[l];
            string precision = layer.Precision == WeightPrecision.Binary ? "binary" : "integer";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"layer {l + 1} ({precision} {layer.InputCount} -> {layer.NeuronCount}, {(layer.IsScoreLayer ? "scores" : "sign")})"));
            output.WriteLine("  sums    " + string.Join(" ", view.PreActivations.Select(Number)));
            if (layer.IsScoreLayer)
            {
                output.WriteLine("  scores  " + string.Join(" ", view.Scores.Select(Number)));
            }
            else
            {
                output.WriteLine("  bounds  " + string.Join(" ", layer.Thresholds.Select(t => t.ToString().Replace(" ", "", StringComparison.Ordinal))));
                output.WriteLine("  outputs " + string.Join(" ", view.Outputs.Select(b => b ? "1" : "0")));
            }
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Writes the per-layer view of an evaluation as a JSON <c>trace</c> array.</summary>
internal static class LayerTraceJson
{
    /// <summary>Writes a <c>trace</c> member with one object per layer.</summary>
    public static void Write(Utf8JsonWriter json, EvaluationTrace trace)
    {
        json.WriteStartArray("trace");
        for (int l = 0; l < trace.Layers.Length; l++)
        {
            var view = trace.Layers[l];
            json.WriteStartObject();
            json.WriteNumber("layer", l + 1);
            json.WriteStartArray("preActivations");
            foreach (int sum in view.PreActivations)
                json.WriteNumberValue(sum);
            json.WriteEndArray();
            if (!view.Outputs.IsEmpty)
            {
                json.WriteStartArray("outputs");
                foreach (bool fired in view.Outputs)
                    json.WriteBooleanValue(fired);
                json.WriteEndArray();
            }
            if (!view.Scores.IsEmpty)
            {
                json.WriteStartArray("scores");
                foreach (int score in view.Scores)
                    json.WriteNumberValue(score);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
