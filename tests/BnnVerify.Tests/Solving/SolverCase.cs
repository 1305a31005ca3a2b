using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Tests.Bnn;
using BnnVerify.Tests.Contracts.Reference;
using BnnVerify.Verifier.Contracts.Semantics;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Solving;

/// <summary>One random case for the solver tests: a model, a spec as text, and the checker's knobs. Prints everything needed to replay it.</summary>
internal sealed record SolverCase(ModelShape Shape, RefSpec Spec, int MaxCounterexamples, long MaxInputs)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"--max-counterexamples {MaxCounterexamples} --max-inputs {MaxInputs}\n");
        text.Append("---- spec.contract\n").Append(Spec.Text());
        foreach (var vector in Spec.Vectors)
            text.Append("---- ").Append(vector.File).Append('\n').Append(vector.FileText);
        text.Append("---- model.json\n").Append(ModelWriter.Write(Shape.Model));
        return text.ToString();
    }

    /// <summary>
    /// Random cases on <paramref name="models"/>: every model feature of <see cref="ModelGenerators"/> (integer
    /// layers, pruned weights, both tie rules, bit outputs), random contracts from <see cref="ContractGenerators"/>
    /// (scores, counts, classes, quantifiers) and the <see cref="SemanticContracts"/> a solver must prove.
    /// </summary>
    public static Gen<SolverCase> Generate(Gen<BnnModel> models, Gen<long> maxInputsForAuto) =>
        from shape in ModelShape.Generate(models)
        from random in ContractGenerators.Specs(shape)
        from spec in SemanticContracts.AddTo(shape, random)
        from maxCounterexamples in Gen.Frequency((4, Gen.Choose(0, 3)), (1, Gen.Constant(6)))
        from bound in maxInputsForAuto
        select new SolverCase(shape, spec, maxCounterexamples, bound);

    /// <summary>Models with up to <paramref name="maxInputs"/> (at most 10) inputs, where most of the language's corner cases show.</summary>
    public static Gen<BnnModel> SmallModels(int maxInputs) =>
        ModelGenerators.Models(maxWidth: Math.Min(maxInputs, 10), maxLayers: 3).Where(m => m.InputCount <= maxInputs);

    /// <summary>
    /// Models with 11 to <paramref name="maxInputs"/> inputs: a solver has real work to do, and exhaustive checking
    /// (the reference, 2^n inputs) stays within milliseconds up to about 16 inputs.
    /// </summary>
    public static Gen<BnnModel> LargeModels(int maxInputs) =>
        ModelGenerators.Models(Gen.Choose(11, maxInputs), maxWidth: maxInputs, maxLayers: 3);

    /// <summary>Writes the spec (and its input-vector files) to a fresh folder under <paramref name="root"/> and loads it.</summary>
    public (ElaboratedSpec Spec, string Folder) Load(string root, int number)
    {
        string folder = Path.Combine(root, number.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        foreach (var vector in Spec.Vectors)
            File.WriteAllText(Path.Combine(folder, vector.File), vector.FileText);
        string path = Path.Combine(folder, "spec.contract");
        File.WriteAllText(path, Spec.Text());
        var loaded = SpecLoader.Load(path, Shape.Model);
        Assert.True(loaded.Succeeded, $"the generated spec does not load: {string.Join("; ", loaded.Diagnostics)}");
        var spec = loaded.Spec!;
        Assert.Equal(Spec.ContractsInFileOrder.Select(k => k.Name), spec.Contracts.Select(k => k.Name));
        return (spec, folder);
    }

    /// <summary>The input as the reference interpreter sees it: the naive evaluator's class, scores and bits.</summary>
    public static Point ReferencePoint(BnnModel model, bool[] inputs)
    {
        var (winner, outputs) = NaiveEvaluator.Evaluate(model, inputs);
        return winner >= 0
            ? new Point(inputs, winner, [.. outputs.Select(o => (long)o)], [])
            : new Point(inputs, -1, [], [.. outputs.Select(o => o > 0.5)]);
    }

    /// <summary>Inputs as a 0/1 string, input 0 first.</summary>
    public static string Key(IEnumerable<bool> inputs) => string.Concat(inputs.Select(b => b ? '1' : '0'));
}
