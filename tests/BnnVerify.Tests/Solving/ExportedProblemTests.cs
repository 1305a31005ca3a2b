using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Tests.Contracts.Reference;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Cli;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace BnnVerify.Tests.Solving;

/// <summary>
/// <c>bnnverify export</c> promises a problem that is satisfiable exactly when the contract is violated, whose
/// input variables (named in the variable map) are then a counterexample. Random small models and contracts are
/// exported through the command line in DIMACS, OPB and SMT-LIB 2, solved by the solvers a user would use
/// (CaDiCaL, MiniSat+, Z3 — installed by scripts/install-solvers.sh), and compared with exhaustive checking; every
/// model, mapped back to inputs, must violate the contract under the independent reference interpreter.
/// </summary>
public sealed class ExportedProblemTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bnnverify-export-").FullName;
    private int _caseNumber;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // A solver process per contract: a few dozen contracts per format keep each row within a few seconds. The
    // cardinality-CNF and OPB exports are also read by bnnverify's own `solve` (in process), as a user comparing
    // the native solver with MiniSatCS or clasp on the same file would.
    [Theory]
    [InlineData("dimacs", "cadical", 8)]
    [InlineData("opb", "minisat+", 8)]
    [InlineData("smt2", "z3", 8)]
    [InlineData("cardnf", NativeSolve, 12)]
    [InlineData("opb", NativeSolve, 12)]
    public void An_exported_problem_is_satisfiable_exactly_when_the_contract_is_violated(string format, string solverName, int cases)
    {
        string solver = solverName == NativeSolve ? NativeSolve : Solver(solverName, format);
        int satisfiable = 0, unsatisfiable = 0;
        var generated =
            from c in SolverCases.Generate(SolverCases.SmallModels(8), Gen.Constant(ExhaustiveOptions.DefaultMaxInputs))
            from encoding in Gen.Elements("seqcounter", "totalizer", "sortnet", "smallest")
            select (Case: c, Encoding: encoding);
        // An unlucky draw can hold everywhere (or nowhere): the cases are drawn again, four rounds at most, until
        // both answers have occurred.
        for (int round = 0; round < 4 && (satisfiable == 0 || unsatisfiable == 0); round++)
        {
            Prop.ForAll(Arb.From(generated), pair =>
            {
                var (c, encoding) = pair;
                var (spec, folder) = SolverCases.Load(c, _folder, Interlocked.Increment(ref _caseNumber));
                string modelPath = Path.Combine(folder, "model.json");
                File.WriteAllText(modelPath, ModelWriter.Write(c.Shape.Model));
                var reference = new ExhaustiveChecker(PackedNetwork.Compile(c.Shape.Model), new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, 0));
                var references = c.Spec.ContractsInFileOrder;
                for (int k = 0; k < spec.Contracts.Length; k++)
                {
                    var contract = spec.Contracts[k];
                    string where = $"{format} ({encoding}), contract {contract.Name}";
                    var expected = reference.Check(contract, null, CancellationToken.None);
                    Assert.True(expected.Verdict != Verdict.Unknown, $"{where}: the exhaustive reference is unknown ({expected.Reason})");

                    string problem = Path.Combine(folder, $"{contract.Name}.{format}");
                    string[] arguments = ["export", modelPath, Path.Combine(folder, "spec.contract"), "--contract", contract.Name, "--format", format, "--output", problem];
                    if (format == "dimacs")
                        arguments = [.. arguments, "--encoding", encoding];
                    var output = new StringWriter();
                    var error = new StringWriter();
                    int exitCode = (int)CommandLine.Run(arguments, output, error);
                    Assert.True(exitCode == 0, $"{where}: export exited with {exitCode}: {output}{error}");

                    var inputs = Solve(format, solver, problem, InputVariables(problem + ".map.json", c.Shape), where);
                    bool violated = (expected.Violations ?? 0) > 0;
                    Assert.True(violated == inputs is not null,
                        $"{where}: {Path.GetFileName(solver)} says {(inputs is null ? "UNSAT" : "SAT")}, exhaustive checking {expected.Verdict}");
                    if (inputs is null)
                    {
                        unsatisfiable++;
                        continue;
                    }
                    satisfiable++;
                    var point = DifferentialCase.ReferencePoint(c.Shape.Model, inputs);
                    string key = DifferentialCase.Key(inputs);
                    Assert.True(references[k].Requires.All(r => r.Eval(point, null)), $"{where}: the solver's inputs {key} do not satisfy the preconditions");
                    Assert.True(references[k].Ensures.Any(e => !e.Eval(point, null)), $"{where}: the solver's inputs {key} satisfy every postcondition");
                }
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(cases));
        }
        log.WriteLine($"{format}: {satisfiable} satisfiable, {unsatisfiable} unsatisfiable");
        Assert.True(satisfiable > 0 && unsatisfiable > 0, $"{format}: both answers must occur ({satisfiable} SAT, {unsatisfiable} UNSAT)");
    }

    /// <summary>Stands for <c>bnnverify solve</c>, run in process, in the solver column.</summary>
    private const string NativeSolve = "bnnverify-solve";

    /// <summary>The path of solver <paramref name="name"/>; a missing one fails the test with the way to install it.</summary>
    private static string Solver(string name, string format)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string path = Path.Combine(directory, name);
            if (File.Exists(path))
                return path;
        }
        Assert.Fail($"{name} is not on PATH; the export tests need it to read {format} files. Run `bash scripts/install-solvers.sh` (as root or with sudo).");
        return name;
    }

    /// <summary>The 1-based problem variable of each model input, in input order, from the variable map.</summary>
    private static int[] InputVariables(string mapPath, ModelShape shape)
    {
        using var map = JsonDocument.Parse(File.ReadAllText(mapPath));
        var inputs = map.RootElement.GetProperty("inputs");
        return [.. Enumerable.Range(0, shape.InputCount).Select(i => inputs.GetProperty(shape.InputName(i)).GetInt32())];
    }

    /// <summary>Runs the solver; null for UNSAT, else the model's values of <paramref name="inputVariables"/>.</summary>
    private static bool[]? Solve(string format, string solver, string problem, int[] inputVariables, string where)
    {
        if (solver == NativeSolve)
        {
            var printed = new StringWriter();
            var errorText = new StringWriter();
            int exit = (int)CommandLine.Run(["solve", problem], printed, errorText);
            Assert.True(exit is 10 or 20, $"{where}: bnnverify solve exited with {exit}: {printed}{errorText}");
            return ParseAnswer(format, printed.ToString(), inputVariables, $"{where}: bnnverify solve printed:\n{printed}{errorText}", exit == 10);
        }
        var start = new ProcessStartInfo(solver) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = format == "smt2" };
        if (format == "dimacs")
            start.ArgumentList.Add("-q");
        if (format == "smt2")
            start.ArgumentList.Add("-in");
        else
            start.ArgumentList.Add(problem);
        using var process = Process.Start(start)!;
        if (format == "smt2")
        {
            // The export ends with (check-sat)(get-model); get-value asks for exactly the inputs, which ParseAnswer reads
            // (the model's define-fun lines before it do not look like its pairs).
            process.StandardInput.Write(File.ReadAllText(problem));
            process.StandardInput.Write($"\n(get-value ({string.Join(" ", inputVariables.Select(v => "v" + v.ToString(CultureInfo.InvariantCulture)))}))\n");
            process.StandardInput.Close();
        }
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return ParseAnswer(format, output, inputVariables, $"{where}: {Path.GetFileName(solver)} printed:\n{output}{errors.Result}", null);
    }

    /// <summary>Reads a solver's answer; null for UNSAT, else the model's values of <paramref name="inputVariables"/>.</summary>
    private static bool[]? ParseAnswer(string format, string output, int[] inputVariables, string context, bool? exitSaysSatisfiable)
    {
        var values = new Dictionary<int, bool>();
        bool? satisfiable = null;
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (format == "smt2")
        {
            satisfiable = lines.Length == 0 ? null : lines[0] == "sat" ? true : lines[0] == "unsat" ? false : null;
            // ((v1 false)\n (v2 true))
            foreach (var pair in string.Join(" ", lines.Skip(1)).Split('(', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Trim(')', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && parts[0].StartsWith('v'))
                    values[int.Parse(parts[0][1..], CultureInfo.InvariantCulture)] = parts[1] == "true";
            }
        }
        else
        {
            foreach (var line in lines)
            {
                if (line == "s SATISFIABLE")
                    satisfiable = true;
                else if (line == "s UNSATISFIABLE")
                    satisfiable = false;
                else if (line.StartsWith("v ", StringComparison.Ordinal))
                {
                    // DIMACS: "v 1 -2 0"; OPB (MiniSat+): "v x1 -x2".
                    foreach (var literal in line[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        string number = literal.TrimStart('-').TrimStart('x');
                        int variable = int.Parse(number, CultureInfo.InvariantCulture);
                        if (variable != 0)
                            values[variable] = !literal.StartsWith('-');
                    }
                }
            }
        }
        Assert.True(satisfiable is not null, $"no answer: {context}");
        Assert.True(exitSaysSatisfiable is null || exitSaysSatisfiable == satisfiable, $"the exit code contradicts the s line: {context}");
        if (satisfiable == false)
            return null;
        // MiniSat+ leaves out variables no constraint mentions; any value of such an input will do.
        Assert.True(format == "opb" || inputVariables.All(values.ContainsKey), $"the model misses inputs: {context}");
        return [.. inputVariables.Select(v => values.GetValueOrDefault(v))];
    }
}
