using System.Text.Json;

namespace BnnVerify.Verifier.Reports;

/// <summary>Writes one JSON object to a <see cref="TextWriter"/>: indented, or on one line (JSON lines).</summary>
internal static class JsonText
{
    /// <summary>Writes <c>{ … }</c> with the members <paramref name="body"/> writes, then a new line.</summary>
    public static void WriteObject(TextWriter output, Action<Utf8JsonWriter> body) => Write(output, body, indented: true);

    /// <summary>Writes <c>{ … }</c> on one line (a JSON-lines record), then a new line.</summary>
    public static void WriteLine(TextWriter output, Action<Utf8JsonWriter> body) => Write(output, body, indented: false);

    private static void Write(TextWriter output, Action<Utf8JsonWriter> body, bool indented)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
