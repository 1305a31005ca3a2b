using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Files;
using BnnVerify.Bnn.Imaging;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Inputs;
using BnnVerify.Verifier.Reports.Robustness;
using BnnVerify.Verifier.Reports;
using BnnVerify.Verifier.Robustness;

namespace BnnVerify.Verifier.Commands;

/// <summary>
/// <c>bnnverify robust MODEL (--image X.png… | --input … | --input-file F…) (--hamming R | --linf EPS | --min hamming|linf)</c>:
/// local robustness of each given input, decided by the ball search (or any check backend), with one report for all.
/// </summary>
internal static class RobustCommand
{
    /// <summary>The report formats.</summary>
    public static readonly string[] Formats = ["text", "json", "junit"];

    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The model file (an argmax model; for --image and --linf, one with an input image)." };
        var image = new Option<string[]>("--image") { Description = "PNG images (8-bit grey, the model's size) or folders of them; one result per image.", AllowMultipleArgumentsPerToken = true };
        var input = new Option<string?>("--input", "-i") { Description = "The center as true inputs, e.g. 'px_1_2,px_3_4' (unlisted inputs are false)." };
        var inputFile = new Option<string[]>("--input-file") { Description = "Files with a center each, in the syntax of --input (repeatable).", AllowMultipleArgumentsPerToken = true };
        var hamming = new Option<int?>("--hamming") { Description = "Decide robustness within this Hamming distance (input bits flipped)." };
        var linf = new Option<int?>("--linf") { Description = "Decide robustness within this L∞ distance of the image, in grey levels (0..255)." };
        var min = new Option<string?>("--min") { Description = "Find the smallest distance with a counterexample and prove it minimal: hamming or linf." };
        min.AcceptOnlyFromAmong("hamming", "linf");
        var label = new Option<string?>("--label") { Description = "The class that must stay (default: the class of each center)." };
        var count = new Option<bool>("--count") { Description = "Count every violating input of the ball instead of stopping at the first." };
        var ties = new Option<string>("--ties") { Description = "keep: ties follow the model's rule; change: a class tied with the label counts as a change (as in the published MNIST instances).", DefaultValueFactory = _ => "keep" };
        ties.AcceptOnlyFromAmong("keep", "change");
        var format = new Option<string>("--format", "-f") { Description = "Report format: text, json or junit.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file (the text report still goes to standard output)." }.OutputFile();
        var save = new Option<string?>("--save-counterexamples") { Description = "Write each counterexample (for 'bnnverify replay', with the equivalent contract) and its picture as PNG into this folder." }.OutputFolder();
        var backend = new Option<string>("--backend", "-b") { Description = "enum (the ball search), or any check backend (auto, z3-pb, minisat/totalizer, …), which decides the equivalent contract radius by radius.", DefaultValueFactory = _ => RobustnessRunner.EnumBackend }.ExternalSolverPath();
        var timeout = new Option<double?>("--timeout") { Description = "Seconds per target; past it the verdict is unknown (exit 3), with the distances proved so far." }.Seconds();
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: one per core)." }.Threads();
        var maxCounterexamples = new Option<int>("--max-counterexamples") { Description = "Counterexamples to show per target (with --count).", DefaultValueFactory = _ => 1 };
        var command = new Command("robust", "Local robustness of inputs or images: does any input within a Hamming or L∞ distance change the class? Exit 0 robust, 1 a counterexample, 3 unknown.")
        {
            model, image, input, inputFile, hamming, linf, min, label, count, ties, format, output, save, backend, timeout, threads, maxCounterexamples,
        };
        command.SetAction(parse =>
        {
            var settings = new RobustSettings(parse.GetValue(model)!, parse.GetValue(image) ?? [], parse.GetValue(input), parse.GetValue(inputFile) ?? [],
                parse.GetValue(hamming), parse.GetValue(linf), parse.GetValue(min), parse.GetValue(label), parse.GetValue(count), parse.GetValue(ties) == "change",
                parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(save), parse.GetValue(backend)!, parse.GetValue(timeout), parse.GetValue(threads),
                parse.GetValue(maxCounterexamples));
            return (int)Run(settings, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    private sealed record RobustSettings(string ModelPath, string[] Images, string? Input, string[] InputFiles, int? Hamming, int? Linf, string? Min,
        string? Label, bool Count, bool TieIsChange, string Format, string? Output, string? SaveFolder, string Backend, double? TimeoutSeconds, int Threads,
        int MaxCounterexamples);

    private static ExitCode Run(RobustSettings settings, TextWriter output, TextWriter error)
    {
        int questions = (settings.Hamming is null ? 0 : 1) + (settings.Linf is null ? 0 : 1) + (settings.Min is null ? 0 : 1);
        if (questions != 1)
            return Fail(error, "give exactly one of --hamming R, --linf EPS and --min hamming|linf");
        if (settings.Hamming is < 0 || settings.Linf is < 0 or > ImageInput.MaxLevel || settings.Threads < 0 || settings.MaxCounterexamples < 0 || settings.TimeoutSeconds is <= 0)
            return Fail(error, "--hamming must not be negative, --linf must be in 0..255, --threads and --max-counterexamples must not be negative, --timeout must be positive");
        if (settings.Count && settings.Min is not null)
            return Fail(error, "--count counts the violations of one ball; it does not go with --min");
        if (settings.Images.Length == 0 && settings.Input is null && settings.InputFiles.Length == 0)
            return Fail(error, "give the centers: --image, --input or --input-file");
        var model = ModelFiles.Load(settings.ModelPath, error);
        if (model is null)
            return ExitCode.InvalidInput;
        if (model.Output is not ArgmaxOutput)
            return Fail(error, $"{settings.ModelPath}: robust needs a model with an argmax output (class); this one has output bits");
        bool linf = settings.Linf is not null || settings.Min == "linf";
        if (linf && (model.ImageInput is null || settings.Images.Length == 0))
            return Fail(error, "--linf and --min linf need --image and a model with an input image (see docs/model-format.md)");
        int? label = null;
        if (settings.Label is not null)
        {
            int index = model.Output.Names.IndexOf(settings.Label);
            if (index < 0)
                return Fail(error, $"unknown class '{settings.Label}'{NameSuggestions.DidYouMean(settings.Label, model.Output.Names)}; classes: {string.Join(", ", model.Output.Names)}");
            label = index;
        }
        var targets = Targets(settings, model, error);
        if (targets is null)
            return ExitCode.InvalidInput;

        var mode = settings.Hamming is not null ? RobustnessMode.Hamming : settings.Linf is not null ? RobustnessMode.Linf
            : settings.Min == "linf" ? RobustnessMode.MinLinf : RobustnessMode.MinHamming;
        var options = new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, settings.MaxCounterexamples, settings.Threads);
        var request = new RobustnessRequest(mode, settings.Hamming ?? settings.Linf ?? 0, label, settings.TieIsChange, settings.Count, settings.Backend,
            options, settings.TimeoutSeconds);
        var network = PackedNetwork.Compile(model);
        var interrupt = RunInterruption.Listen();
        var outcomes = ImmutableArray.CreateBuilder<RobustnessOutcome>();
        try
        {
            foreach (var target in targets)
            {
                var outcome = RobustnessRunner.Run(network, target, request, interrupt.Token, out string? problem);
                if (outcome is null)
                    return Fail(error, problem!);
                outcomes.Add(outcome);
            }
        }
        finally
        {
            interrupt.Dispose();
        }
        var report = new RobustReport(settings.ModelPath, model, request, outcomes.ToImmutable());
        if (!WriteReport(report, settings, output, error) || !Save(report, settings, error))
            return ExitCode.InvalidInput;
        return report.ExitCode;
    }

    private static List<RobustnessTarget>? Targets(RobustSettings settings, BnnModel model, TextWriter error)
    {
        var targets = new List<RobustnessTarget>();
        var diagnostics = new List<Diagnostic>();
        foreach (string path in ImagePaths(settings.Images))
        {
            var read = ModelImage.ReadFor(model, path);
            if (!read.Succeeded)
            {
                error.WriteLine(read.Error!.ToString());
                return null;
            }
            targets.Add(new RobustnessTarget(Path.GetFileName(path), [.. ModelImage.InputBits(model, read.Image!)], read.Image));
        }
        if (settings.Input is not null)
        {
            var bits = InputAssignmentParser.Parse(settings.Input, "--input", model, diagnostics);
            if (bits is null)
                return Report(diagnostics, error);
            targets.Add(new RobustnessTarget("input", [.. bits], null));
        }
        foreach (string file in settings.InputFiles)
        {
            var contents = InputFileReader.Read(file, "the input file", EvalCommand.InputFileUnreadableId);
            if (contents.Error is not null)
            {
                error.WriteLine(contents.Error);
                return null;
            }
            string text = contents.TextOrThrow();
            var bits = InputAssignmentParser.Parse(text, file, model, diagnostics);
            if (bits is null)
                return Report(diagnostics, error);
            targets.Add(new RobustnessTarget(Path.GetFileName(file), [.. bits], null));
        }
        return targets;
    }

    // A folder stands for its PNG files, in name order.
    private static IEnumerable<string> ImagePaths(string[] given)
    {
        foreach (string path in given)
        {
            if (Directory.Exists(path))
            {
                foreach (string file in Directory.GetFiles(path, "*.png").Order(StringComparer.Ordinal))
                    yield return file;
            }
            else
            {
                yield return path;
            }
        }
    }

    private static List<RobustnessTarget>? Report(List<Diagnostic> diagnostics, TextWriter error)
    {
        foreach (var diagnostic in diagnostics)
            error.WriteLine(diagnostic.ToString());
        return null;
    }

    private static bool WriteReport(RobustReport report, RobustSettings settings, TextWriter output, TextWriter error)
    {
        Action<RobustReport, TextWriter> writer = settings.Format switch
        {
            "json" => RobustJsonReport.Write,
            "junit" => RobustJUnitReport.Write,
            _ => RobustTextReport.Write,
        };
        return ReportOutput.Write(report, writer, RobustTextReport.Write, settings.Output, output, error);
    }

    // Per counterexample: the equivalent contract and its center (so that replay works), the counterexample file, a PNG.
    private static bool Save(RobustReport report, RobustSettings settings, TextWriter error)
    {
        if (settings.SaveFolder is null)
            return true;
        var grid = InputGrid.For(report.Model);
        try
        {
            Directory.CreateDirectory(settings.SaveFolder);
            foreach (var outcome in report.Outcomes.Where(o => !o.Result.Counterexamples.IsEmpty))
            {
                var contract = outcome.Result.Contract;
                string centerFile = outcome.Target.Identifier + ".inputs";
                string specPath = Path.Combine(settings.SaveFolder, contract.Name + ".contract");
                File.WriteAllText(Path.Combine(settings.SaveFolder, centerFile), RobustnessContract.CenterText(report.Model, outcome.Target.Center));
                File.WriteAllText(specPath, RobustnessContract.SpecText(contract, centerFile));
                for (int k = 0; k < outcome.Result.Counterexamples.Length; k++)
                {
                    var counterexample = outcome.Result.Counterexamples[k];
                    string stem = Path.Combine(settings.SaveFolder, string.Create(CultureInfo.InvariantCulture, $"{contract.Name}-{k + 1}"));
                    CounterexampleFile.Write(stem + ".json", settings.ModelPath, specPath, contract.Name, report.Model, counterexample);
                    if (grid is not null)
                        CounterexamplePicture.Write(stem + ".png", grid, outcome.Target.Center, counterexample.Inputs, outcome.Target.Image);
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

    private static ExitCode Fail(TextWriter error, string message)
    {
        error.WriteLine("error: " + message);
        return ExitCode.InvalidInput;
    }
}
