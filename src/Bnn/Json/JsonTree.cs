using System.Collections.Immutable;

namespace BnnVerify.Bnn.Json;

/// <summary>
/// A JSON value that remembers where it came from (line, column, JSON path), so that every complaint
/// about a model file can point at the offending value. Numbers keep their source text, so that they
/// can be read exactly.
/// </summary>
public abstract class JsonTree
{
    private protected JsonTree(int line, int column, string path)
    {
        Line = line;
        Column = column;
        Path = path;
    }

    /// <summary>1-based line of the value's first character.</summary>
    public int Line { get; }

    /// <summary>1-based column of the value's first character.</summary>
    public int Column { get; }

    /// <summary>The JSON path of the value, e.g. <c>$.layers[0].weights</c>.</summary>
    public string Path { get; }

    /// <summary>What kind of value this is, in the words used in messages ("an object", "a number", ...).</summary>
    public abstract string KindDescription { get; }
}

/// <summary>A JSON object with its members in file order; keys are unique (the reader rejects duplicates).</summary>
public sealed class JsonTreeObject : JsonTree
{
    internal JsonTreeObject(int line, int column, string path, ImmutableArray<KeyValuePair<string, JsonTree>> members, string sourceText)
        : base(line, column, path)
    {
        Members = members;
        SourceText = sourceText;
    }

    /// <summary>The members in file order.</summary>
    public ImmutableArray<KeyValuePair<string, JsonTree>> Members { get; }

    /// <summary>The object's text exactly as written (used to keep free-form metadata verbatim).</summary>
    public string SourceText { get; }

    /// <summary>The member called <paramref name="key"/>, or null.</summary>
    public JsonTree? this[string key]
    {
        get
        {
            foreach (var member in Members)
            {
                if (member.Key == key)
                    return member.Value;
            }
            return null;
        }
    }

    /// <inheritdoc/>
    public override string KindDescription => "an object";
}

/// <summary>A JSON array.</summary>
public sealed class JsonTreeArray : JsonTree
{
    internal JsonTreeArray(int line, int column, string path, ImmutableArray<JsonTree> items)
        : base(line, column, path) => Items = items;

    /// <summary>The elements in order.</summary>
    public ImmutableArray<JsonTree> Items { get; }

    /// <inheritdoc/>
    public override string KindDescription => "an array";
}

/// <summary>A JSON number, kept as its source text.</summary>
public sealed class JsonTreeNumber : JsonTree
{
    internal JsonTreeNumber(int line, int column, string path, string text)
        : base(line, column, path) => Text = text;

    /// <summary>The literal as written, e.g. <c>-1.5e-3</c>.</summary>
    public string Text { get; }

    /// <inheritdoc/>
    public override string KindDescription => "a number";
}

/// <summary>A JSON string.</summary>
public sealed class JsonTreeString : JsonTree
{
    internal JsonTreeString(int line, int column, string path, string value)
        : base(line, column, path) => Value = value;

    /// <summary>The unescaped value.</summary>
    public string Value { get; }

    /// <inheritdoc/>
    public override string KindDescription => "a string";
}

/// <summary>JSON <c>true</c> or <c>false</c>.</summary>
public sealed class JsonTreeBoolean : JsonTree
{
    internal JsonTreeBoolean(int line, int column, string path, bool value)
        : base(line, column, path) => Value = value;

    /// <summary>The value.</summary>
    public bool Value { get; }

    /// <inheritdoc/>
    public override string KindDescription => "a boolean";
}

/// <summary>JSON <c>null</c>.</summary>
public sealed class JsonTreeNull : JsonTree
{
    internal JsonTreeNull(int line, int column, string path)
        : base(line, column, path)
    {
    }

    /// <inheritdoc/>
    public override string KindDescription => "null";
}
