using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Verifier.Inputs;

/// <summary>
/// Reads an input vector written as <c>a4=1,h0=1</c> (or <c>a4 h0</c>): each item names an input and
/// optionally gives 1/0/true/false; a bare name means true; inputs not mentioned are false. Items are
/// separated by commas, spaces or new lines; <c>#</c> starts a comment to the end of the line.
/// </summary>
internal static class InputAssignmentParser
{
    /// <summary>An item names no input of the model.</summary>
    public const string UnknownInputId = "BNN0201";

    /// <summary>An item's value is not 0, 1, true or false.</summary>
    public const string BadValueId = "BNN0202";

    /// <summary>The same input is given twice.</summary>
    public const string DuplicateInputId = "BNN0203";

    /// <summary>Parses <paramref name="text"/> for <paramref name="model"/>; on a mistake returns null and adds the diagnostic.</summary>
    /// <param name="text">The assignment text.</param>
    /// <param name="origin">Where the text came from, used as the file in diagnostics (a path, or <c>--input</c>).</param>
    /// <param name="model">The model whose inputs are named.</param>
    /// <param name="diagnostics">Receives the first mistake.</param>
    public static bool[]? Parse(string text, string origin, BnnModel model, List<Diagnostic> diagnostics)
    {
        var values = new bool[model.InputCount];
        var given = new bool[model.InputCount];
        int line = 1, lineStart = 0, i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = ++i;
                continue;
            }
            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n')
                    i++;
                continue;
            }
            if (c is ',' or ' ' or '\t' or '\r' or ';')
            {
                i++;
                continue;
            }
            int start = i;
            while (i < text.Length && text[i] is not (',' or ' ' or '\t' or '\r' or '\n' or ';' or '#'))
                i++;
            string item = text[start..i];
            var location = new SourceLocation(origin, line, start - lineStart + 1);
            int equals = item.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? item : item[..equals];
            string? valueText = equals < 0 ? null : item[(equals + 1)..];
            int index = model.IndexOfInput(name);
            if (index < 0)
            {
                diagnostics.Add(Diagnostic.Error(UnknownInputId, location,
                    $"'{name}' is not an input of model '{model.Name}'{NameSuggestions.DidYouMean(name, model.InputNames)}"));
                return null;
            }
            bool value;
            switch (valueText)
            {
                case null or "1" or "true":
                    value = true;
                    break;
                case "0" or "false":
                    value = false;
                    break;
                default:
                    diagnostics.Add(Diagnostic.Error(BadValueId, location with { Column = location.Column + equals + 1 },
                        $"the value of '{name}' must be 1, 0, true or false, not '{valueText}'"));
                    return null;
            }
            if (given[index])
            {
                diagnostics.Add(Diagnostic.Error(DuplicateInputId, location, $"'{name}' is given twice"));
                return null;
            }
            given[index] = true;
            values[index] = value;
        }
        return values;
    }
}
