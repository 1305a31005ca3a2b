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
/// The counterexample file format (<c>bnnverify-counterexample</c>, version 1): which model, spec and
/// contract, every input by name, and what the network answered and which clauses failed when it was found.
/// </summary>
public static class CounterexampleFile
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string FormatName = "bnnverify-counterexample";

    /// <summary>The counterexample file cannot be read or is malformed.</summary>
    public const string MalformedId = "BNN0400";

    /// <summary>Writes the file for one counterexample.</summary>
    public static void Write(string path, string modelPath, string specPath, string contract, BnnModel model, Counterexample counterexample)
    {
        ArgumentNullException.ThrowIfNull(counterexample);
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        JsonText.WriteObject(writer, json =>
        {
            json.WriteString("format", FormatName);
            json.WriteNumber("version", 1);
            json.WriteString("model", modelPath);
            json.WriteString("spec", specPath);
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
            if (root["version"] is not JsonTreeNumber { Text: "1" })
                return (null, At(path, root["version"] ?? root, "unsupported counterexample version; this bnnverify reads version 1"));
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
            // The spec path was written relative to where check ran; fall back to the counterexample's own folder.
            string specPath = File.Exists(spec.Value) ? spec.Value : Path.Combine(Path.GetDirectoryName(path) ?? "", spec.Value);
            return (new SavedCounterexample(specPath, contract.Value, values.ToImmutable()), null);
        }
        catch (DiagnosticException e)
        {
            return (null, e.Diagnostic);
        }
    }

    private static Diagnostic At(string path, JsonTree node, string message) =>
        Diagnostic.Error(MalformedId, new SourceLocation(path, node.Line, node.Column, node.Path), message);
}
