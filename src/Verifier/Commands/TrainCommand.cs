using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Data;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Training;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Reports;

namespace BnnVerify.Verifier.Commands;

/// <summary><c>bnnverify train DATA.csv --target COLUMN --out MODEL.json [--hidden 64,32] [--epochs N] [--seed S] ...</c>.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Argument<string>("DATA") { Description = "The training data: CSV with a header line, optionally gzip-compressed (.csv.gz)." };
        var target = new Option<string>("--target", "-t")
        {
            Description = "The target column (its values become the argmax classes), or several columns separated by commas (boolean columns that become named output bits).",
            Required = true,
        };
        var output = new Option<string>("--out", "-o") { Description = "Where to write the trained model (JSON).", Required = true }.OutputFile();
        var hidden = new Option<string>("--hidden") { Description = "Hidden layer widths from the input side, e.g. '64,32'; 'none' for no hidden layer.", DefaultValueFactory = _ => "32" };
        var epochs = new Option<int>("--epochs") { Description = "The most epochs to train.", DefaultValueFactory = _ => 100 };
        var seed = new Option<ulong>("--seed") { Description = "Fixes initialisation, split and batch order: the same command gives the same file.", DefaultValueFactory = _ => 1UL };
        var validation = new Option<double>("--validation")
        {
            Description = "Fraction of rows held out for validation (stratified by class); 0 trains on everything and monitors training accuracy.",
            DefaultValueFactory = _ => 0.2,
        };
        var patience = new Option<int?>("--patience") { Description = "Stop after this many epochs without a better validation accuracy (default: never stop early). The best model is kept either way." };
        var batchSize = new Option<int>("--batch-size") { Description = "Rows per mini-batch.", DefaultValueFactory = _ => 32 };
        var learningRate = new Option<double>("--learning-rate") { Description = "The step size at the first epoch.", DefaultValueFactory = _ => 0.01 };
        var finalLearningRate = new Option<double>("--final-learning-rate") { Description = "The step size at the last epoch, reached along a cosine curve.", DefaultValueFactory = _ => 0.0005 };
        var optimizer = new Option<string>("--optimizer") { Description = "adam or adamax.", DefaultValueFactory = _ => "adam" };
        optimizer.AcceptOnlyFromAmong("adam", "adamax");
        var firstBits = new Option<int>("--first-layer-bits") { Description = "Bits per weight of the first layer: 1 is binary, k >= 2 gives integers in [-(2^(k-1)-1), 2^(k-1)-1].", DefaultValueFactory = _ => 1 };
        var lastBits = new Option<int>("--last-layer-bits") { Description = "Bits per weight of the last (score) layer, as for --first-layer-bits.", DefaultValueFactory = _ => 1 };
        var ignore = new Option<string?>("--ignore") { Description = "Columns to leave out, separated by commas (e.g. a name column)." };
        var categorical = new Option<string?>("--categorical") { Description = "Numeric columns to treat as categorical (one input per value, named column_value), separated by commas." };
        var binarize = new Option<string[]>("--binarize")
        {
            Description = "A threshold for numeric columns, COLUMN>=NUMBER or COLUMN>NUMBER; COLUMN may end in '*' ('px*>=8', '*>=8'). Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var unknown = new Option<string>("--unknown")
        {
            Description = "Unknown cells ('?' or empty) make the column's inputs false; 'indicator' also adds an input column_unknown, 'false' does not.",
            DefaultValueFactory = _ => "indicator",
        };
        unknown.AcceptOnlyFromAmong("indicator", "false");
        var columns = new Option<string?>("--columns")
        {
            Description = "For a file without a header line: the column names, separated by commas; {a..b} is a range of integers as in a shell ('px_{0..7}_{0..7},digit').",
        };
        var name = new Option<string?>("--name") { Description = "The model's name (default: the output file's name without .json)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the final summary, not a line per epoch." };
        var command = new Command("train", "Train a small BNN on a CSV file (straight-through estimator, batch norm, Adam) and save it as a model file.")
        {
            data, target, output, hidden, epochs, seed, validation, patience, batchSize, learningRate, finalLearningRate, optimizer,
            firstBits, lastBits, ignore, categorical, binarize, unknown, columns, name, quiet,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            string outPath = parse.GetValue(output)!;
            var rules = ImmutableArray.CreateBuilder<BinarizeRule>();
            foreach (var text in parse.GetValue(binarize) ?? [])
            {
                var rule = BinarizeRule.Parse(text, "--binarize", out var bad);
                if (rule is null)
                    return (int)Fail(error, bad!);
                rules.Add(rule);
            }
            var widths = ParseWidths(parse.GetValue(hidden)!, out var badWidths);
            if (badWidths is not null)
                return (int)Fail(error, badWidths);
            var columnNames = ImmutableArray<string>.Empty;
            if (parse.GetValue(columns) is { } pattern)
            {
                columnNames = ColumnNamePattern.Expand(pattern, "--columns", out var badColumns);
                if (badColumns is not null)
                    return (int)Fail(error, badColumns);
            }
            var features = new FeatureOptions
            {
                ColumnNames = columnNames,
                Targets = SplitList(parse.GetValue(target)),
                Ignored = SplitList(parse.GetValue(ignore)),
                Categorical = SplitList(parse.GetValue(categorical)),
                Binarize = rules.ToImmutable(),
                Unknown = parse.GetValue(unknown) == "false" ? UnknownValueTreatment.AllFalse : UnknownValueTreatment.Indicator,
            };
            var options = new TrainingOptions
            {
                Hidden = widths,
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batchSize),
                LearningRate = parse.GetValue(learningRate),
                FinalLearningRate = parse.GetValue(finalLearningRate),
                Optimizer = parse.GetValue(optimizer) == "adamax" ? OptimizerKind.AdaMax : OptimizerKind.Adam,
                Seed = parse.GetValue(seed),
                ValidationFraction = parse.GetValue(validation),
                Patience = parse.GetValue(patience),
                FirstLayerBits = parse.GetValue(firstBits),
                LastLayerBits = parse.GetValue(lastBits),
                ModelName = parse.GetValue(name) ?? DefaultName(outPath),
                CommandLine = CommandText(parse),
            };
            return (int)Run(parse.GetValue(data)!, features, options, outPath, parse.GetValue(quiet), writer, error);
        });
        return command;
    }

    private static ExitCode Run(string dataPath, FeatureOptions features, TrainingOptions options, string outPath, bool quiet, TextWriter output, TextWriter error)
    {
        var progress = new TrainingProgressText(output, TrainingProgressText.IsTerminal(output), quiet);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = TrainingJob.Run(dataPath, features, options, progress.Report);
        progress.Finish();
        var elapsed = clock.Elapsed;
        if (outcome.Result is not { } result)
            return Fail(error, outcome.Error!);
        try
        {
            File.WriteAllText(outPath, result.Json, new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Fail(error, Diagnostic.Error(DataDiagnosticIds.OutputUnwritable, SourceLocation.OfFile(outPath),
                $"cannot write the model: {(e is DirectoryNotFoundException ? "no such directory" : e.Message)}"));
        }
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(culture,
            $"kept epoch {result.BestEpoch} of {result.EpochsRun}: training {result.TrainingCorrect}/{result.TrainingRows.Length} ({TrainingProgressText.Percent(result.TrainingAccuracy)})")
            + (result.ValidationAccuracy is double v
                ? string.Create(culture, $", validation {result.ValidationCorrect}/{result.ValidationRows.Length} ({TrainingProgressText.Percent(v)})")
                : ", no validation split"));
        output.WriteLine(string.Create(culture,
            $"wrote {outPath}: {result.Model.InputCount} inputs, {result.Model.Layers.Length} layers, {result.Model.ParameterCount} parameters; trained in {elapsed.TotalSeconds:F1} s"));
        return ExitCode.Success;
    }

    private static ExitCode Fail(TextWriter error, Diagnostic diagnostic)
    {
        error.WriteLine(diagnostic.ToString());
        return ExitCode.InvalidInput;
    }

    private static ImmutableArray<string> SplitList(string? text) =>
        text is null ? [] : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static ImmutableArray<int> ParseWidths(string text, out Diagnostic? error)
    {
        error = null;
        if (text.Trim() is "none" or "")
            return [];
        var widths = ImmutableArray.CreateBuilder<int>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int width) || width < 1)
            {
                error = Diagnostic.Error(DataDiagnosticIds.BadTrainingOption, SourceLocation.OfFile("--hidden"),
                    $"'{item}' is not a layer width; expected positive integers separated by commas, e.g. '64,32', or 'none'");
                return [];
            }
            widths.Add(width);
        }
        return widths.ToImmutable();
    }

    private static string DefaultName(string outPath)
    {
        string file = Path.GetFileName(outPath);
        return file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? file[..^5] : file;
    }

    // The command as a POSIX shell would need it typed, so that the metadata can be pasted to retrain.
    private static string CommandText(ParseResult parse)
    {
        var text = new StringBuilder("bnnverify");
        foreach (var token in parse.Tokens)
        {
            string value = token.Value;
            bool plain = value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "_-./,=:+@%".Contains(c, StringComparison.Ordinal));
            text.Append(' ').Append(plain ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'");
        }
        return text.ToString();
    }
}
