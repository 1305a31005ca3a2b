using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Model;
using BnnVerify.Bnn.Numerics;

namespace BnnVerify.Bnn.Import;

/// <summary>
/// Imports a BNN directory in the CSV layout of NPAQ (teobaluta/NPAQ, <c>mlp2cnf</c>) and BNNQuanalyst
/// (S3L-official/BNNQuanalyst): <c>blk1/ … blkN/</c> with <c>lin_weight.csv</c>, <c>lin_bias.csv</c>,
/// <c>bn_weight.csv</c>, <c>bn_bias.csv</c>, <c>bn_mean.csv</c>, <c>bn_var.csv</c>, and <c>out_blk/</c> with
/// <c>lin_weight.csv</c> and <c>lin_bias.csv</c>. Inputs are already binary (±1).
/// </summary>
/// <remarks>
/// The semantics are the ones both tools encode: a hidden neuron is true iff
/// (s + lin_bias − bn_mean)/√bn_var · bn_weight + bn_bias ≥ 0 — no ε (both use √bn_var as stored) and
/// sign(0) = +1 (NPAQ rounds the bound up, BNNQuanalyst's evaluator tests ≥ 0); the output is the argmax of
/// s_j + lin_bias_j, ties to the lowest index. Every number is read from its decimal text exactly, folded
/// exactly by <see cref="ThresholdFolding"/> and kept in the model (bias + batch norm), and the output
/// becomes exact integer scores (<see cref="ScoreScaling"/>).
/// </remarks>
public static class NpaqCsvImporter
{
    /// <summary>The layout's name in diagnostics and metadata.</summary>
    public const string LayoutName = "npaq-csv (NPAQ / BNNQuanalyst model directory)";

    private static readonly string[] BlockFiles = ["lin_weight", "lin_bias", "bn_weight", "bn_bias", "bn_mean", "bn_var"];

    /// <summary>Imports the directory at <paramref name="directory"/>.</summary>
    public static ImportResult Import(string directory, ImportOptions options, WeightRows rows = WeightRows.Auto)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return ImportCore(directory, options, rows);
        }
        catch (DiagnosticException e)
        {
            return ImportResult.Failed(e.Diagnostic);
        }
    }

    private static ImportResult ImportCore(string directory, ImportOptions options, WeightRows rows)
    {
        if (!Directory.Exists(directory))
            throw Fail(ImportDiagnosticIds.Unreadable, directory, "no such directory (an NPAQ/BNNQuanalyst model is a directory with blk1/ … and out_blk/)");
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            string entryName = Path.GetFileName(entry);
            bool known = entryName == "out_blk" || (entryName.StartsWith("blk", StringComparison.Ordinal) && int.TryParse(entryName.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out _));
            if (Directory.Exists(entry) && !known)
                throw Fail(ImportDiagnosticIds.UnexpectedArray, entry, "not part of the layout (expected blk1, blk2, … and out_blk)");
        }
        var notes = ImmutableArray.CreateBuilder<string>();
        var layers = ImmutableArray.CreateBuilder<DenseLayer>();
        int? width = null;
        var decided = rows;
        for (int block = 1; Directory.Exists(Path.Combine(directory, "blk" + block.ToString(CultureInfo.InvariantCulture))); block++)
        {
            string folder = Path.Combine(directory, "blk" + block.ToString(CultureInfo.InvariantCulture));
            var files = BlockFiles.Select(f => CsvMatrix.Read(Path.Combine(folder, f + ".csv"), $"{f}.csv of blk{block}")).ToArray();
            int neurons = files[2].ColumnCount; // bn_weight: one value per neuron
            var (weights, inputs) = Weights(files[0], neurons, width, ref decided, $"blk{block}");
            var vectors = files.Skip(1).Select((m, k) => m.Vector(neurons, BlockFiles[k + 1] + ".csv")).ToArray();
            for (int j = 0; j < neurons; j++)
            {
                if (vectors[4][j].Sign <= 0)
                    throw Fail(ImportDiagnosticIds.NonPositiveVariance, files[5].File, $"neuron {j}: bn_var is {vectors[4][j].ToDecimalString(6)}; it must be positive (the tools divide by its square root)");
            }
            var definition = new RawSignActivation(vectors[0], new BatchNormParameters(vectors[1], vectors[2], vectors[3], vectors[4], Rational.Zero));
            layers.Add(DenseLayer.SignFromDefinition(inputs, WeightPrecision.Binary, weights, definition, SignAtZero.Positive));
            width = neurons;
        }
        string outFolder = Path.Combine(directory, "out_blk");
        if (!Directory.Exists(outFolder))
            throw Fail(ImportDiagnosticIds.MissingArray, outFolder, "missing the output block directory out_blk/");
        var outWeights = CsvMatrix.Read(Path.Combine(outFolder, "lin_weight.csv"), "lin_weight.csv of out_blk");
        var outBias = CsvMatrix.Read(Path.Combine(outFolder, "lin_bias.csv"), "lin_bias.csv of out_blk");
        int classes = outBias.ColumnCount;
        var (scoreWeights, scoreInputs) = Weights(outWeights, classes, width, ref decided, "out_blk");
        var biases = outBias.Vector(classes, "lin_bias.csv");
        var reaches = LayerImport.Reaches(scoreWeights, scoreInputs);
        var scaled = ScoreScaling.Find(reaches, biases.AsSpan())
            ?? throw Fail(ImportDiagnosticIds.NotRepresentable, outBias.File, $"no integer scores with weights up to {DenseLayer.MaxIntegerWeight} order the classes as the real biases do");
        var integerWeights = scaled.Scale == 1 ? scoreWeights : [.. scoreWeights.Select(w => w * scaled.Scale)];
        layers.Add(DenseLayer.Scores(scoreInputs, scaled.Scale == 1 ? WeightPrecision.Binary : WeightPrecision.Integer, integerWeights, scaled.Offsets));
        notes.Add($"{layers.Count - 1} hidden blocks, weights read with one row per {(decided == WeightRows.Inputs ? "input" : "neuron")}");
        notes.Add(scaled.Scale == 1
            ? "output: the real scores s + lin_bias are ordered exactly as the integer scores s + B (binary layer), ties included"
            : $"output: the real scores s + lin_bias are ordered exactly as the integer scores {scaled.Scale}·s + B, ties included");

        int inputCount = layers[0].InputCount;
        bool image = options.ImageWidth is { } w && options.ImageHeight is { } h;
        if (image && options.ImageWidth!.Value * options.ImageHeight!.Value != inputCount)
            throw Fail(ImportDiagnosticIds.BadOption, directory, $"a {options.ImageWidth}×{options.ImageHeight} image has {options.ImageWidth * options.ImageHeight} pixels, but the network reads {inputCount} values");
        var inputNames = Enumerable.Range(0, inputCount)
            .Select(i => image
                ? string.Create(CultureInfo.InvariantCulture, $"px_{i / options.ImageWidth!.Value}_{i % options.ImageWidth!.Value}")
                : string.Create(CultureInfo.InvariantCulture, $"x{i}"))
            .ToImmutableArray();
        var classNames = Enumerable.Range(0, classes).Select(j => options.ClassPrefix + j.ToString(CultureInfo.InvariantCulture)).ToImmutableArray();
        var metadata = new JsonObject
        {
            ["importedFrom"] = new JsonObject
            {
                ["format"] = LayoutName,
                ["directory"] = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)),
                ["weightRows"] = decided == WeightRows.Inputs ? "inputs" : "neurons",
                ["semantics"] = "true iff (s + lin_bias - bn_mean) / sqrt(bn_var) * bn_weight + bn_bias >= 0; no epsilon; argmax ties to the lowest index",
                ["outputScale"] = scaled.Scale,
                ["outputBias"] = new JsonArray([.. biases.Select(b => (JsonNode)JsonValue.Create(b.ToDecimalString(12)))]),
            },
        };
        string name = options.Name ?? ChainerNpzImporter.SafeName(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)));
        var model = new BnnModel(name, inputNames, layers.ToImmutable(), new ArgmaxOutput(classNames, TieBreak.LowestIndex),
            SignAtZero.Positive, $"Imported from {name} ({LayoutName}).", metadata);
        return new ImportResult(model, null, notes.ToImmutable());
    }

    // The weight matrix as neuron rows, with the layer's input count; the orientation is decided once for the whole model.
    private static (ImmutableArray<int> Weights, int Inputs) Weights(CsvMatrix matrix, int neurons, int? inputs, ref WeightRows decided, string block)
    {
        bool asNeurons = matrix.RowCount == neurons && (inputs is null || matrix.ColumnCount == inputs);
        bool asInputs = matrix.ColumnCount == neurons && (inputs is null || matrix.RowCount == inputs);
        var choice = decided;
        if (choice == WeightRows.Auto)
        {
            if (asNeurons && asInputs)
                throw Fail(ImportDiagnosticIds.BadOption, matrix.File, $"the {matrix.RowCount}×{matrix.ColumnCount} weights of {block} read both ways; say which with --weight-rows neurons (BNNQuanalyst) or --weight-rows inputs (NPAQ)");
            choice = asNeurons ? WeightRows.Neurons : asInputs ? WeightRows.Inputs : WeightRows.Auto;
        }
        if ((choice == WeightRows.Neurons && !asNeurons) || (choice == WeightRows.Inputs && !asInputs) || choice == WeightRows.Auto)
        {
            string expected = inputs is { } n ? $"{neurons}×{n} (neurons × inputs) or {n}×{neurons} (inputs × neurons)" : $"{neurons} rows or {neurons} columns (one per neuron)";
            throw Fail(ImportDiagnosticIds.WrongShape, matrix.File, $"the weights of {block} are {matrix.RowCount}×{matrix.ColumnCount}; expected {expected}{(decided == WeightRows.Auto ? "" : $" with one row per {(decided == WeightRows.Inputs ? "input" : "neuron")}")}");
        }
        decided = choice;
        int inputCount = choice == WeightRows.Neurons ? matrix.ColumnCount : matrix.RowCount;
        var weights = new int[neurons * inputCount];
        for (int r = 0; r < matrix.RowCount; r++)
        {
            for (int c = 0; c < matrix.ColumnCount; c++)
            {
                var value = matrix.Rows[r][c];
                if (!value.IsInteger || value.Numerator < -1 || value.Numerator > 1)
                {
                    throw new DiagnosticException(Diagnostic.Error(ImportDiagnosticIds.BadCsv, new SourceLocation(matrix.File, r + 1, 0),
                        $"weight {value.ToDecimalString(6)} in column {c + 1}; the CSV layout stores binarized weights (-1, 1, or 0 for a pruned connection)"));
                }
                int neuron = choice == WeightRows.Neurons ? r : c;
                int input = choice == WeightRows.Neurons ? c : r;
                weights[neuron * inputCount + input] = (int)value.Numerator;
            }
        }
        return (ImmutableArray.Create(weights), inputCount);
    }

    private static DiagnosticException Fail(string id, string path, string message) =>
        new(Diagnostic.Error(id, SourceLocation.OfFile(path), message));
}
