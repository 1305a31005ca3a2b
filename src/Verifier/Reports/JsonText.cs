using System.Text.Json;

namespace BnnVerify.Verifier.Reports;

/// <summary>Writes one indented JSON object to a <see cref="TextWriter"/>.</summary>
internal static class JsonText
{
    /// <summary>Writes <c>{ … }</c> with the members <paramref name="body"/> writes, then a new line.</summary>
    public static void WriteObject(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
