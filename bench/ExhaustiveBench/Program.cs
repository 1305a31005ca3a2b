// exhaustive-bench: exhaustive checking of the bundled contracts with the generic precondition search and with the
// block enumeration, alternating in one process, checking that both give the same verdicts, counts and
// counterexamples, and printing the per-input cost of each as a Markdown table (docs/benchmarks.md).
//
//   dotnet run -c Release --project bench/ExhaustiveBench -- [--repeat N] [--threads T] [--always] [--synthetic] [MODEL:SPEC ...]
//
// Without MODEL:SPEC pairs it measures the bundled tic-tac-toe, zoo and house-votes contracts (digits' are Hamming
// balls, which the ball search decides). --synthetic adds generated free-block contracts on digits, dna-splice and
// mnist (most inputs fixed to a pattern, a block free), written to a temporary folder. --always uses the block
// enumeration for every block-shaped precondition, not only where it wins.
using System.Diagnostics;
using System.Globalization;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

int repeat = 5, threads = 1;
bool always = false, synthetic = false;
var pairs = new List<(string Model, string Spec)>();
for (int a = 0; a < args.Length; a++)
{
    switch (args[a])
    {
        case "--repeat":
            repeat = int.Parse(args[++a], CultureInfo.InvariantCulture);
            break;
        case "--threads":
            threads = int.Parse(args[++a], CultureInfo.InvariantCulture);
            break;
        case "--always":
            always = true;
            break;
        case "--synthetic":
            synthetic = true;
            break;
        default:
            var parts = args[a].Split(':');
            if (parts.Length != 2)
            {
                Console.Error.WriteLine($"exhaustive-bench: expected MODEL:SPEC, got '{args[a]}'");
                return 2;
            }
            pairs.Add((parts[0], parts[1]));
            break;
    }
}
if (pairs.Count == 0)
{
    foreach (string name in new[] { "tictactoe-move", "tictactoe-winner", "zoo", "house-votes" })
        pairs.Add(($"models/{name}.json", $"specs/{name}.contract"));
}
string scratch = Path.Combine(Path.GetTempPath(), "exhaustive-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
if (synthetic)
{
    Directory.CreateDirectory(scratch);
    pairs.Add(("models/digits.json", SyntheticSpecs.FreeBlock(scratch, "models/digits.json", free: 16)));
    pairs.Add(("models/dna-splice.json", SyntheticSpecs.FreeBlock(scratch, "models/dna-splice.json", free: 16)));
    pairs.Add(("models/dna-splice.json", SyntheticSpecs.FreePositions(scratch, "models/dna-splice.json", positions: 8)));
    pairs.Add(("models/mnist.json", SyntheticSpecs.FreeBlock(scratch, "models/mnist.json", free: 16)));
}

string loadBefore = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {threads} thread(s), median of {repeat} runs per path, load average before: {loadBefore}"));
Console.WriteLine();
Console.WriteLine("| contract | inputs | enumeration | before: µs/input (CPU) | after: µs/input (CPU) | before: wall | after: wall | speed-up (CPU) |");
Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|");
bool allSame = true;
foreach (var (modelPath, specPath) in pairs)
{
    var read = ModelReader.ReadFile(modelPath);
    var model = read.Model ?? throw new InvalidDataException(read.Error!.ToString());
    var spec = SpecLoader.Load(specPath, model);
    if (!spec.Succeeded)
        throw new InvalidDataException(string.Join("\n", spec.Diagnostics));
    var network = PackedNetwork.Compile(model);
    var options = new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, 3, threads);
    var before = new ExhaustiveChecker(network, options with { BlockEnumeration = BlockEnumerationUse.Never });
    var after = new ExhaustiveChecker(network, options with { BlockEnumeration = always ? BlockEnumerationUse.Always : BlockEnumerationUse.WhereItWins });
    foreach (var contract in spec.Spec!.Contracts)
    {
        if (before.CountInScope(contract, CancellationToken.None) is not > 0)
            continue;
        var enumeration = after.EnumerationFor(contract);
        // One run of each to compile and warm up, then alternate so that a change of load hits both alike.
        var reference = before.Check(contract, null, CancellationToken.None);
        var first = after.Check(contract, null, CancellationToken.None);
        allSame &= Same(contract, reference, first);
        var wall = (Before: new List<double>(), After: new List<double>());
        var cpu = (Before: new List<double>(), After: new List<double>());
        for (int r = 0; r < repeat; r++)
        {
            foreach (bool block in new[] { false, true })
            {
                var checker = block ? after : before;
                double cpuStart = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
                var clock = Stopwatch.StartNew();
                var result = checker.Check(contract, null, CancellationToken.None);
                double elapsed = clock.Elapsed.TotalSeconds;
                double used = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpuStart;
                allSame &= Same(contract, reference, result);
                (block ? wall.After : wall.Before).Add(elapsed);
                (block ? cpu.After : cpu.Before).Add(used);
            }
        }
        long inputs = reference.InputsInScope ?? 0;
        double PerInput(List<double> seconds) => Median(seconds) * 1e6 / inputs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Path.GetFileNameWithoutExtension(specPath)} {contract.Name} | {inputs:N0} | {Describe(enumeration)} | {PerInput(cpu.Before):0.00} | {PerInput(cpu.After):0.00} | {Median(wall.Before):0.000} s | {Median(wall.After):0.000} s | {Median(cpu.Before) / Math.Max(Median(cpu.After), 1e-9):0.0}× |"));
    }
}
if (synthetic)
    Directory.Delete(scratch, recursive: true);
string loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
Console.WriteLine();
Console.WriteLine($"load average after: {loadAfter}; results of both paths {(allSame ? "identical" : "DIFFERENT")}");
return allSame ? 0 : 1;

static string Describe(ExhaustiveEnumeration enumeration) => enumeration switch
{
    ExhaustiveEnumeration.BlockEnumeration => "blocks",
    ExhaustiveEnumeration.BallSearch => "ball search",
    _ => "precondition search",
};

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

// The two paths must agree on everything a report shows: verdict, counts and the counterexamples (inputs and outputs).
static bool Same(ElaboratedContract contract, ContractResult expected, ContractResult actual)
{
    bool same = expected.Verdict == actual.Verdict && expected.InputsInScope == actual.InputsInScope
        && expected.InputsChecked == actual.InputsChecked && expected.Violations == actual.Violations
        && expected.Counterexamples.Length == actual.Counterexamples.Length
        && expected.Counterexamples.Zip(actual.Counterexamples).All(p => p.First.Inputs.SequenceEqual(p.Second.Inputs)
            && p.First.Output.Class == p.Second.Output.Class && p.First.Output.Scores.SequenceEqual(p.Second.Output.Scores)
            && p.First.Output.Bits.SequenceEqual(p.Second.Output.Bits));
    if (!same)
        Console.Error.WriteLine($"exhaustive-bench: the two paths disagree on {contract.Name}: {expected.Verdict}/{expected.Violations} against {actual.Verdict}/{actual.Violations}");
    return same;
}

/// <summary>Generated contracts whose precondition fixes most inputs and leaves a block free.</summary>
internal static class SyntheticSpecs
{
    /// <summary>All inputs but the last <paramref name="free"/> fixed to a seeded pattern; ensures the first class.</summary>
    public static string FreeBlock(string folder, string modelPath, int free)
    {
        var model = ModelReader.ReadFile(modelPath).Model!;
        var random = new Random(1);
        var fixedLiterals = model.InputNames.Take(model.InputCount - free).Select(n => (random.Next(2) == 0 ? "!" : "") + n);
        return Write(folder, model, $"first_inputs_fixed_{free}_free", string.Join(" && ", fixedLiterals));
    }

    /// <summary>
    /// dna-splice with its well_formed rule on the last <paramref name="positions"/> positions (each one of four bases)
    /// and every other position fixed to a seeded base: blocks of four values, no input left unmentioned.
    /// </summary>
    public static string FreePositions(string folder, string modelPath, int positions)
    {
        var model = ModelReader.ReadFile(modelPath).Model!;
        var random = new Random(1);
        var clauses = new List<string>();
        int count = model.InputCount / 3;
        for (int p = 0; p < count; p++)
        {
            var (a, c, g) = (model.InputNames[3 * p], model.InputNames[(3 * p) + 1], model.InputNames[(3 * p) + 2]);
            if (p >= count - positions)
            {
                clauses.Add($"atmost(1, {a}, {c}, {g})");
                continue;
            }
            int bases = random.Next(4);
            clauses.Add($"{(bases == 0 ? "" : "!")}{a} && {(bases == 1 ? "" : "!")}{c} && {(bases == 2 ? "" : "!")}{g}");
        }
        return Write(folder, model, $"last_{positions}_positions_free", string.Join(" && ", clauses));
    }

    private static string Write(string folder, BnnVerify.Bnn.Model.BnnModel model, string name, string precondition)
    {
        var output = (BnnVerify.Bnn.Model.ArgmaxOutput)model.Output;
        string path = Path.Combine(folder, $"{model.Name}-{name}.contract");
        File.WriteAllText(path, $"contract {name} {{\n  requires {precondition}\n  ensures class == {output.Classes[0]}\n}}\n");
        return path;
    }
}
