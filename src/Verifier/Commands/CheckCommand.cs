using System.Collections.Immutable;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;
using BnnVerify.Verifier.Reports;

namespace BnnVerify.Verifier.Commands;

/// <summary><c>bnnverify check MODEL SPEC</c>: decides every contract of the spec and gates CI on the verdicts.</summary>
internal static class CheckCommand
{
    /// <summary>The report formats.</summary>
    public static readonly string[] Formats = ["text", "json", "junit", "sarif"];

    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The model file (JSON, see docs/model-format.md)." };
        var spec = new Argument<string>("SPEC") { Description = "The contract file (see docs/contract-language.md)." };
        var contracts = new Option<string[]>("--contract", "-c") { Description = "Check only this contract (repeatable).", AllowMultipleArgumentsPerToken = false };
        var backend = new Option<string>("--backend", "-b") { Description = "How to decide: auto (exhaustive up to 65536 inputs in scope; up to --max-inputs exhaustive checking races the native solver and the first verdict wins; beyond, the native solver alone), exhaustive, enum (the ball search for Hamming-ball contracts, stopping at the first counterexample; others exhaustively), sat (native: the in-process CDCL solver with cardinality constraints), z3 (z3-pb), cms (cms/totalizer), a backend such as native-inputs, cadical/totalizer, z3-pb or clasp, or external:PATH for any DIMACS solver binary.", DefaultValueFactory = _ => "auto" }.ExternalSolverPath();
        var format = new Option<string>("--format", "-f") { Description = "Report format: text, json, junit or sarif.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file (the text summary still goes to standard output)." }.OutputFile();
        var maxCounterexamples = new Option<int?>("--max-counterexamples") { Description = "Counterexamples to keep per contract (violations are still all counted). Default: 3 when inputs are enumerated; a solver backend finds 1 unless this is given, since each further one is another solve." };
        var maxInputs = new Option<long>("--max-inputs") { Description = "Exhaustive checking refuses (verdict unknown) when more inputs than this satisfy the preconditions.", DefaultValueFactory = _ => ExhaustiveOptions.DefaultMaxInputs };
        var all = new Option<bool>("--all") { Description = "Show every input of a counterexample, not only the true ones." };
        var save = new Option<string?>("--save-counterexamples") { Description = "Write each counterexample as CONTRACT-N.json into this folder, for 'bnnverify replay'." }.OutputFolder();
        var timeout = new Option<double?>("--timeout") { Description = "Seconds per contract; past it the verdict is unknown (exit 3)." }.Seconds();
        var threads = new Option<int>("--threads") { Description = "Worker threads for exhaustive checking (default: one per core)." }.Threads();
        var noProgress = new Option<bool>("--no-progress") { Description = "Never draw a progress bar." };
        var failFast = new Option<bool>("--fail-fast") { Description = "Stop at the first counterexample: end the contract's check there, and leave the remaining contracts unchecked (unknown)." };
        var count = new Option<bool>("--count") { Description = "Count every violation exactly, however long enumeration takes. Default: count for up to 10 s per contract, then report 'at least N' (docs/ci.md)." };
        var form = new Option<string>("--counterexamples")
        {
            Description = "Which counterexamples a solver backend reports: canonical (the smallest in one fixed order, the same whichever backend found them; making them so may take up to 8 times as long as finding them, at least 5 s) or as-found (as the solver found them, replayed all the same; faster on large networks, but they may differ from run to run; docs/report-format.md).",
            DefaultValueFactory = _ => CanonicalForm,
        };
        form.AcceptOnlyFromAmong(CanonicalForm, AsFoundForm);
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Text report: only the verdict line of each violated or unknown contract; nothing when all are proved." };
        var certify = new Option<bool>("--certify") { Description = "With the native solver: log a DRAT proof of every UNSAT answer that makes a contract hold and check it with the independent checker; a proof that fails to check makes the verdict unknown (docs/proofs.md)." };
        var proof = new Option<string?>("--proof") { Description = "Implies --certify: keep each contract's reference formula and proof in this folder, as CONTRACT.cnf (DIMACS) and CONTRACT.drat (text DRAT), for an external checker." }.OutputFolder();
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Text report: also say which backend decided each contract, in how long, and what it counted." };
        var command = new Command("check", "Check a model against the contracts of a spec; exit 0 when all hold, 1 when one is violated, 3 when one is unknown.")
        {
            model, spec, contracts, backend, format, output, maxCounterexamples, maxInputs, all, save, timeout, threads, noProgress, failFast, count, form, certify, proof, quiet, verbose,
        };
        command.SetAction(parse =>
        {
            var settings = new CheckSettings(
                parse.GetValue(model)!, parse.GetValue(spec)!, parse.GetValue(contracts) ?? [], parse.GetValue(backend)!, parse.GetValue(format)!,
                parse.GetValue(output), parse.GetValue(maxCounterexamples), parse.GetValue(maxInputs), parse.GetValue(all), parse.GetValue(save),
                parse.GetValue(timeout), parse.GetValue(threads), !parse.GetValue(noProgress),
                parse.GetValue(quiet) ? ReportDetail.Quiet : parse.GetValue(verbose) ? ReportDetail.Verbose : ReportDetail.Normal)
            {
                Counting = parse.GetValue(failFast) ? ViolationCounting.FirstCounterexample : parse.GetValue(count) ? ViolationCounting.Exact : ViolationCounting.WithinBudget,
                CountingConflict = parse.GetValue(failFast) && parse.GetValue(count),
                DetailConflict = parse.GetValue(quiet) && parse.GetValue(verbose),
                CounterexampleForm = parse.GetValue(form) == AsFoundForm ? CounterexampleForm.AsFound : CounterexampleForm.Canonical,
                Certify = parse.GetValue(certify) || parse.GetValue(proof) is not null,
                ProofFolder = parse.GetValue(proof),
            };
            return (int)Run(settings, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    /// <summary>Counterexamples kept per contract when inputs are enumerated and --max-counterexamples is not given.</summary>
    private const int DefaultCounterexamples = 3;

    private sealed record CheckSettings(string ModelPath, string SpecPath, string[] Contracts, string Backend, string Format, string? Output,
        int? MaxCounterexamples, long MaxInputs, bool AllInputs, string? SaveFolder, double? TimeoutSeconds, int Threads, bool Progress, ReportDetail Detail)
    {
        /// <summary>How far enumeration counts a violated contract: --fail-fast, --count, or the budget (the default).</summary>
        public ViolationCounting Counting { get; init; } = ViolationCounting.WithinBudget;

        /// <summary>Both --fail-fast and --count were given.</summary>
        public bool CountingConflict { get; init; }

        /// <summary>Both --quiet and --verbose were given.</summary>
        public bool DetailConflict { get; init; }

        /// <summary>--counterexamples: canonical (the default) or as found.</summary>
        public CounterexampleForm CounterexampleForm { get; init; } = CounterexampleForm.Canonical;

        /// <summary>--certify (or --proof) was given.</summary>
        public bool Certify { get; init; }

        /// <summary>The --proof folder, or null.</summary>
        public string? ProofFolder { get; init; }
    }

    /// <summary>The values of --counterexamples.</summary>
    private const string CanonicalForm = "canonical", AsFoundForm = "as-found";

    /// <summary>--fail-fast and --count were given together.</summary>
    public const string CountingConflictId = "BNN0960";

    /// <summary>--backend names no backend.</summary>
    public const string UnknownBackendId = "BNN0952";

    /// <summary>--quiet and --verbose were given together.</summary>
    public const string DetailConflictId = "BNN0953";

    /// <summary>An option's value cannot be read as what the option takes (a word for a number), found while parsing.</summary>
    public const string UnreadableOptionId = "BNN0954";

    /// <summary>
    /// The errors of a <c>check</c> command line that the parser refused because of its options (a <c>--timeout</c> out
    /// of range, a <c>--save-counterexamples</c> that is a file, a word for a number) as located diagnostics, for
    /// <see cref="WriteRefusedOptionsReport"/>; null when it is not check's, or anything else is wrong (an unknown
    /// option, a missing argument) or <c>--format</c> or <c>--output</c> itself was refused: then where a report would
    /// go is not known.
    /// </summary>
    public static List<Diagnostic>? RefusedOptions(ParseResult parse)
    {
        if (parse.CommandResult.Command.Name != "check" || parse.Errors.Count == 0)
            return null;
        var diagnostics = new List<Diagnostic>();
        foreach (var parseError in parse.Errors)
        {
            if (parseError.SymbolResult is not OptionResult { Option: var option } || option.Name is "--format" or "--output")
                return null;
            diagnostics.Add(OptionRules.ReadDiagnostic(parseError.Message)
                ?? Diagnostic.Error(UnreadableOptionId, SourceLocation.OfFile(option.Name), parseError.Message));
        }
        return diagnostics;
    }

    /// <summary>
    /// With a machine format, writes the error report of the <paramref name="refused"/> options of a check command line
    /// (<see cref="RefusedOptions"/>), so that CI finds a report, as for the refusals after parsing. The errors
    /// themselves are printed by the caller.
    /// </summary>
    public static void WriteRefusedOptionsReport(ParseResult parse, List<Diagnostic> refused, TextWriter output, TextWriter error)
    {
        string? modelPath = parse.GetValue<string>("MODEL"), specPath = parse.GetValue<string>("SPEC");
        string? reportPath = parse.GetValue<string?>("--output");
        if (modelPath is null || specPath is null || !ReportOutput.PrepareFolder(reportPath, error))
            return;
        WriteFailureReport(new FailedCheckReport(modelPath, specPath, [.. refused]), parse.GetValue<string>("--format") ?? "text", reportPath, output, error);
    }

    private static ExitCode Run(CheckSettings settings, TextWriter output, TextWriter error)
    {
        // A report or proof folder that cannot be made fails now, not after a long check (and there is nowhere to report
        // it but standard error); every later refusal writes the error report too, so that CI finds a report whatever went wrong.
        if (!ReportOutput.PrepareFolder(settings.Output, error) || !PrepareProofFolder(settings.ProofFolder, error))
            return ExitCode.InvalidInput;
        var refused = RefusedSettings(settings);
        if (refused.Count > 0)
            return Refuse(refused, settings, output, error);
        var read = ModelFiles.Read(settings.ModelPath);
        if (read.Error is not null)
            return Refuse([read.Error], settings, output, error);
        var model = read.Model!;
        var loaded = SpecLoader.Load(settings.SpecPath, model);
        foreach (var diagnostic in loaded.Diagnostics)
            error.WriteLine(diagnostic.ToString());
        if (!loaded.Succeeded)
        {
            WriteFailureReport(new FailedCheckReport(settings.ModelPath, settings.SpecPath, [.. loaded.Diagnostics]), settings.Format, settings.Output, output, error);
            return ExitCode.InvalidInput;
        }
        var spec = loaded.Spec!;
        var selected = SelectContracts(spec, settings.Contracts, out var unknownContract);
        if (selected is null)
            return Refuse([.. loaded.Diagnostics.Where(d => !d.IsError), unknownContract!], settings, output, error);
        var checker = CreateChecker(settings, model, out var unknownBackend);
        if (checker is null)
            return Refuse([.. loaded.Diagnostics.Where(d => !d.IsError), unknownBackend!], settings, output, error);

        // The first Ctrl-C or SIGTERM stops the check and reports what is known; a second one ends the process.
        var interrupt = RunInterruption.Listen();
        var results = ImmutableArray.CreateBuilder<ContractResult>();
        var warnings = loaded.Diagnostics.Where(d => !d.IsError).ToList();
        try
        {
            using var progress = ConsoleProgress.ForTerminal(error, settings.Progress);
            string? stoppedBy = null;
            foreach (var contract in selected)
            {
                if (interrupt.IsCancellationRequested)
                    stoppedBy = $"not checked: {interrupt.Cause ?? "Ctrl-C"} stopped the run";
                if (stoppedBy is not null)
                {
                    results.Add(new ContractResult(contract, Verdict.Unknown, "none", [], TimeSpan.Zero) { Reason = stoppedBy });
                    continue;
                }
                var result = CheckOne(checker, contract, settings, progress, interrupt);
                if (result.Certification is { Status: CertificationStatus.Failed, DiagnosticId: { } id, Note: { } note })
                {
                    error.WriteLine(Diagnostic.Error(id, contract.Location,
                        $"contract '{contract.Name}': {note}; the verdict is unknown, not holds").ToString());
                }
                if (result.Verdict == Verdict.Vacuous)
                {
                    var warning = Diagnostic.Warning(ContractDiagnosticIds.VacuousContract, contract.Location,
                        $"no input satisfies the preconditions of contract '{contract.Name}', so it holds vacuously");
                    warnings.Add(warning);
                    error.WriteLine(warning.ToString());
                }
                results.Add(result);
                if (result.Verdict == Verdict.Violated && settings.Counting == ViolationCounting.FirstCounterexample)
                    stoppedBy = $"not checked: --fail-fast stopped the run at the counterexample to contract '{contract.Name}'";
            }
        }
        finally
        {
            interrupt.Dispose();
        }

        var report = new CheckReport(settings.ModelPath, settings.SpecPath, model, spec, results.ToImmutable(), [.. warnings], settings.AllInputs)
        {
            Detail = settings.Detail,
            CounterexampleForm = settings.CounterexampleForm,
        };
        if (!WriteReports(report, settings, output, error) || !SaveCounterexamples(report, settings, error))
            return ExitCode.InvalidInput;
        return report.ExitCode;
    }

    private static ContractResult CheckOne(IContractChecker checker, ElaboratedContract contract, CheckSettings settings, ICheckProgress? progress, RunInterruption interrupt)
    {
        using var timeout = settings.TimeoutSeconds is { } seconds ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds)) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(interrupt.Token, timeout.Token);
        // Bounded: a check that does not stop in time is abandoned a grace period after the limit (docs/ci.md).
        var result = BoundedCheck.Run(contract, () => checker.Check(contract, progress, linked.Token), BoundedCheck.DefaultGrace, linked.Token);
        // Say which limit stopped the check: an interrupted result (unknown, or violated with a partial count) says so.
        string? limit = interrupt.IsCancellationRequested ? $"stopped by {interrupt.Cause ?? "Ctrl-C"}"
            : timeout.IsCancellationRequested ? string.Create(CultureInfo.InvariantCulture, $"timeout after {settings.TimeoutSeconds}s (--timeout)")
            : null;
        bool stoppedEarly = result.Verdict == Verdict.Unknown || (result.InputsInScope is { } total && result.InputsChecked < total);
        if (limit is not null && stoppedEarly)
            result = result with { Reason = limit + (result.Reason is null ? "" : "; " + result.Reason) };
        return result;
    }

    private static bool PrepareProofFolder(string? folder, TextWriter error) =>
        folder is null || ReportOutput.CreateFolder(folder, why => Diagnostic.Error(CertificationDiagnosticIds.ProofFolder, SourceLocation.OfFile(folder),
            $"cannot create the proof folder (--proof): {why}"), error);

    /// <summary>What the options say that cannot be done, as located diagnostics (at the option's name), in option order.</summary>
    private static List<Diagnostic> RefusedSettings(CheckSettings settings)
    {
        var refused = new List<Diagnostic>();
        void RequireNotNegative(string option, long? value)
        {
            if (value < 0)
            {
                refused.Add(Diagnostic.Error(OptionRules.BadNumberId, SourceLocation.OfFile(option),
                    string.Create(CultureInfo.InvariantCulture, $"expected a number of at least 0, found {value}")));
            }
        }
        // --threads and --timeout have their ranges checked while parsing (OptionRules), so these two are left.
        RequireNotNegative("--max-counterexamples", settings.MaxCounterexamples);
        RequireNotNegative("--max-inputs", settings.MaxInputs);
        if (settings.CountingConflict)
        {
            refused.Add(Diagnostic.Error(CountingConflictId, SourceLocation.OfFile("--count"),
                "--fail-fast stops at the first counterexample and --count counts every violation; give one of them"));
        }
        if (settings.DetailConflict)
        {
            refused.Add(Diagnostic.Error(DetailConflictId, SourceLocation.OfFile("--verbose"),
                "--quiet prints less and --verbose more than the default report; give one of them"));
        }
        if (settings.Certify && CheckerFactory.NativeModeOf(settings.Backend) is null)
        {
            refused.Add(Diagnostic.Error(CertificationDiagnosticIds.BackendNotNative, SourceLocation.OfFile(settings.ProofFolder is null ? "--certify" : "--proof"),
                $"certification checks proofs of the native solver; give --backend native, native-inputs, native-plain or sat (not '{settings.Backend}')"));
        }
        return refused;
    }

    /// <summary>Prints the errors of <paramref name="diagnostics"/> (warnings were printed when found) and writes the error report.</summary>
    private static ExitCode Refuse(List<Diagnostic> diagnostics, CheckSettings settings, TextWriter output, TextWriter error)
    {
        foreach (var diagnostic in diagnostics.Where(d => d.IsError))
            error.WriteLine(diagnostic.ToString());
        WriteFailureReport(new FailedCheckReport(settings.ModelPath, settings.SpecPath, [.. diagnostics]), settings.Format, settings.Output, output, error);
        return ExitCode.InvalidInput;
    }

    private static List<ElaboratedContract>? SelectContracts(ElaboratedSpec spec, string[] names, out Diagnostic? unknown)
    {
        unknown = null;
        if (names.Length == 0)
            return [.. spec.Contracts];
        var selected = new List<ElaboratedContract>();
        foreach (var name in names)
        {
            var contract = spec.Contracts.FirstOrDefault(c => c.Name == name);
            if (contract is null)
            {
                unknown = Diagnostic.Error(ContractDiagnosticIds.MissingPart, SourceLocation.OfFile(spec.Path),
                    $"the spec has no contract '{name}' (its contracts: {string.Join(", ", spec.Contracts.Select(c => c.Name))}){Inputs.NameSuggestions.DidYouMean(name, spec.Contracts.Select(c => c.Name))}");
                return null;
            }
            if (!selected.Contains(contract))
                selected.Add(contract);
        }
        return selected;
    }

    private static IContractChecker? CreateChecker(CheckSettings settings, BnnModel model, out Diagnostic? unknownBackend)
    {
        bool failFast = settings.Counting == ViolationCounting.FirstCounterexample;
        var options = new ExhaustiveOptions(settings.MaxInputs, settings.MaxCounterexamples ?? DefaultCounterexamples, settings.Threads)
        {
            // A solver stops at its first counterexample unless more are asked for; --fail-fast asks for one.
            SolverCounterexamples = failFast ? Math.Min(1, settings.MaxCounterexamples ?? 1) : settings.MaxCounterexamples ?? 1,
            Counting = settings.Counting,
            SolverCounterexampleForm = settings.CounterexampleForm,
            Certification = settings.Certify ? new CertificationOptions(settings.ProofFolder) : null,
        };
        var checker = CheckerFactory.Create(settings.Backend, PackedNetwork.Compile(model), options, out string? problem);
        unknownBackend = checker is null ? Diagnostic.Error(UnknownBackendId, SourceLocation.OfFile("--backend"), problem!) : null;
        return checker;
    }

    private static bool WriteReports(CheckReport report, CheckSettings settings, TextWriter output, TextWriter error)
    {
        Action<CheckReport, TextWriter> writer = settings.Format switch
        {
            "json" => JsonReport.Write,
            "junit" => JUnitReport.Write,
            "sarif" => SarifReport.Write,
            _ => TextReport.Write,
        };
        return ReportOutput.Write(report, writer, TextReport.Write, settings.Output, output, error);
    }

    /// <summary>
    /// With a machine format, the report of a run that could not start, so that CI shows the errors (they are on standard
    /// error as well); the text format has nothing to add to them.
    /// </summary>
    private static void WriteFailureReport(FailedCheckReport report, string format, string? path, TextWriter output, TextWriter error)
    {
        Action<FailedCheckReport, TextWriter>? writer = format switch
        {
            "json" => JsonReport.WriteFailure,
            "junit" => JUnitReport.WriteFailure,
            "sarif" => SarifReport.WriteFailure,
            _ => null,
        };
        if (writer is not null)
            ReportOutput.Write(report, writer, null, path, output, error);
    }

    private static bool SaveCounterexamples(CheckReport report, CheckSettings settings, TextWriter error)
    {
        if (settings.SaveFolder is null)
            return true;
        try
        {
            Directory.CreateDirectory(settings.SaveFolder);
            foreach (var result in report.Results)
            {
                for (int k = 0; k < result.Counterexamples.Length; k++)
                {
                    string path = Path.Combine(settings.SaveFolder, string.Create(CultureInfo.InvariantCulture, $"{result.Contract.Name}-{k + 1}.json"));
                    CounterexampleFile.Write(path, settings.ModelPath, settings.SpecPath, result.Contract.Name, report.Model, result.Counterexamples[k]);
                }
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{settings.SaveFolder}: error: cannot save counterexamples: {e.Message}");
            return false;
        }
    }
}
