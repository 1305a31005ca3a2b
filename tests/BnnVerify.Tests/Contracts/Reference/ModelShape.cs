using System.Collections.Immutable;
using BnnVerify.Bnn.Model;
using BnnVerify.Tests.Bnn;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Contracts.Reference;

/// <summary>
/// A small random model renamed for contract tests: inputs <c>x0..</c> or <c>x_0..</c> (the family
/// <c>x</c>), outputs <c>y…</c> (bits) or classes <c>c…</c> (argmax), and sometimes a last input or
/// output named by a reserved word (<c>`xor`</c>), which is outside the family.
/// </summary>
internal sealed class ModelShape
{
    public const string InputFamily = "x";

    private ModelShape(BnnModel model, string separator, string? reservedInput, string? reservedOutput)
    {
        Model = model;
        Separator = separator;
        ReservedInput = reservedInput;
        ReservedOutput = reservedOutput;
    }

    public BnnModel Model { get; }

    public string Separator { get; }

    public string? ReservedInput { get; }

    public string? ReservedOutput { get; }

    public int InputCount => Model.InputCount;

    public bool IsArgmax => Model.Output is ArgmaxOutput;

    public int OutputCount => Model.Output.Names.Length;

    /// <summary>Inputs 0..InputFamilySize-1 belong to the family <c>x</c>; a reserved-word input is the last one.</summary>
    public int InputFamilySize => ReservedInput is null ? InputCount : InputCount - 1;

    public int OutputFamilySize => ReservedOutput is null ? OutputCount : OutputCount - 1;

    public string OutputFamily => IsArgmax ? "c" : "y";

    public NameKind OutputKind => IsArgmax ? NameKind.Class : NameKind.OutputBit;

    /// <summary>
    /// Random small models: mostly up to 10 inputs and 3 layers, argmax or bits; some with 11 or 12 inputs,
    /// because the checker splits the first 10 inputs of its order into parallel tasks, so only larger
    /// models reach its pruning and cube enumeration.
    /// </summary>
    public static Gen<ModelShape> Generate() =>
        Generate(Gen.Frequency(
            (10, ModelGenerators.Models(maxWidth: 10, maxLayers: 3)),
            (1, ModelGenerators.Models(maxWidth: 12, maxLayers: 2).Where(m => m.InputCount > 10))));

    /// <summary>The models of <paramref name="models"/>, renamed as above (the solver tests draw larger models).</summary>
    public static Gen<ModelShape> Generate(Gen<BnnModel> models) =>
        from model in models
        from separator in Gen.Elements("", "_")
        from reserveInput in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from inputWord in Gen.Elements("xor", "in", "class", "not")
        from reserveOutput in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from outputWord in Gen.Elements("iff", "implies", "true", "requires")
        select Rename(model, separator, reserveInput && model.InputCount >= 2 ? inputWord : null,
            reserveOutput && model.Output.Names.Length >= 2 ? outputWord : null);

    private static ModelShape Rename(BnnModel model, string separator, string? reservedInput, string? reservedOutput)
    {
        string outputFamily = model.Output is ArgmaxOutput ? "c" : "y";
        var inputs = Enumerable.Range(0, model.InputCount)
            .Select(i => reservedInput is not null && i == model.InputCount - 1 ? reservedInput : $"{InputFamily}{separator}{i}")
            .ToImmutableArray();
        int outputCount = model.Output.Names.Length;
        var outputs = Enumerable.Range(0, outputCount)
            .Select(j => reservedOutput is not null && j == outputCount - 1 ? reservedOutput : $"{outputFamily}{separator}{j}")
            .ToImmutableArray();
        ModelOutput output = model.Output is ArgmaxOutput argmax ? new ArgmaxOutput(outputs, argmax.TieBreak) : new BitsOutput(outputs);
        var renamed = new BnnModel("contract-test", inputs, model.Layers, output, model.SignAtZero);
        return new ModelShape(renamed, separator, reservedInput, reservedOutput);
    }

    public string InputName(int i) => Model.InputNames[i];

    public string OutputName(int j) => Model.Output.Names[j];
}
