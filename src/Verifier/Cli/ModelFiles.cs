using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Import.Onnx;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Verifier.Cli;

/// <summary>Loads a model named on the command line, printing its diagnostic when it cannot.</summary>
internal static class ModelFiles
{
    /// <summary>
    /// The model at <paramref name="path"/>, or null after printing why not to <paramref name="error"/>. A path ending
    /// in <c>.onnx</c> is imported in memory (QONNX operators allowed, names from FILE.names.json), as
    /// <c>bnnverify import qonnx</c> would write it.
    /// </summary>
    public static BnnModel? Load(string path, TextWriter error)
    {
        var (model, diagnostic) = Read(path);
        if (diagnostic is not null)
            error.WriteLine(diagnostic.ToString());
        return model;
    }

    /// <summary>The model at <paramref name="path"/> (JSON or <c>.onnx</c>, as <see cref="Load"/>), or the diagnostic saying why not.</summary>
    public static (BnnModel? Model, Diagnostic? Error) Read(string path)
    {
        if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            var imported = OnnxImporter.Import(path, new OnnxImportOptions(OnnxDialect.Qonnx));
            return (imported.Model, imported.Error);
        }
        var result = ModelReader.ReadFile(path);
        return (result.Model, result.Error);
    }
}
