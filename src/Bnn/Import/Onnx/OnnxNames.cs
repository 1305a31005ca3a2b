using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Bnn.Import.Onnx;

/// <summary>How a graph input tensor's values stand for booleans.</summary>
public enum OnnxInputValues
{
    /// <summary>true is +1, false is −1 (the model format's own convention).</summary>
    PlusMinusOne,

    /// <summary>true is 1, false is 0.</summary>
    ZeroOne,
}

/// <summary>
/// The sidecar naming file of an ONNX model (<c>FILE.names.json</c> beside it, or <c>--names FILE</c>):
/// <c>{"inputs": [...], "classes": [...], "bits": [...], "inputValues": [-1, 1] | [0, 1]}</c>, every field optional.
/// </summary>
/// <param name="Inputs">One name per element of the graph input, flattened row-major; default: input name + index.</param>
/// <param name="Classes">One name per class score (argmax output); default: the class prefix + index.</param>
/// <param name="Bits">One name per output bit (sign output); default: output name + index.</param>
/// <param name="InputValues">What the input tensor's two values are.</param>
/// <param name="File">The file the names came from, for diagnostics; null when there is none.</param>
public sealed record OnnxNames(ImmutableArray<string>? Inputs, ImmutableArray<string>? Classes, ImmutableArray<string>? Bits,
    OnnxInputValues InputValues, string? File)
{
    /// <summary>No names file: everything from the graph.</summary>
    public static OnnxNames None { get; } = new(null, null, null, OnnxInputValues.PlusMinusOne, null);

    /// <summary>The sidecar that belongs to <paramref name="onnxPath"/>: <c>FILE.names.json</c> for <c>FILE.onnx</c>.</summary>
    public static string SidecarOf(string onnxPath) =>
        Path.ChangeExtension(onnxPath, null) + ".names.json";

    /// <summary>Reads a names file; throws a located diagnostic when it is malformed.</summary>
    public static OnnxNames Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = System.IO.File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DiagnosticException(Diagnostic.Error(OnnxDiagnosticIds.Unreadable, SourceLocation.OfFile(path), "cannot read the names file: " + e.Message));
        }
        var tree = JsonTreeReader.Read(bytes, path);
        if (tree is not JsonTreeObject root)
            throw Fail(path, tree, "expected an object {\"inputs\": [...], \"classes\": [...], \"bits\": [...], \"inputValues\": [0, 1]}");
        ImmutableArray<string>? inputs = null, classes = null, bits = null;
        var values = OnnxInputValues.PlusMinusOne;
        foreach (var (key, value) in root.Members)
        {
            switch (key)
            {
                case "inputs": inputs = NameList(path, value); break;
                case "classes": classes = NameList(path, value); break;
                case "bits": bits = NameList(path, value); break;
                case "inputValues":
                    values = value is JsonTreeArray { Items: [JsonTreeNumber lo, JsonTreeNumber hi] } && hi.Text == "1" && lo.Text is "0" or "-1"
                        ? (lo.Text == "0" ? OnnxInputValues.ZeroOne : OnnxInputValues.PlusMinusOne)
                        : throw Fail(path, value, "inputValues is [-1, 1] (false is -1, true is +1) or [0, 1] (false is 0, true is 1)");
                    break;
                default:
                    throw Fail(path, value, $"unknown field '{key}'; a names file has inputs, classes, bits and inputValues");
            }
        }
        return new OnnxNames(inputs, classes, bits, values, path);
    }

    private static ImmutableArray<string> NameList(string path, JsonTree value)
    {
        if (value is not JsonTreeArray array || array.Items.IsEmpty)
            throw Fail(path, value, "expected a non-empty list of names");
        var names = ImmutableArray.CreateBuilder<string>(array.Items.Length);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in array.Items)
        {
            if (item is not JsonTreeString { Value: var name } || !BnnModel.IsValidName(name))
                throw Fail(path, item, "a name is an identifier: a letter or '_', then letters, digits or '_'");
            if (!seen.Add(name))
                throw Fail(path, item, $"the name '{name}' occurs twice");
            names.Add(name);
        }
        return names.MoveToImmutable();
    }

    internal static DiagnosticException Fail(string path, JsonTree where, string message) =>
        new(Diagnostic.Error(OnnxDiagnosticIds.BadNames, new SourceLocation(path, where.Line, where.Column, where.Path), message));
}
