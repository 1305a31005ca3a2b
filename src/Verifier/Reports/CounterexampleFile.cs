using System.Collections.Immutable;
using System.Text.Json;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Files;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Checking;

namespace BnnVerify.Verifier.Reports;

/// <summary>A saved counterexample as read back for <c>bnnverify replay</c>.</summary>
/// <param name="SpecPath">The spec the contract comes from, resolved for reading.</param>
/// <param name="Contract">The contract's name.</param>
/// <param name="Inputs">The input values by name.</param>
public sealed record SavedCounterexample(string SpecPath, string Contract, ImmutableDictionary<string, bool> Inputs);

/// <summary>
/// The counterexample file format (<c>bnnverify-counterexample</c>, version 2): which model, spec and
/// contract, every input by name, and what the network answered and which clauses failed when it was found.
/// Version 2 writes the model and spec paths relative to the counterexample file's own folder, so that the file
/// replays from any working directory and after its folder is moved together with the files it names; version 1
/// files (paths relative to where <c>check</c> ran) are still read.
/// </summary>
public static class CounterexampleFile
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string FormatName = "bnnverify-counterexample";

    /// <summary>The counterexample file cannot be read or is malformed.</summary>
    public const string MalformedId = "BNN0400";

    /// <summary>The version this bnnverify writes.</summary>
    public const int CurrentVersion = 2;

    /// <summary>Writes the file for one counterexample; <paramref name="modelPath"/> and <paramref name="specPath"/> are recorded relative to <paramref name="path"/>'s folder.</summary>
    public static void Write(string path, string modelPath, string specPath, string contract, BnnModel model, Counterexample counterexample)
    {
        ArgumentNullException.ThrowIfNull(counterexample);
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        JsonText.WriteObject(writer, json =>
        {
            json.WriteString("format", FormatName);
            json.WriteNumber("version", CurrentVersion);
            json.WriteString("model", RelativeTo(path, modelPath));
            json.WriteString("spec", RelativeTo(path, specPath));
            json.WriteString("contract", contract);
            WriteBody(json, model, counterexample);
        });
    }

    /// <summary>The members shared with the JSON report: inputs, true inputs, output, failed clauses.</summary>
    internal static void WriteBody(Utf8JsonWriter json, BnnModel model, Counterexample counterexample)
    {
        json.WriteStartObject("inputs");
        for (int i = 0; i < model.InputCount; i++)
            json.WriteBoolean(model.InputNames[i], counterexample.Inputs[i]);
        json.WriteEndObject();
        json.WriteStartArray("trueInputs");
        for (int i = 0; i < model.InputCount; i++)
        {
            if (counterexample.Inputs[i])
                json.WriteStringValue(model.InputNames[i]);
        }
        json.WriteEndArray();
        OutputJson.Write(json, model, counterexample.Output);
        json.WriteStartArray("failedClauses");
        foreach (var clause in counterexample.FailedClauses)
        {
            json.WriteStartObject();
            json.WriteString("text", "ensures " + clause.Text);
            JsonReport.WriteLocation(json, "location", clause.Location);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>Reads a counterexample file; a problem is a located diagnostic.</summary>
    public static (SavedCounterexample? Counterexample, Diagnostic? Error) Read(string path)
    {
        var contents = InputFileReader.Read(path, "the counterexample file", MalformedId);
        if (contents.Bytes is not { } bytes)
            return (null, contents.Error);
        try
        {
            var tree = JsonTreeReader.Read(bytes, path);
            if (tree is not JsonTreeObject root)
                return (null, At(path, tree, "expected a counterexample object"));
            if ((root["format"] as JsonTreeString)?.Value != FormatName)
                return (null, At(path, root["format"] ?? root, $"this is not a counterexample file: 'format' must be \"{FormatName}\""));
            if (root["version"] is not JsonTreeNumber { Text: "1" or "2" } version)
                return (null, At(path, root["version"] ?? root, "unsupported counterexample version; this bnnverify reads versions 1 and 2"));
            if (root["spec"] is not JsonTreeString spec)
                return (null, At(path, root["spec"] ?? root, "missing 'spec': the spec file the contract comes from"));
            if (root["contract"] is not JsonTreeString contract)
                return (null, At(path, root["contract"] ?? root, "missing 'contract': the contract's name"));
            if (root["inputs"] is not JsonTreeObject inputs)
                return (null, At(path, root["inputs"] ?? root, "missing 'inputs': an object of input names and booleans"));
            var values = ImmutableDictionary.CreateBuilder<string, bool>(StringComparer.Ordinal);
            foreach (var member in inputs.Members)
            {
                if (member.Value is not JsonTreeBoolean value)
                    return (null, At(path, member.Value, $"the input '{member.Key}' must be true or false"));
                values[member.Key] = value.Value;
            }
            string folder = Path.GetDirectoryName(path) ?? "";
            // Version 2 is relative to this file's folder. Version 1 was written relative to where check ran; it falls back to the folder.
            string specPath = version.Text == "2" ? Resolve(folder, spec.Value)
                : File.Exists(spec.Value) ? spec.Value : Path.Combine(folder, spec.Value);
            return (new SavedCounterexample(specPath, contract.Value, values.ToImmutable()), null);
        }
        catch (DiagnosticException e)
        {
            return (null, e.Diagnostic);
        }
    }

    /// <summary><paramref name="target"/> as seen from the folder of <paramref name="file"/>, with '/' separators.</summary>
    internal static string RelativeTo(string file, string target)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(file)) ?? "";
        string full = Path.GetFullPath(target);
        // Files with no common folder below the root (/tmp/x.json naming /work/m.json) keep the absolute path: it moves with neither.
        if (TopFolder(folder) != TopFolder(full))
            return full.Replace('\\', '/');
        return Path.GetRelativePath(folder, full).Replace('\\', '/');
    }

    private static string TopFolder(string fullPath)
    {
        string rest = fullPath[Path.GetPathRoot(fullPath)!.Length..];
        int end = rest.IndexOfAny(['/', '\\']);
        return Path.GetPathRoot(fullPath) + (end < 0 ? rest : rest[..end]);
    }

    /// <summary>A path saved relative to <paramref name="folder"/>, as a path for the current directory (shortest form).</summary>
    internal static string Resolve(string folder, string saved)
    {
        string full = Path.GetFullPath(Path.Combine(folder, saved));
        return Path.IsPathRooted(saved) ? saved : Path.GetRelativePath(Environment.CurrentDirectory, full).Replace('\\', '/');
    }

    private static Diagnostic At(string path, JsonTree node, string message) =>
        Diagnostic.Error(MalformedId, new SourceLocation(path, node.Line, node.Column, node.Path), message);
}
