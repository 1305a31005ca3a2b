using System.Globalization;
using BnnVerify.Bnn.Model;
using BnnVerify.Tests.Bnn;
using BnnVerify.Tests.Contracts.Reference;
using BnnVerify.Verifier.Contracts.Semantics;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Solving;

/// <summary>Random <see cref="DifferentialCase"/>s for the solver tests, and loading their specs.</summary>
internal static class SolverCases
{
    /// <summary>
    /// Random cases on <paramref name="models"/>: every model feature of <see cref="ModelGenerators"/> (integer
    /// layers, pruned weights, both tie rules, bit outputs), random contracts from <see cref="ContractGenerators"/>
    /// (scores, counts, classes, quantifiers) and the <see cref="SemanticContracts"/> a solver must prove.
    /// </summary>
    public static Gen<DifferentialCase> Generate(Gen<BnnModel> models, Gen<long> maxInputsForAuto) =>
        from shape in ModelShape.Generate(models)
        from random in ContractGenerators.Specs(shape)
        from spec in SemanticContracts.AddTo(shape, random)
        from maxCounterexamples in Gen.Frequency((4, Gen.Choose(0, 3)), (1, Gen.Constant(6)))
        from bound in maxInputsForAuto
        select new DifferentialCase(shape, spec, maxCounterexamples, bound);

    /// <summary>Models with up to <paramref name="maxInputs"/> (at most 10) inputs, where most of the language's corner cases show.</summary>
    public static Gen<BnnModel> SmallModels(int maxInputs) =>
        ModelGenerators.Models(maxWidth: Math.Min(maxInputs, 10), maxLayers: 3).Where(m => m.InputCount <= maxInputs);

    /// <summary>
    /// Models with 11 to <paramref name="maxInputs"/> inputs: a solver has real work to do, and exhaustive checking
    /// (the reference, 2^n inputs) stays within milliseconds up to about 16 inputs.
    /// </summary>
    public static Gen<BnnModel> LargeModels(int maxInputs) =>
        ModelGenerators.Models(Gen.Choose(11, maxInputs), maxWidth: maxInputs, maxLayers: 3);

    /// <summary>Writes the spec of <paramref name="c"/> (and its input-vector files) to a fresh folder under <paramref name="root"/> and loads it.</summary>
    public static (ElaboratedSpec Spec, string Folder) Load(DifferentialCase c, string root, int number)
    {
        string folder = Path.Combine(root, number.ToString(CultureInfo.InvariantCulture));
        var loaded = SpecLoader.Load(c.WriteSpec(folder), c.Shape.Model);
        Assert.True(loaded.Succeeded, $"the generated spec does not load: {string.Join("; ", loaded.Diagnostics)}");
        var spec = loaded.Spec!;
        Assert.Equal(c.Spec.ContractsInFileOrder.Select(k => k.Name), spec.Contracts.Select(k => k.Name));
        return (spec, folder);
    }
}
