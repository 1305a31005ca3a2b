namespace BnnVerify.Encoding.Compilation;

/// <summary>Writes generated code line by line with \n endings whatever the platform, so that outputs are byte-identical everywhere.</summary>
internal sealed class CodeWriter(TextWriter writer)
{
    /// <summary>Writes one line.</summary>
    public void Line(string text = "")
    {
        writer.Write(text);
        writer.Write('\n');
    }
}
