using System.Diagnostics;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Circuit;
using BnnVerify.Encoding.Export;
using BnnVerify.Encoding.Logic;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.SolverBench;

/// <summary>
/// The measuring side, run in a child process per measurement (so that a solver that ignores its time limit
/// can be killed and every run starts from the same state): loads the model and spec, warms the backend up on
/// models/xor.json, then times one check or one solver binary on one exported file.
/// </summary>
internal static class CaseRunner
{
    /// <summary>Times <c>CheckerFactory.Create(backend).Check(contract)</c> with a cancellation after <paramref name="timeout"/>.</summary>
    public static Measurement Check(string root, string modelPath, string specPath, string contractName, string backend, TimeSpan timeout, long maxInputs)
    {
        var (model, contract) = Load(modelPath, specPath, contractName);
        var options = new ExhaustiveOptions(maxInputs, 1);
        var checker = CheckerFactory.Create(backend, PackedNetwork.Compile(model), options, out string? error)
            ?? throw new ArgumentException(error);

        // Warm-up: the same backend on a two-input network, so that JIT compilation and library loading are not timed.
        var (xor, computesXor) = Load(Path.Combine(root, "models/xor.json"), Path.Combine(root, "specs/xor.contract"), "computes_xor");
        var warm = CheckerFactory.Create(backend, PackedNetwork.Compile(xor), options, out _)!;
        warm.Check(computesXor, null, CancellationToken.None);

        using var limit = new CancellationTokenSource(timeout);
        double cpu = CpuClock.Seconds();
        var clock = Stopwatch.StartNew();
        var result = checker.Check(contract, null, limit.Token);
        clock.Stop();
        cpu = CpuClock.Seconds() - cpu;
        string verdict = result.Verdict switch
        {
            Verdict.Holds => Verdicts.Holds,
            Verdict.Violated => Verdicts.Violated,
            Verdict.Vacuous => Verdicts.Vacuous,
            _ => limit.IsCancellationRequested ? Verdicts.Timeout : Verdicts.Unknown,
        };
        return new Measurement
        {
            Backend = backend,
            Verdict = verdict,
            WallSeconds = clock.Elapsed.TotalSeconds,
            CpuSeconds = cpu,
            DecidedBy = result.Backend,
            Reason = result.Reason,
        };
    }

    /// <summary>
    /// Exports the contract's violation problem to <paramref name="directory"/> (not timed), then times
    /// <paramref name="solver"/> on the file: SAT means violated, UNSAT holds.
    /// </summary>
    public static Measurement SolveFile(string modelPath, string specPath, string contractName, string format, string encodingName,
        string solver, TimeSpan timeout, string directory)
    {
        var (model, contract) = Load(modelPath, specPath, contractName);
        var problem = ContractEncoder.Encode(model, contract);
        var exportFormat = format switch
        {
            "dimacs" => ExportFormat.Dimacs,
            "cardnf" or InputFirstCardnf => ExportFormat.CardinalityCnf,
            "opb" => ExportFormat.Opb,
            "smt2" => ExportFormat.Smt2,
            _ => throw new ArgumentException("unknown format " + format),
        };
        if (!CardinalityEncodingNames.TryParse(encodingName, out var encoding))
            throw new ArgumentException("unknown encoding " + encodingName);
        Directory.CreateDirectory(directory);
        string file = Path.Combine(directory, $"{contractName}.{(format == "dimacs" ? encodingName + ".cnf" : format)}");
        using (var writer = new StreamWriter(file, false, new System.Text.UTF8Encoding(false), 1 << 20) { NewLine = "\n" })
        {
            ConstraintExport.Write(writer, problem.Builder, exportFormat, encoding, "solver-bench export");
            if (format == InputFirstCardnf)
                writer.Write(InputPreferenceLine(problem.Builder, model.InputCount));
        }
        long bytes = new FileInfo(file).Length;
        try
        {
            var run = SolverBinary.Run(solver, file, timeout);
            return run with { FileBytes = bytes };
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The cardnf export with MiniSatCS's branching preference for the network's inputs (see <see cref="InputPreferenceLine"/>).</summary>
    public const string InputFirstCardnf = "cardnf-inputfirst";

    /// <summary>
    /// MiniSatCS's <c>c vpref v₁ p₁ … 0</c> line giving every input variable (DIMACS 1..n in an export) preference −1,
    /// as EEV's <c>--var-preference first</c> does: a lower value wins ties of equal activity. MiniSatCS creates
    /// variables as it parses constraints and rejects a preference for one it has not seen, so the line goes last
    /// and names only inputs that occur in some clause or cardinality constraint.
    /// </summary>
    internal static string InputPreferenceLine(ConstraintBuilder builder, int inputCount)
    {
        int highest = -1;
        foreach (var clause in builder.Clauses)
        {
            foreach (int code in clause)
                highest = Math.Max(highest, Lit.FromCode(code).Variable);
        }
        foreach (var gate in builder.CardinalityGates)
        {
            highest = Math.Max(highest, gate.Output.Variable);
            foreach (var literal in gate.Literals)
                highest = Math.Max(highest, literal.Variable);
        }
        var line = new System.Text.StringBuilder("c vpref");
        for (int v = 0; v < Math.Min(inputCount, highest + 1); v++)
            line.Append(' ').Append((v + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" -1");
        return line.Append(" 0\n").ToString();
    }

    private static (BnnModel Model, ElaboratedContract Contract) Load(string modelPath, string specPath, string contractName)
    {
        var read = ModelReader.ReadFile(modelPath);
        var model = read.Model ?? throw new InvalidDataException(read.Error!.ToString());
        var spec = SpecLoader.Load(specPath, model);
        if (!spec.Succeeded)
            throw new InvalidDataException(string.Join("\n", spec.Diagnostics));
        var contract = spec.Spec!.Contracts.FirstOrDefault(c => c.Name == contractName)
            ?? throw new ArgumentException($"{specPath} has no contract {contractName}");
        return (model, contract);
    }
}
