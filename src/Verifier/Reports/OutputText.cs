using System.Globalization;
using System.Text.Json;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Verifier.Reports;

/// <summary>Prints a network's output: the class and its scores, or the named bits.</summary>
internal static class OutputText
{
    /// <summary>Writes <c>class: move4</c> and the scores, or one <c>name: 0/1</c> line per bit.</summary>
    public static void Write(BnnModel model, NetworkOutput result, TextWriter output)
    {
        if (model.Output is ArgmaxOutput argmax)
        {
            output.WriteLine($"class: {argmax.Classes[result.Class]}");
            output.WriteLine("scores: " + string.Join(", ", argmax.Classes.Select((name, j) => string.Create(CultureInfo.InvariantCulture, $"{name} {result.Scores[j]}"))));
        }
        else
        {
            for (int j = 0; j < result.Bits.Length; j++)
                output.WriteLine($"{model.Output.Names[j]}: {(result.Bits[j] ? 1 : 0)}");
        }
    }
}

/// <summary>Writes a network's output as JSON members.</summary>
internal static class OutputJson
{
    /// <summary>Writes an <c>output</c> member: <c>{"class": …, "scores": {…}}</c> or <c>{"bits": {…}}</c>.</summary>
    public static void Write(Utf8JsonWriter json, BnnModel model, NetworkOutput result)
    {
        json.WriteStartObject("output");
        if (model.Output is ArgmaxOutput argmax)
        {
            json.WriteString("class", argmax.Classes[result.Class]);
            json.WriteStartObject("scores");
            for (int j = 0; j < argmax.Classes.Length; j++)
                json.WriteNumber(argmax.Classes[j], result.Scores[j]);
            json.WriteEndObject();
        }
        else
        {
            json.WriteStartObject("bits");
            for (int j = 0; j < result.Bits.Length; j++)
                json.WriteBoolean(model.Output.Names[j], result.Bits[j]);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }
}
