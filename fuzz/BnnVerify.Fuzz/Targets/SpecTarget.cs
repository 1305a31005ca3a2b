using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Fuzz.Targets;

/// <summary>
/// The spec lexer, parser and elaborator (<see cref="SpecLoader.Load"/>) against one fixed bundled model,
/// models/tictactoe-move.json: its families (a[i], h[i], move[i]) and argmax output reach the parts of the
/// elaborator a flat model would not. Every clause of a spec that loads is evaluated once, on the all-false input.
/// </summary>
public sealed class SpecTarget : FuzzTarget
{
    /// <summary>The target's name.</summary>
    public const string TargetName = "spec";

    /// <summary>The model every fuzzed spec is elaborated against.</summary>
    public const string ModelPath = "models/tictactoe-move.json";

    // Read once per process: the model is not what this target fuzzes.
    private static readonly Lazy<(BnnModel Model, PackedNetwork Network)> Fixed = new(() =>
    {
        // The bundled specs sit beside the scratch file, so the corpus's `include "tictactoe.contract"` resolves.
        foreach (string spec in Directory.GetFiles("specs", "*.contract"))
            File.Copy(spec, Path.Combine(FuzzTargets.ScratchDirectory, Path.GetFileName(spec)), overwrite: true);
        var model = ModelReader.ReadFile(ModelPath).Model
            ?? throw new InvalidOperationException($"the spec target needs {ModelPath} (run from the repository root)");
        return (model, PackedNetwork.Compile(model));
    });

    /// <inheritdoc/>
    public override string Name => TargetName;

    /// <inheritdoc/>
    public override void Run(byte[] input)
    {
        var (model, network) = Fixed.Value;
        // SpecLoader reads a path (includes are relative to it), so the input goes through a scratch file.
        string path = FuzzTargets.WriteScratchFile(input, ".contract");
        var loaded = SpecLoader.Load(path, model);
        if (!loaded.Succeeded)
            return;
        var workspace = network.CreateWorkspace();
        var assignment = new Assignment(model.InputCount, network.OutputCount);
        network.Evaluate(assignment.InputBits, workspace);
        assignment.SetOutput(workspace);
        foreach (var contract in loaded.Spec!.Contracts)
        {
            foreach (var clause in contract.Requires.Concat(contract.Ensures))
                clause.Formula.Evaluate(assignment);
        }
    }
}
