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
        if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            var imported = OnnxImporter.Import(path, new OnnxImportOptions(OnnxDialect.Qonnx));
            if (imported.Error is not null)
                error.WriteLine(imported.Error.ToString());
            return imported.Model;
        }
        var result = ModelReader.ReadFile(path);
        if (result.Error is not null)
            error.WriteLine(result.Error.ToString());
        return result.Model;
    }
}
