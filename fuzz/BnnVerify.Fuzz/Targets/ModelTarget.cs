using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;

namespace BnnVerify.Fuzz.Targets;

/// <summary>
/// The JSON model reader (<see cref="ModelReader.Read"/>, what every verb runs first). A model it accepts must
/// also compile to the packed engine and evaluate one input: the reader's checks are what make that safe.
/// </summary>
public sealed class ModelTarget : FuzzTarget
{
    /// <summary>The target's name.</summary>
    public const string TargetName = "model";

    /// <inheritdoc/>
    public override string Name => TargetName;

    /// <inheritdoc/>
    public override void Run(byte[] input)
    {
        var result = ModelReader.Read(input, "fuzz.json");
        if (!result.Succeeded)
            return;
        var model = result.Model!;
        var network = PackedNetwork.Compile(model);
        var bits = new ulong[PackedBits.WordsFor(model.InputCount)];
        var workspace = network.CreateWorkspace();
        network.Evaluate(bits, workspace);
    }
}
