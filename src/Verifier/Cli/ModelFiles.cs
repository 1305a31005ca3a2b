using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Verifier.Cli;

/// <summary>Loads a model named on the command line, printing its diagnostic when it cannot.</summary>
internal static class ModelFiles
{
    /// <summary>The model at <paramref name="path"/>, or null after printing why not to <paramref name="error"/>.</summary>
    public static BnnModel? Load(string path, TextWriter error)
    {
        var result = ModelReader.ReadFile(path);
        if (result.Error is not null)
            error.WriteLine(result.Error.ToString());
        return result.Model;
    }
}
