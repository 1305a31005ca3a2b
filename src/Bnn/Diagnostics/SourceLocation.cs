using System.Globalization;

namespace BnnVerify.Bnn.Diagnostics;

/// <summary>A place in a user's file: 1-based line and column, and for JSON files the path of the value.</summary>
/// <param name="File">The file as the user named it (relative paths stay relative).</param>
/// <param name="Line">1-based line; 0 when the whole file is meant (for example a missing file).</param>
/// <param name="Column">1-based column; 0 when the whole line or file is meant.</param>
/// <param name="JsonPath">For JSON files, the path of the offending value, e.g. <c>$.layers[0].weights[1][2]</c>.</param>
public sealed record SourceLocation(string File, int Line, int Column, string? JsonPath = null)
{
    /// <summary>A location that names only a file.</summary>
    public static SourceLocation OfFile(string file) => new(file, 0, 0);

    /// <summary>The MSBuild-style prefix <c>file(line,col)</c> that editors and CI annotators understand.</summary>
    public override string ToString()
    {
        if (Line <= 0)
            return File;
        return Column <= 0
            ? string.Create(CultureInfo.InvariantCulture, $"{File}({Line})")
            : string.Create(CultureInfo.InvariantCulture, $"{File}({Line},{Column})");
    }
}
