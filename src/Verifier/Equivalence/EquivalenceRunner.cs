using System.Globalization;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;
using BnnVerify.Encoding.Backends;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;
using BnnVerify.Verifier.Reports;

namespace BnnVerify.Verifier.Equivalence;

/// <summary>What <c>bnnverify equiv</c> was asked to do.</summary>
/// <param name="ModelPath">The network under comparison.</param>
/// <param name="Reference">The reference: <c>tictactoe:NAME</c>, <c>exec:PATH [ARG…]</c> or <c>model:OTHER.json</c>.</param>
/// <param name="Domain"><c>SPEC:CONTRACT</c>, or null for every input.</param>
/// <param name="Backend">auto, exhaustive, or a solver backend (model references only).</param>
/// <param name="Format">text, json, junit or sarif.</param>
/// <param name="Output">A file for the report, or null for standard output.</param>
/// <param name="TimeoutSeconds">A deadline for the whole comparison, or null.</param>
/// <param name="MaxCounterexamples">Differences to show (all are counted).</param>
/// <param name="MaxInputs">The largest domain enumerated.</param>
/// <param name="Threads">Worker threads for in-process references (0 = one per core).</param>
/// <param name="AllInputs">Show every input of a difference, not only the true ones.</param>
internal sealed record EquivalenceSettings(string ModelPath, string Reference, string? Domain, string Backend, string Format, string? Output,
    double? TimeoutSeconds, int MaxCounterexamples, long MaxInputs, int Threads, bool AllInputs);

/// <summary>
/// Runs a comparison end to end: loads the model, the reference and the domain (any mistake is one located
/// message and exit 2), chooses enumeration or the miter, decides, and writes the report.
/// </summary>
internal static class EquivalenceRunner
{
    /// <summary>The report formats.</summary>
    public static readonly string[] Formats = ["text", "json", "junit", "sarif"];

    /// <summary>Writes the names <c>--reference</c> accepts.</summary>
    public static void ListReferences(TextWriter output)
    {
        foreach (var (name, description) in TicTacToeReference.Catalogue)
            output.WriteLine($"{name}\n    {description}");
        output.WriteLine($"{ProcessReference.Prefix}PATH [ARG...]\n    any program, through the line protocol of docs/equivalence.md");
        output.WriteLine($"{ModelReference.Prefix}OTHER.json\n    another model with the same input and output names (enumerated, or a solver miter when the domain is large)");
    }

    /// <summary>Runs the comparison and returns the exit code: 0 equivalent, 1 differ, 2 invalid input, 3 unknown.</summary>
    public static ExitCode Run(EquivalenceSettings settings, TextWriter output, TextWriter error)
    {
        if (settings.MaxCounterexamples < 0 || settings.MaxInputs < 0 || settings.Threads < 0 || settings.TimeoutSeconds is <= 0)
        {
            error.WriteLine("error: --max-counterexamples, --max-inputs and --threads must not be negative, and --timeout must be positive");
            return ExitCode.InvalidInput;
        }
        var model = ModelFiles.Load(settings.ModelPath, error);
        if (model is null)
            return ExitCode.InvalidInput;
        var space = OutputSpace.Of(model, out string? spaceProblem);
        if (space is null)
        {
            error.WriteLine($"{settings.ModelPath}: error: {spaceProblem}");
            return ExitCode.InvalidInput;
        }
        var domain = LoadDomain(settings.Domain, model, error);
        if (domain is null)
            return ExitCode.InvalidInput;
        string backend = settings.Backend.Trim();
        bool isModel = settings.Reference.StartsWith(ModelReference.Prefix, StringComparison.Ordinal);
        Func<ISatBackend>? solver = null;
        string solverName = CheckerFactory.DefaultAutoBackend;
        if (backend is not ("auto" or "exhaustive"))
        {
            solver = Solver(backend, out solverName, out string? backendProblem);
            if (solver is null || !isModel)
            {
                error.WriteLine("error: " + (backendProblem ?? $"--backend {backend} needs a model: reference; other references are compared by enumeration (--backend auto or exhaustive)"));
                return ExitCode.InvalidInput;
            }
        }

        var interrupt = RunInterruption.Listen();
        try
        {
            var options = new ExhaustiveOptions(settings.MaxInputs, settings.MaxCounterexamples, settings.Threads);
            var network = PackedNetwork.Compile(model);
            using var reference = CreateReference(settings.Reference, model, space, out BnnModel? referenceModel, out ExitCode failure, error);
            if (reference is null)
                return failure;
            using var timeout = settings.TimeoutSeconds is { } seconds ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds)) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(interrupt.Token, timeout.Token);
            EquivalenceResult result;
            if (reference is ModelReference other && (solver is not null || (backend == "auto" && ScopeCounter.Count(domain.Precondition, model.InputCount, settings.MaxInputs, linked.Token) is null && !linked.IsCancellationRequested)))
            {
                solver ??= Solver(solverName, out _, out _)!;
                result = MiterEquivalence.Compare(network, other, domain.Precondition, solverName, solver, linked.Token);
            }
            else
            {
                result = ExhaustiveEquivalence.Compare(network, reference, domain.Precondition, options, linked.Token);
            }
            if (result.Verdict == EquivalenceVerdict.Unknown && timeout.IsCancellationRequested && !interrupt.IsCancellationRequested)
            {
                result = result with
                {
                    Reason = string.Create(CultureInfo.InvariantCulture, $"timeout after {settings.TimeoutSeconds}s") + (result.Reason is null ? "" : "; " + result.Reason),
                };
            }
            var report = new EquivalenceReport(settings.ModelPath, model, settings.Reference, space, domain, result, settings.AllInputs) { ReferenceModel = referenceModel };
            return WriteReport(report, settings, output, error) ? report.ExitCode : ExitCode.InvalidInput;
        }
        finally
        {
            interrupt.Dispose();
        }
    }

    private static IEquivalenceReference? CreateReference(string text, BnnModel model, OutputSpace space, out BnnModel? referenceModel, out ExitCode failure, TextWriter error)
    {
        referenceModel = null;
        failure = ExitCode.InvalidInput;
        string? problem;
        if (text.StartsWith(ProcessReference.Prefix, StringComparison.Ordinal))
        {
            var process = ProcessReference.Start(text[ProcessReference.Prefix.Length..], space, out problem, out bool invalid);
            if (process is null)
            {
                error.WriteLine(problem!.Contains(": error: ", StringComparison.Ordinal) ? problem : "error: " + problem);
                failure = invalid ? ExitCode.InvalidInput : ExitCode.Unknown;
            }
            return process;
        }
        if (text.StartsWith(ModelReference.Prefix, StringComparison.Ordinal))
        {
            string path = text[ModelReference.Prefix.Length..];
            referenceModel = ModelFiles.Load(path, error);
            if (referenceModel is null)
                return null;
            var reference = ModelReference.Create(text, model, referenceModel, out problem);
            if (reference is null)
                error.WriteLine($"{path}: error: {problem}");
            return reference;
        }
        if (text.StartsWith(TicTacToeReference.Prefix, StringComparison.Ordinal))
        {
            var reference = TicTacToeReference.Create(text, space, out problem);
            if (reference is null)
                error.WriteLine("error: " + problem);
            return reference;
        }
        error.WriteLine($"error: unknown reference '{text}'; give tictactoe:NAME, exec:PATH [ARG...] or model:OTHER.json ('bnnverify equiv --list-references')");
        return null;
    }

    private static EquivalenceDomain? LoadDomain(string? text, BnnModel model, TextWriter error)
    {
        if (text is null)
            return EquivalenceDomain.AllInputs;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            error.WriteLine($"error: --domain needs SPEC:CONTRACT, as in specs/tictactoe-move.contract:plays_an_empty_cell; got '{text}'");
            return null;
        }
        string specPath = text[..colon], name = text[(colon + 1)..];
        var loaded = SpecLoader.Load(specPath, model);
        foreach (var diagnostic in loaded.Diagnostics)
            error.WriteLine(diagnostic.ToString());
        if (!loaded.Succeeded)
            return null;
        var spec = loaded.Spec!;
        var contract = spec.Contracts.FirstOrDefault(c => c.Name == name);
        if (contract is null)
        {
            error.WriteLine(Diagnostic.Error(ContractDiagnosticIds.MissingPart, SourceLocation.OfFile(spec.Path),
                $"the spec has no contract '{name}'{Inputs.NameSuggestions.DidYouMean(name, spec.Contracts.Select(c => c.Name))}"));
            return null;
        }
        return new EquivalenceDomain(contract.Precondition, contract, specPath, spec.Render);
    }

    private static readonly string[] KnownBackends = ["auto", "exhaustive", "sat", "z3", "cms", CheckerFactory.ExternalPrefix + "PATH", .. SolverBackends.Names];

    private static Func<ISatBackend>? Solver(string backend, out string name, out string? problem) =>
        CheckerFactory.SolverBackend(backend, KnownBackends, out name, out problem);

    private static bool WriteReport(EquivalenceReport report, EquivalenceSettings settings, TextWriter output, TextWriter error)
    {
        Action<EquivalenceReport, TextWriter> writer = settings.Format switch
        {
            "json" => EquivalenceJsonReport.Write,
            "junit" => EquivalenceJUnitReport.Write,
            "sarif" => EquivalenceSarifReport.Write,
            _ => EquivalenceTextReport.Write,
        };
        return ReportOutput.Write(report, writer, EquivalenceTextReport.Write, settings.Output, output, error);
    }
}
