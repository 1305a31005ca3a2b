using System.Globalization;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Imaging;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Verifier.Inputs;

/// <summary>
/// Reads a file of many inputs, one per line, for <c>eval --batch</c>. A line is one of: a string of 0/1
/// characters, one per input in the model's order; for a model with an <c>inputImage</c>, the grey levels of
/// all pixels (integers 0–255 separated by commas or spaces, row-major) or the path of a PNG (relative to the
/// file's folder); or the <c>--input</c> syntax (<c>a4=1,h0</c>; unlisted inputs are false). Empty lines and
/// lines starting with <c>#</c> are skipped.
/// </summary>
internal static class InputLineReader
{
    /// <summary>A line with grey levels that are not integers 0–255, or not one per pixel.</summary>
    public const string BadGreyLevelsId = "BNN0206";

    /// <summary>One input line that was read: its 1-based line number and the model's input bits.</summary>
    public readonly record struct InputLine(int Line, bool[] Inputs);

    /// <summary>
    /// The inputs of <paramref name="lines"/> in order; stops at the first line that is not an input, returning
    /// its diagnostic in <paramref name="error"/>.
    /// </summary>
    public static IEnumerable<InputLine> Read(string[] lines, string file, BnnModel model, Action<Diagnostic> error)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        for (int l = 0; l < lines.Length; l++)
        {
            string text = lines[l].Trim();
            if (text.Length == 0 || text[0] == '#')
                continue;
            var (inputs, diagnostic) = ReadLine(text, l + 1, file, folder, model);
            if (inputs is null)
            {
                error(diagnostic!);
                yield break;
            }
            yield return new InputLine(l + 1, inputs);
        }
    }

    private static (bool[]? Inputs, Diagnostic? Error) ReadLine(string text, int line, string file, string folder, BnnModel model)
    {
        if (text.Length == model.InputCount && text.All(c => c is '0' or '1'))
            return ([.. text.Select(c => c == '1')], null);
        if (model.ImageInput is { } image)
        {
            if (text.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                string path = Path.IsPathRooted(text) ? text : Path.Combine(folder, text);
                var read = ModelImage.ReadFor(model, path);
                if (read.Image is null)
                    return (null, read.Error! with { Message = $"line {line}: {read.Error!.Message}" });
                return (image.Binarize(read.Image.Levels.AsSpan()), null);
            }
            if (char.IsAsciiDigit(text[0]))
                return ReadLevels(text, line, file, image);
        }
        var diagnostics = new List<Diagnostic>();
        var inputs = InputAssignmentParser.Parse(text, file, model, diagnostics);
        if (inputs is null)
            return (null, diagnostics[0] with { Location = diagnostics[0].Location with { Line = line } });
        return (inputs, null);
    }

    private static (bool[]? Inputs, Diagnostic? Error) ReadLevels(string text, int line, string file, ImageInput image)
    {
        // Tokens with their columns, so that a bad level is pointed at exactly.
        var cells = new List<(string Text, int Column)>();
        for (int i = 0; i < text.Length;)
        {
            if (text[i] is ',' or ' ' or '\t')
            {
                i++;
                continue;
            }
            int begin = i;
            while (i < text.Length && text[i] is not (',' or ' ' or '\t'))
                i++;
            cells.Add((text[begin..i], begin + 1));
        }
        if (cells.Count != image.PixelCount)
        {
            return (null, Diagnostic.Error(BadGreyLevelsId, new SourceLocation(file, line, 1),
                $"{cells.Count} grey levels; the model reads a {image.Width}×{image.Height} image ({image.PixelCount} levels), or a string of {image.PixelCount} 0/1 bits"));
        }
        var levels = new byte[cells.Count];
        for (int i = 0; i < cells.Count; i++)
        {
            if (!byte.TryParse(cells[i].Text, NumberStyles.None, CultureInfo.InvariantCulture, out levels[i]))
            {
                return (null, Diagnostic.Error(BadGreyLevelsId, new SourceLocation(file, line, cells[i].Column),
                    $"grey level {i + 1} is '{cells[i].Text}'; expected an integer from 0 to 255"));
            }
        }
        return (image.Binarize(levels), null);
    }
}
