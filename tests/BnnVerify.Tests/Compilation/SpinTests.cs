using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Encoding.Compilation;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Compilation;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Tests.Compilation;

/// <summary>SPIN's exhaustive search of the Promela translation reaches the verdict the exhaustive checker reaches.</summary>
public class SpinTests
{
    public static TheoryData<string, string, string> Contracts() => new()
    {
        { "models/xor.json", "specs/xor.contract", "computes_xor" },
        { "models/xor.json", "specs/xor.contract", "symmetric" },
        { "models/showcase.json", "specs/showcase.contract", "walk_only_on_request" },
        { "models/showcase.json", "specs/showcase.contract", "no_walk_in_danger" },
        { "models/showcase.json", "specs/showcase.contract", "fault_flashes_clearly" },
    };

    [ToolTheory("spin", "gcc")]
    [MemberData(nameof(Contracts))]
    public void Spin_reaches_the_verdict_of_check(string modelPath, string specPath, string contractName)
    {
        string spin = ExternalTools.Find("spin")!, gcc = ExternalTools.Find("gcc")!;
        var model = ModelReader.ReadFile(modelPath).Model!;
        var contract = SpecLoader.Load(specPath, model).Spec!.Contracts.Single(c => c.Name == contractName);
        var expected = new ExhaustiveChecker(PackedNetwork.Compile(model), new ExhaustiveOptions(1 << 20, 1)).Check(contract, null, CancellationToken.None);
        string folder = ExternalTools.ScratchFolder($"spin-{model.Name}-{contractName}");
        using (var writer = new StreamWriter(Path.Combine(folder, "model.pml")) { NewLine = "\n" })
            PromelaCompiler.Write(FoldedNetwork.Fold(model), contract, writer);
        ExternalTools.Run(spin, ["-a", "model.pml"], folder);
        ExternalTools.Run(gcc, ["-O0", "-DSAFETY", "-o", "pan", "pan.c"], folder);
        string output = RunPan(Path.Combine(folder, "pan"), folder);
        bool violated = output.Contains("assertion violated", StringComparison.Ordinal);
        Assert.True(output.Contains("errors: " + (violated ? "1" : "0"), StringComparison.Ordinal), output);
        Assert.Equal(expected.Verdict == Verdict.Violated, violated);
    }

    // pan exits 0 whether or not it finds an error; its report says which.
    private static string RunPan(string pan, string folder) => ExternalTools.Run(pan, [], folder);
}
