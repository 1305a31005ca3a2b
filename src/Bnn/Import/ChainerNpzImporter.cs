using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Model;
using BnnVerify.Bnn.Numerics;

namespace BnnVerify.Bnn.Import;

/// <summary>What the user may say about an imported network that its file does not.</summary>
/// <param name="Name">The model name; null takes the file name.</param>
/// <param name="ImageWidth">The input image's width; null: a square image when the input count is a square.</param>
/// <param name="ImageHeight">The input image's height (with <paramref name="ImageWidth"/>).</param>
/// <param name="ClassPrefix">Classes are called PREFIX0, PREFIX1, ….</param>
public sealed record ImportOptions(string? Name = null, int? ImageWidth = null, int? ImageHeight = null, string ClassPrefix = "class");

/// <summary>
/// Imports a Chainer BNN saved with <c>chainer.serializers.save_npz</c> in the layout of
/// msakai/bnn-verification's <c>bnn.BNN</c>: <c>input_bn/*</c> (per-pixel batch norm of the image scaled to
/// [0, 1], then sign), <c>blocks/{i}/lin/{W,b}</c> and <c>blocks/{i}/bn/*</c> (BinLinear through sign(W), batch
/// norm, sign), and <c>output_lin/{W,b}</c> (BinLinear: sign(W)·h + b, real scores, argmax).
/// </summary>
/// <remarks>
/// Every decision is taken in the original's arithmetic and proved exact on every value that can reach it:
/// the first binarization is evaluated in float32 for all 256 grey levels of every pixel, each hidden
/// neuron for every reachable pre-activation, and the output layer is replaced by integer scores whose
/// comparisons equal the real ones (<see cref="ScoreScaling"/>) and, checked here, the float32 ones.
/// Each threshold is also folded in exact rational arithmetic (<see cref="ThresholdFolding"/>); where the
/// two disagree the original's float32 arithmetic decides, and a note says so. A value that is exactly 0
/// before a sign is refused: Chainer's sign(0) is 0, which no boolean can carry.
/// </remarks>
public static partial class ChainerNpzImporter
{
    /// <summary>Chainer's <c>L.BatchNormalization</c> default ε, which <c>save_npz</c> does not store.</summary>
    public const double BatchNormEpsilon = 2e-5;

    /// <summary>The layout's name in diagnostics and metadata.</summary>
    public const string LayoutName = "chainer-npz (msakai/bnn-verification bnn.BNN)";

    private static readonly string[] BatchNormArrays = ["gamma", "beta", "avg_mean", "avg_var"];

    /// <summary>Imports the .npz at <paramref name="path"/>.</summary>
    public static ImportResult Import(string path, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            var archive = NpzArchive.Read(path);
            byte[] hash = SHA256.HashData(File.ReadAllBytes(path));
            return Import(archive, options, Convert.ToHexStringLower(hash));
        }
        catch (DiagnosticException e)
        {
            return ImportResult.Failed(e.Diagnostic);
        }
    }

    private static ImportResult Import(NpzArchive archive, ImportOptions options, string sha256)
    {
        var layout = new ArrayLayout(archive.File, name => archive[name]);
        var notes = ImmutableArray.CreateBuilder<string>();
        var precision = PrecisionOf(archive, layout);

        // The first binarization: sign(BN(grey / 255)) per pixel.
        var inputBn = ReadBatchNorm(layout, "input_bn", null);
        int inputCount = inputBn.Length;
        var (width, height) = ImageSize(layout, options, inputCount);
        var (image, inputDisagreements) = ImportImageInput(layout, precision, inputBn, width, height);
        int constantBits = image.PixelThresholds.Count(t => t.Bound <= 0 && t.Direction == ThresholdDirection.AtLeast
            || t.Bound > ImageInput.MaxLevel && t.Direction == ThresholdDirection.AtLeast
            || t.Bound >= ImageInput.MaxLevel && t.Direction == ThresholdDirection.AtMost
            || t.Bound < 0 && t.Direction == ThresholdDirection.AtMost);
        notes.Add($"input: {width}×{height} grey image, one bit per pixel (true iff its batch-normalised value is > 0); {constantBits} pixels give a constant bit");

        var layers = ImmutableArray.CreateBuilder<DenseLayer>();
        int width0 = inputCount;
        int totalDisagreements = inputDisagreements;
        for (int block = 0; layout.Optional($"blocks/{block}/lin/W") is { } w; block++)
        {
            string prefix = $"blocks/{block}";
            var latent = layout.Matrix(w, null, width0, $"one row of latent weights per neuron, one column per value of the previous layer ({width0})");
            int neurons = w.Shape[0];
            var bias = layout.Optional(prefix + "/lin/b") is { } b ? layout.Vector(b, neurons) : new double[neurons];
            var bn = ReadBatchNorm(layout, prefix + "/bn", neurons);
            var (layer, disagreements) = ImportHiddenLayer(layout, prefix, precision, width0, LayerImport.SignWeights(latent), bias, bn);
            layers.Add(layer);
            totalDisagreements += disagreements;
            width0 = neurons;
        }
        notes.Add(totalDisagreements == 0
            ? $"every threshold ({inputCount} pixels, {layers.Sum(l => l.NeuronCount)} hidden neurons) is the same in {Describe(precision)} and in exact arithmetic"
            : $"{totalDisagreements} thresholds differ between {Describe(precision)} and exact arithmetic; the original's {Describe(precision)} decides them");

        var outW = layout.Required("output_lin/W", "the output layer's latent weights");
        var outLatent = layout.Matrix(outW, null, width0, $"one row per class, one column per value of the last hidden layer ({width0})");
        int classes = outW.Shape[0];
        var outBias = layout.Optional("output_lin/b") is { } ob ? layout.Vector(ob, classes) : new double[classes];
        var (scores, scale) = ImportScores(layout, precision, width0, LayerImport.SignWeights(outLatent), outBias);
        layers.Add(scores);
        notes.Add(scale == 1
            ? "output: the real scores sign(W)·h + b are ordered exactly as the integer scores sign(W)·h + B (binary layer), ties included"
            : $"output: the real scores sign(W)·h + b are ordered exactly as the integer scores {scale}·sign(W)·h + B, ties included");

        layout.Optional("input_bn/N");
        for (int block = 0; block < layers.Count - 1; block++)
            layout.Optional($"blocks/{block}/bn/N");
        layout.RejectUnused(archive.Names, LayoutName);

        string name = options.Name ?? SafeName(Path.GetFileNameWithoutExtension(archive.File));
        var inputNames = Enumerable.Range(0, inputCount).Select(image.PixelName).ToImmutableArray();
        var classNames = Enumerable.Range(0, classes).Select(j => options.ClassPrefix + j.ToString(CultureInfo.InvariantCulture)).ToImmutableArray();
        var metadata = new JsonObject
        {
            ["importedFrom"] = new JsonObject
            {
                ["format"] = LayoutName,
                ["file"] = Path.GetFileName(archive.File),
                ["sha256"] = sha256,
                ["arithmetic"] = Describe(precision),
                ["batchNormEpsilon"] = BatchNormEpsilon,
                ["inputScaling"] = "grey level x (0-255) becomes x * (1/255) in the arrays' precision, as chainer.datasets.get_mnist scales it",
                ["signAtZero"] = "numpy sign(0) = 0; the importer proved that no reachable value is exactly 0 before a sign",
                ["thresholdsWhereFloatAndExactDiffer"] = totalDisagreements,
                ["outputScale"] = scale,
                ["outputBias"] = new JsonArray([.. outBias.Select(v => (JsonNode)JsonValue.Create(LayerImport.Text(v)))]),
                ["tieBreak"] = "lowest-index (numpy.argmax returns the first maximum)",
            },
        };
        try
        {
            var model = new BnnModel(name, inputNames, layers.ToImmutable(), new ArgmaxOutput(classNames, TieBreak.LowestIndex),
                null, $"Imported from {Path.GetFileName(archive.File)} ({LayoutName}).", metadata, image);
            return new ImportResult(model, null, notes.ToImmutable());
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException("the importer built an inconsistent model: " + e.Message, e);
        }
    }

    private static FloatPrecision PrecisionOf(NpzArchive archive, ArrayLayout layout)
    {
        NumericElementType? seen = null;
        foreach (var name in archive.Names)
        {
            if (name.EndsWith("/N", StringComparison.Ordinal))
                continue; // Chainer's sample counter, an integer
            var array = archive[name]!;
            if (array.ElementType == NumericElementType.Integer)
                throw layout.Fail(ImportDiagnosticIds.BadArray, array.Name, "expected floating-point parameters, found an integer array");
            if (seen is { } other && other != array.ElementType)
                throw layout.Fail(ImportDiagnosticIds.BadArray, array.Name, "the arrays mix float32 and float64; a Chainer model computes in one precision");
            seen = array.ElementType;
        }
        return seen == NumericElementType.Float64 ? FloatPrecision.Double : FloatPrecision.Single;
    }

    private static RawBatchNorm[] ReadBatchNorm(ArrayLayout layout, string prefix, int? length)
    {
        var parts = new double[BatchNormArrays.Length][];
        for (int k = 0; k < BatchNormArrays.Length; k++)
        {
            var array = layout.Required($"{prefix}/{BatchNormArrays[k]}", "a batch-norm parameter");
            parts[k] = layout.Vector(array, length ?? (k == 0 ? null : parts[0].Length));
        }
        var result = new RawBatchNorm[parts[0].Length];
        for (int j = 0; j < result.Length; j++)
        {
            result[j] = new RawBatchNorm(parts[0][j], parts[1][j], parts[2][j], parts[3][j], BatchNormEpsilon);
            if (parts[3][j] + BatchNormEpsilon <= 0)
                throw layout.Fail(ImportDiagnosticIds.NonPositiveVariance, $"{prefix}/avg_var[{j}]", $"variance + ε is {parts[3][j] + BatchNormEpsilon}, not positive");
        }
        return result;
    }

    private static (int Width, int Height) ImageSize(ArrayLayout layout, ImportOptions options, int inputCount)
    {
        if (options.ImageWidth is { } w && options.ImageHeight is { } h)
        {
            if ((long)w * h != inputCount)
                throw layout.Fail(ImportDiagnosticIds.BadOption, "input_bn/gamma", $"a {w}×{h} image has {(long)w * h} pixels, but the network reads {inputCount} values");
            return (w, h);
        }
        int side = (int)Math.Round(Math.Sqrt(inputCount));
        if (side * side != inputCount)
            throw layout.Fail(ImportDiagnosticIds.BadOption, "input_bn/gamma", $"the network reads {inputCount} values, not a square image; give the image size (--image-size WIDTHxHEIGHT)");
        return (side, side);
    }

    private static (ImageInput Image, int Disagreements) ImportImageInput(ArrayLayout layout, FloatPrecision precision, RawBatchNorm[] bn, int width, int height)
    {
        var thresholds = ImmutableArray.CreateBuilder<NeuronThreshold>(bn.Length);
        var epsilon = Rational.Create(2, 100000);
        var scale = Rational.Create(1, ImageInput.MaxLevel);
        int disagreements = 0;
        var values = new double[ImageInput.MaxLevel + 1];
        for (int pixel = 0; pixel < bn.Length; pixel++)
        {
            var p = bn[pixel];
            for (int level = 0; level <= ImageInput.MaxLevel; level++)
            {
                values[level] = FrameworkArithmetic.BatchNorm(precision, FrameworkArithmetic.ScaleGreyLevel(precision, level), p.Gamma, p.Beta, p.Mean, p.Variance, p.Epsilon);
                if (values[level] == 0)
                {
                    throw layout.Fail(ImportDiagnosticIds.NotRepresentable, $"input_bn/gamma[{pixel}]",
                        $"pixel {pixel / width},{pixel % width} at grey level {level} gives a batch-normalised value of exactly 0; Chainer's sign(0) = 0 is no boolean");
                }
            }
            var framework = LayerImport.ThresholdOf(0, ImageInput.MaxLevel, 1, level => values[level] > 0, Math.Sign(p.Gamma))
                ?? throw layout.Fail(ImportDiagnosticIds.NotRepresentable, $"input_bn/gamma[{pixel}]", $"pixel {pixel}: the bit is not monotone in the grey level");
            // Exact: γ·(x/255 − μ)/√(σ²+ε) + β > 0 is a batch norm of the integer x with γ/255 and mean 255·μ.
            var exactBn = p.Exact(epsilon);
            exactBn = exactBn with { Gamma = exactBn.Gamma * scale, Mean = exactBn.Mean * ImageInput.MaxLevel };
            var exact = ThresholdFolding.Fold(ImageInput.MaxLevel, Rational.Zero, exactBn, SignAtZero.Negative);
            if (!LayerImport.Agree(framework, exact, 0, ImageInput.MaxLevel, 1))
                disagreements++;
            thresholds.Add(Clamp(framework));
        }
        return (new ImageInput(width, height, thresholds.MoveToImmutable()), disagreements);
    }

    // Keeps bounds within one step of the grey levels: the same bits, and a file the reader's range accepts.
    private static NeuronThreshold Clamp(NeuronThreshold t) =>
        new(t.Direction, Math.Clamp(t.Bound, -1, ImageInput.MaxLevel + 1));

    private static (DenseLayer Layer, int Disagreements) ImportHiddenLayer(ArrayLayout layout, string prefix, FloatPrecision precision,
        int inputs, ImmutableArray<int> weights, double[] bias, RawBatchNorm[] bn)
    {
        var reaches = LayerImport.Reaches(weights, inputs);
        var epsilon = Rational.Create(2, 100000);
        var thresholds = ImmutableArray.CreateBuilder<NeuronThreshold>(bn.Length);
        int disagreements = 0;
        for (int j = 0; j < bn.Length; j++)
        {
            int reach = reaches[j];
            var p = bn[j];
            double b = bias[j];
            int neuron = j;
            bool Fires(int sum)
            {
                double value = FrameworkArithmetic.BatchNorm(precision, FrameworkArithmetic.Add(precision, sum, b), p.Gamma, p.Beta, p.Mean, p.Variance, p.Epsilon);
                if (value == 0)
                {
                    throw layout.Fail(ImportDiagnosticIds.NotRepresentable, $"{prefix}/bn/gamma[{neuron}]",
                        $"neuron {neuron} gives a batch-normalised value of exactly 0 at pre-activation {sum}; Chainer's sign(0) = 0 is no boolean");
                }
                return value > 0;
            }
            var framework = LayerImport.ThresholdOf(-reach, reach, 2, Fires, Math.Sign(p.Gamma))
                ?? throw layout.Fail(ImportDiagnosticIds.NotRepresentable, $"{prefix}/bn/gamma[{j}]", $"neuron {j}: the output is not monotone in the pre-activation");
            var exact = ThresholdFolding.Fold(reach, ExactBinary.ToRational(b), p.Exact(epsilon), SignAtZero.Negative);
            bool agree = LayerImport.Agree(framework, exact, -reach, reach, 2);
            if (!agree)
                disagreements++;
            // The exact fold is canonical over all integers; where the arithmetics disagree the original's decides.
            thresholds.Add(agree ? exact : framework);
        }
        return (DenseLayer.Sign(inputs, WeightPrecision.Binary, weights, thresholds.MoveToImmutable()), disagreements);
    }

    private static (DenseLayer Layer, int Scale) ImportScores(ArrayLayout layout, FloatPrecision precision, int inputs, ImmutableArray<int> weights, double[] bias)
    {
        var reaches = LayerImport.Reaches(weights, inputs);
        var exactBias = bias.Select(ExactBinary.ToRational).ToArray();
        var scaled = ScoreScaling.Find(reaches, exactBias)
            ?? throw layout.Fail(ImportDiagnosticIds.NotRepresentable, "output_lin/b",
                $"no integer scores with weights up to {DenseLayer.MaxIntegerWeight} order the classes as the real biases do");
        // The original compares fl(s_i + b_i) with fl(s_j + b_j); rounding could tie what is not tied.
        for (int i = 0; i < bias.Length; i++)
        {
            for (int j = i + 1; j < bias.Length; j++)
            {
                for (int si = -reaches[i]; si <= reaches[i]; si += 2)
                {
                    double fi = FrameworkArithmetic.Add(precision, si, bias[i]);
                    for (int sj = -reaches[j]; sj <= reaches[j]; sj += 2)
                    {
                        double fj = FrameworkArithmetic.Add(precision, sj, bias[j]);
                        long integer = (long)scaled.Scale * (si - sj) + scaled.Offsets[i] - scaled.Offsets[j];
                        if (Math.Sign(fi.CompareTo(fj)) != Math.Sign(integer))
                        {
                            throw layout.Fail(ImportDiagnosticIds.NotRepresentable, $"output_lin/b[{i}]",
                                $"classes {i} and {j} compare differently in {Describe(precision)} and in exact arithmetic at sums {si} and {sj}");
                        }
                    }
                }
            }
        }
        var integerWeights = scaled.Scale == 1 ? weights : [.. weights.Select(w => w * scaled.Scale)];
        var precisionKind = scaled.Scale == 1 ? WeightPrecision.Binary : WeightPrecision.Integer;
        return (DenseLayer.Scores(inputs, precisionKind, integerWeights, scaled.Offsets), scaled.Scale);
    }

    private static string Describe(FloatPrecision precision) => precision == FloatPrecision.Single ? "float32" : "float64";

    internal static string SafeName(string stem)
    {
        string name = NonIdentifier().Replace(stem, "_");
        return name.Length == 0 ? "imported" : name;
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex NonIdentifier();
}
