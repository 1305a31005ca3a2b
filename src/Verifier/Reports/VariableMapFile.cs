using System.Collections.Immutable;
using System.Globalization;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Json;
using BnnVerify.Encoding.Circuit;

namespace BnnVerify.Verifier.Reports;

/// <summary>A variable map as read back for <c>bnnverify decode</c>.</summary>
/// <param name="ModelPath">The model the problem was exported from, resolved for reading.</param>
/// <param name="SpecPath">The spec, resolved for reading.</param>
/// <param name="Contract">The contract's name.</param>
/// <param name="Inputs">Each input name with its variable number (1-based, as in the exported file), in model order.</param>
public sealed record VariableMap(string ModelPath, string SpecPath, string Contract, ImmutableArray<KeyValuePair<string, int>> Inputs);

/// <summary>
/// The variable map <c>bnnverify export</c> writes beside a problem (<c>FILE.map.json</c>, format
/// <c>bnnverify-variable-map</c>, version 1; docs/encodings.md): which model, spec and contract the problem
/// states the violation of, the variable of each input, and the names of the other named variables. Version 1
/// writes the model and spec paths relative to the map's own folder; maps without a version (written before it had
/// one) named them relative to where <c>export</c> ran and are still read.
/// </summary>
public static class VariableMapFile
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string FormatName = "bnnverify-variable-map";

    /// <summary>The map cannot be read or is malformed.</summary>
    public const string MalformedId = "BNN0962";

    /// <summary>Writes the map of <paramref name="builder"/>'s problem, exported to <paramref name="problemPath"/>, to <paramref name="path"/>.</summary>
    public static void Write(string path, string problemPath, string modelPath, string specPath, string contract,
        IReadOnlyList<string> inputNames, ConstraintBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(builder);
        using var map = new StreamWriter(path, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        JsonText.WriteObject(map, json =>
        {
            json.WriteString("format", FormatName);
            json.WriteNumber("version", 1);
            json.WriteString("model", CounterexampleFile.RelativeTo(path, modelPath));
            json.WriteString("spec", CounterexampleFile.RelativeTo(path, specPath));
            json.WriteString("contract", contract);
            json.WriteString("problem", CounterexampleFile.RelativeTo(path, problemPath));
            json.WriteString("meaning", "satisfiable iff the contract is violated; variable numbers are 1-based as in the file; paths are relative to this file");
            json.WriteStartObject("inputs");
            for (int i = 0; i < inputNames.Count; i++)
                json.WriteNumber(inputNames[i], i + 1);
            json.WriteEndObject();
            json.WriteStartObject("named");
            foreach (var (variable, name) in builder.Names.OrderBy(p => p.Key))
                json.WriteString((variable + 1).ToString(CultureInfo.InvariantCulture), name);
            json.WriteEndObject();
        });
    }

    /// <summary>Reads a map; a problem is a located diagnostic.</summary>
    public static (VariableMap? Map, Diagnostic? Error) Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            return (null, Diagnostic.Error(MalformedId, SourceLocation.OfFile(path), $"cannot read the variable map: {why}"));
        }
        try
        {
            var tree = JsonTreeReader.Read(bytes, path);
            if (tree is not JsonTreeObject root)
                return (null, At(path, tree, "expected a variable map object"));
            if ((root["format"] as JsonTreeString)?.Value != FormatName)
                return (null, At(path, root["format"] ?? root, $"this is not a variable map: 'format' must be \"{FormatName}\" (export writes it as FILE.map.json)"));
            bool relativeToMap;
            switch (root["version"])
            {
                case null:
                    relativeToMap = false;
                    break;
                case JsonTreeNumber { Text: "1" }:
                    relativeToMap = true;
                    break;
                case var other:
                    return (null, At(path, other, "unsupported variable map version; this bnnverify reads version 1"));
            }
            if (root["model"] is not JsonTreeString model)
                return (null, At(path, root["model"] ?? root, "missing 'model': the model file the problem was exported from"));
            if (root["spec"] is not JsonTreeString spec)
                return (null, At(path, root["spec"] ?? root, "missing 'spec': the spec file the contract comes from"));
            if (root["contract"] is not JsonTreeString contract)
                return (null, At(path, root["contract"] ?? root, "missing 'contract': the contract's name"));
            if (root["inputs"] is not JsonTreeObject inputs)
                return (null, At(path, root["inputs"] ?? root, "missing 'inputs': an object of input names and variable numbers"));
            var variables = ImmutableArray.CreateBuilder<KeyValuePair<string, int>>();
            foreach (var member in inputs.Members)
            {
                if (member.Value is not JsonTreeNumber number || !int.TryParse(number.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int variable) || variable < 1)
                    return (null, At(path, member.Value, $"the input '{member.Key}' must have a variable number (1 or more)"));
                variables.Add(new(member.Key, variable));
            }
            string folder = Path.GetDirectoryName(path) ?? "";
            string Locate(string saved) => relativeToMap ? CounterexampleFile.Resolve(folder, saved)
                : File.Exists(saved) ? saved : Path.Combine(folder, saved);
            return (new VariableMap(Locate(model.Value), Locate(spec.Value), contract.Value, variables.ToImmutable()), null);
        }
        catch (DiagnosticException e)
        {
            return (null, e.Diagnostic);
        }
    }

    private static Diagnostic At(string path, JsonTree node, string message) =>
        Diagnostic.Error(MalformedId, new SourceLocation(path, node.Line, node.Column, node.Path), message);
}
