using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Files;
using BnnVerify.Bnn.Model;
using BnnVerify.Bnn.Numerics;

namespace BnnVerify.Bnn.Json;

/// <summary>The outcome of reading a model file: the model, or the one diagnostic that says what is wrong and where.</summary>
public sealed record ModelReadResult(BnnModel? Model, Diagnostic? Error)
{
    /// <summary>True when a model was read.</summary>
    public bool Succeeded => Model is not null;
}

/// <summary>
/// Reads the versioned JSON model format (docs/model-format.md) strictly: unknown fields, wrong types,
/// wrong sizes and out-of-range values are reported with file, line, column and JSON path. Raw
/// batch-norm parameters are folded exactly into integer thresholds here.
/// </summary>
public sealed class ModelReader
{
    /// <summary>The value of the <c>format</c> field that marks a bnnverify model.</summary>
    public const string FormatName = "bnnverify-model";

    /// <summary>The newest format version this build reads; it reads every version from 1 up to this one.</summary>
    public const int FormatVersion = 2;

    /// <summary>The version a model needs when it has no version-2 feature (the writer uses it, so old files stay unchanged).</summary>
    public const int BaseFormatVersion = 1;

    /// <summary>The first version with an <c>inputImage</c> (a grey image's per-pixel thresholds).</summary>
    public const int ImageInputVersion = 2;

    /// <summary>Layer kinds this version reads; later versions may add convolutions and shortcuts.</summary>
    public static readonly ImmutableArray<string> SupportedLayerKinds = ["dense"];

    private static readonly string[] TopLevelFields = ["format", "version", "name", "description", "signAtZero", "inputs", "layers", "output", "metadata", "inputImage"];
    private static readonly string[] ImageInputFields = ["width", "height", "thresholds", "directions"];
    private static readonly string[] LayerFields = ["kind", "name", "precision", "weights", "latentWeights", "activation", "thresholds", "directions", "bias", "batchNorm"];
    private static readonly string[] BatchNormFields = ["gamma", "beta", "mean", "variance", "epsilon"];
    private static readonly string[] ArgmaxFields = ["kind", "classes", "tieBreak"];
    private static readonly string[] BitsFields = ["kind", "names"];

    private readonly string _fileName;

    private ModelReader(string fileName) => _fileName = fileName;

    /// <summary>Reads the model file at <paramref name="path"/>; a missing or unreadable file is a diagnostic too.</summary>
    public static ModelReadResult ReadFile(string path)
    {
        var contents = InputFileReader.Read(path, "the model file", ModelDiagnosticIds.FileUnreadable);
        return contents.Bytes is null ? new(null, contents.Error) : Read(contents.Bytes, path);
    }

    /// <summary>Reads a model from UTF-8 JSON; <paramref name="fileName"/> is used in diagnostics only.</summary>
    public static ModelReadResult Read(ReadOnlySpan<byte> utf8, string fileName)
    {
        try
        {
            var tree = JsonTreeReader.Read(utf8, fileName);
            return new(new ModelReader(fileName).ReadModel(tree), null);
        }
        catch (DiagnosticException e)
        {
            return new(null, e.Diagnostic);
        }
    }

    private BnnModel ReadModel(JsonTree tree)
    {
        var root = ExpectObject(tree, "a model object");
        // Format and version first: an unknown version may legitimately have fields this reader does not know.
        string format = ExpectString(Required(root, "format"), "the format name");
        if (format != FormatName)
            throw Fail(ModelDiagnosticIds.UnsupportedVersion, root["format"]!, $"this is not a bnnverify model: format is '{format}', expected '{FormatName}'");
        var versionNode = Required(root, "version");
        int version = ExpectInt(versionNode, "the format version", int.MinValue, int.MaxValue);
        if (version < BaseFormatVersion || version > FormatVersion)
            throw Fail(ModelDiagnosticIds.UnsupportedVersion, versionNode, $"unsupported model format version {version}; this bnnverify reads versions {BaseFormatVersion} to {FormatVersion}");
        RejectUnknownFields(root, TopLevelFields, "the model");
        if (root["inputImage"] is { } tooNew && version < ImageInputVersion)
            throw Fail(ModelDiagnosticIds.UnknownField, tooNew, $"'inputImage' is a field of format version {ImageInputVersion}; this file declares version {version}");

        string name = ExpectString(Required(root, "name"), "the model name");
        if (name.Length == 0)
            throw Fail(ModelDiagnosticIds.InvalidName, root["name"]!, "the model name is empty");
        string? description = root["description"] is { } d ? ExpectString(d, "a description") : null;
        SignAtZero? signAtZero = root["signAtZero"] is { } s ? ReadSignAtZero(s) : null;
        var inputs = ReadNames(Required(root, "inputs"), "input");
        var layersNode = ExpectArray(Required(root, "layers"), "a list of layers");
        if (layersNode.Items.IsEmpty)
            throw Fail(ModelDiagnosticIds.DimensionMismatch, layersNode, "a model needs at least one layer");
        var outputNode = Required(root, "output");

        var layers = ImmutableArray.CreateBuilder<DenseLayer>(layersNode.Items.Length);
        int width = inputs.Length;
        for (int i = 0; i < layersNode.Items.Length; i++)
        {
            bool isLast = i == layersNode.Items.Length - 1;
            var layer = ReadLayer(layersNode.Items[i], width, isLast, signAtZero);
            layers.Add(layer);
            width = layer.NeuronCount;
        }

        var output = ReadOutput(outputNode, layers[^1], inputs);
        JsonObject? metadata = null;
        if (root["metadata"] is { } m)
            metadata = JsonNode.Parse(ExpectObject(m, "an object of free-form metadata").SourceText, documentOptions: new JsonDocumentOptions { MaxDepth = JsonTreeReader.MaxDepth })!.AsObject();
        ImageInput? image = root["inputImage"] is { } imageNode ? ReadImageInput(imageNode, inputs) : null;
        return new BnnModel(name, inputs, layers.ToImmutable(), output, signAtZero, description, metadata, image);
    }

    private ImageInput ReadImageInput(JsonTree node, ImmutableArray<string> inputs)
    {
        var image = ExpectObject(node, "an input-image object");
        RejectUnknownFields(image, ImageInputFields, "inputImage");
        int width = ExpectInt(Required(image, "width"), "the image width", 1, 1 << 15);
        var heightNode = Required(image, "height");
        int height = ExpectInt(heightNode, "the image height", 1, 1 << 15);
        if ((long)width * height != inputs.Length)
            throw Fail(ModelDiagnosticIds.DimensionMismatch, heightNode, $"a {width}×{height} image has {(long)width * height} pixels but the model has {inputs.Length} inputs (one per pixel)");
        // A bound outside the grey levels makes a constant bit; one step outside is enough to say so.
        var bounds = ReadIntArray(Required(image, "thresholds"), inputs.Length, "pixel thresholds", -1, ImageInput.MaxLevel + 1);
        var directions = image["directions"] is { } dirNode
            ? ReadDirections(dirNode, inputs.Length)
            : Enumerable.Repeat(ThresholdDirection.AtLeast, inputs.Length).ToImmutableArray();
        var thresholds = ImmutableArray.CreateBuilder<NeuronThreshold>(inputs.Length);
        for (int i = 0; i < inputs.Length; i++)
            thresholds.Add(new NeuronThreshold(directions[i], bounds[i]));
        return new ImageInput(width, height, thresholds.MoveToImmutable());
    }

    private SignAtZero ReadSignAtZero(JsonTree node)
    {
        int value = ExpectInt(node, "signAtZero (1 or -1)", int.MinValue, int.MaxValue);
        return value switch
        {
            1 => SignAtZero.Positive,
            -1 => SignAtZero.Negative,
            _ => throw Fail(ModelDiagnosticIds.BadEnumValue, node, $"signAtZero must be 1 (sign(0) = +1) or -1 (sign(0) = -1), found {value}"),
        };
    }

    private ImmutableArray<string> ReadNames(JsonTree node, string what)
    {
        var array = ExpectArray(node, $"a list of {what} names");
        if (array.Items.IsEmpty)
            throw Fail(ModelDiagnosticIds.DimensionMismatch, array, $"the list of {what} names is empty");
        var names = ImmutableArray.CreateBuilder<string>(array.Items.Length);
        var seen = new Dictionary<string, JsonTree>(StringComparer.Ordinal);
        foreach (var item in array.Items)
        {
            string name = ExpectString(item, $"an {what} name");
            if (name.Length == 0)
                throw Fail(ModelDiagnosticIds.InvalidName, item, $"an {what} name is empty");
            if (!BnnModel.IsValidName(name))
                throw Fail(ModelDiagnosticIds.InvalidName, item, $"'{name}' is not a valid {what} name: use a letter or '_' followed by letters, digits or '_'");
            if (seen.TryGetValue(name, out var first))
                throw Fail(ModelDiagnosticIds.DuplicateName, item, $"the {what} name '{name}' occurs twice (first at line {first.Line})");
            seen.Add(name, item);
            names.Add(name);
        }
        return names.ToImmutable();
    }

    private DenseLayer ReadLayer(JsonTree node, int inputCount, bool isLast, SignAtZero? signAtZero)
    {
        var layer = ExpectObject(node, "a layer object");
        var kindNode = Required(layer, "kind");
        string kind = ExpectString(kindNode, "a layer kind");
        if (!SupportedLayerKinds.Contains(kind))
            throw Fail(ModelDiagnosticIds.UnsupportedLayer, kindNode, $"unsupported layer kind '{kind}'; this version supports: {string.Join(", ", SupportedLayerKinds)}");
        RejectUnknownFields(layer, LayerFields, "a dense layer");
        if (layer["name"] is { } layerName)
            ExpectString(layerName, "a layer name");

        var precision = WeightPrecision.Binary;
        if (layer["precision"] is { } p)
        {
            precision = ExpectString(p, "a weight precision") switch
            {
                "binary" => WeightPrecision.Binary,
                "integer" => WeightPrecision.Integer,
                var other => throw Fail(ModelDiagnosticIds.BadEnumValue, p, $"unknown precision '{other}'; expected 'binary' or 'integer'"),
            };
        }

        var (weights, latent, neuronCount) = ReadWeights(layer, inputCount, precision, signAtZero);
        string activation = layer["activation"] is { } a ? ExpectString(a, "an activation") : "sign";
        switch (activation)
        {
            case "sign":
                return ReadSignLayer(layer, inputCount, neuronCount, precision, weights, latent, signAtZero);
            case "scores":
                if (!isLast)
                    throw Fail(ModelDiagnosticIds.InconsistentLayer, layer["activation"]!, "only the last layer may give scores; hidden layers use activation 'sign'");
                foreach (var field in new[] { "thresholds", "directions", "batchNorm" })
                {
                    if (layer[field] is { } misplaced)
                        throw Fail(ModelDiagnosticIds.InconsistentLayer, misplaced, $"a score layer has no '{field}'; scores are Σ wᵢxᵢ + bias");
                }
                var offsets = layer["bias"] is { } bias
                    ? ReadIntArray(bias, neuronCount, "score biases", -DenseLayer.MaxReach, DenseLayer.MaxReach)
                    : ImmutableArray.Create(new int[neuronCount]);
                return DenseLayer.Scores(inputCount, precision, weights, offsets, latent);
            default:
                throw Fail(ModelDiagnosticIds.BadEnumValue, layer["activation"]!, $"unknown activation '{activation}'; expected 'sign' or 'scores'");
        }
    }

    private (ImmutableArray<int> Weights, ImmutableArray<double> Latent, int NeuronCount) ReadWeights(
        JsonTreeObject layer, int inputCount, WeightPrecision precision, SignAtZero? signAtZero)
    {
        var given = layer["weights"];
        var latentNode = layer["latentWeights"];
        if (given is not null && latentNode is not null)
            throw Fail(ModelDiagnosticIds.InconsistentLayer, latentNode, "give either 'weights' or 'latentWeights', not both");
        if (given is null && latentNode is null)
            throw Fail(ModelDiagnosticIds.MissingField, layer, "a dense layer needs 'weights' (or 'latentWeights' for a binary layer)");
        if (latentNode is not null && precision != WeightPrecision.Binary)
            throw Fail(ModelDiagnosticIds.InconsistentLayer, latentNode, "'latentWeights' are binarised through sign, so they belong to a binary layer");
        if (latentNode is not null && signAtZero is null)
            throw Fail(ModelDiagnosticIds.SignAtZeroRequired, latentNode, "latent weights are binarised through sign, so the model must declare 'signAtZero' (1 or -1)");

        var rows = ExpectArray((given ?? latentNode)!, "a list of weight rows, one per neuron");
        if (rows.Items.IsEmpty)
            throw Fail(ModelDiagnosticIds.DimensionMismatch, rows, "a layer needs at least one neuron (one weight row)");
        int neuronCount = rows.Items.Length;
        var weights = new int[neuronCount * inputCount];
        double[]? latent = latentNode is null ? null : new double[weights.Length];
        for (int neuron = 0; neuron < neuronCount; neuron++)
        {
            var row = ExpectArray(rows.Items[neuron], "a row of weights");
            if (row.Items.Length != inputCount)
                throw Fail(ModelDiagnosticIds.DimensionMismatch, row, $"neuron {neuron} has {row.Items.Length} weights but the layer reads {inputCount} values");
            long reach = 0;
            for (int i = 0; i < inputCount; i++)
            {
                var cell = row.Items[i];
                int w;
                if (latent is not null)
                {
                    var (exact, approximate) = ExpectFiniteNumber(cell, "a latent weight");
                    latent[neuron * inputCount + i] = approximate;
                    w = exact.Sign != 0 ? exact.Sign : (signAtZero == SignAtZero.Positive ? 1 : -1);
                }
                else if (precision == WeightPrecision.Binary)
                {
                    w = ExpectInt(cell, "a binary weight (-1, 0 or 1)", int.MinValue, int.MaxValue);
                    if (w is < -1 or > 1)
                        throw Fail(ModelDiagnosticIds.WeightOutOfRange, cell, $"weight {w} in a binary layer; expected -1, 1, or 0 for a pruned connection (use \"precision\": \"integer\" for multi-bit weights)");
                }
                else
                {
                    w = ExpectInt(cell, "an integer weight", int.MinValue, int.MaxValue);
                    if (Math.Abs((long)w) > DenseLayer.MaxIntegerWeight)
                        throw Fail(ModelDiagnosticIds.WeightOutOfRange, cell, $"weight {w} is too large; integer weights lie in ±{DenseLayer.MaxIntegerWeight}");
                }
                weights[neuron * inputCount + i] = w;
                reach += Math.Abs(w);
            }
            if (reach > DenseLayer.MaxReach)
                throw Fail(ModelDiagnosticIds.WeightOutOfRange, row, $"neuron {neuron}: the sum of weight magnitudes {reach} exceeds {DenseLayer.MaxReach}");
        }
        return (ImmutableArray.Create(weights), latent is null ? default : ImmutableArray.Create(latent), neuronCount);
    }

    private DenseLayer ReadSignLayer(JsonTreeObject layer, int inputCount, int neuronCount, WeightPrecision precision,
        ImmutableArray<int> weights, ImmutableArray<double> latent, SignAtZero? signAtZero)
    {
        var thresholdsNode = layer["thresholds"];
        var biasNode = layer["bias"];
        var batchNormNode = layer["batchNorm"];
        if (thresholdsNode is not null)
        {
            // Folded form: the file already gives integer thresholds, which need no sign(0).
            if (biasNode is not null || batchNormNode is not null)
                throw Fail(ModelDiagnosticIds.InconsistentLayer, biasNode ?? batchNormNode!,
                    "a layer gives either folded 'thresholds' or raw 'bias'/'batchNorm', not both");
            var bounds = ReadIntArray(thresholdsNode, neuronCount, "thresholds", int.MinValue, int.MaxValue);
            var directions = layer["directions"] is { } dirNode
                ? ReadDirections(dirNode, neuronCount)
                : Enumerable.Repeat(ThresholdDirection.AtLeast, neuronCount).ToImmutableArray();
            var thresholds = ImmutableArray.CreateBuilder<NeuronThreshold>(neuronCount);
            for (int j = 0; j < neuronCount; j++)
                thresholds.Add(new NeuronThreshold(directions[j], bounds[j]));
            return DenseLayer.Sign(inputCount, precision, weights, thresholds.ToImmutable(), null, latent);
        }
        if (layer["directions"] is { } orphan)
            throw Fail(ModelDiagnosticIds.InconsistentLayer, orphan, "'directions' qualify folded 'thresholds', which this layer does not give");
        if (signAtZero is null)
            throw Fail(ModelDiagnosticIds.SignAtZeroRequired, batchNormNode ?? biasNode ?? layer,
                "this layer is defined through sign (no folded 'thresholds'), so the model must declare 'signAtZero' (1 or -1)");

        var bias = biasNode is null ? [] : ReadRationalArray(biasNode, neuronCount, "biases");
        BatchNormParameters? batchNorm = batchNormNode is null ? null : ReadBatchNorm(batchNormNode, neuronCount);
        return DenseLayer.SignFromDefinition(inputCount, precision, weights, new RawSignActivation(bias, batchNorm), signAtZero.Value, latent);
    }

    private BatchNormParameters ReadBatchNorm(JsonTree node, int neuronCount)
    {
        var bn = ExpectObject(node, "a batch-norm object");
        RejectUnknownFields(bn, BatchNormFields, "batchNorm");
        var gamma = ReadRationalArray(Required(bn, "gamma"), neuronCount, "gamma values");
        var beta = ReadRationalArray(Required(bn, "beta"), neuronCount, "beta values");
        var mean = ReadRationalArray(Required(bn, "mean"), neuronCount, "running means");
        var varianceNode = Required(bn, "variance");
        var variance = ReadRationalArray(varianceNode, neuronCount, "running variances");
        var epsilonNode = Required(bn, "epsilon");
        var epsilon = ExpectFiniteNumber(epsilonNode, "epsilon").Exact;
        var items = ((JsonTreeArray)varianceNode).Items;
        for (int j = 0; j < neuronCount; j++)
        {
            if ((variance[j] + epsilon).Sign <= 0)
                throw Fail(ModelDiagnosticIds.NonPositiveVariance, items[j], $"neuron {j}: variance + epsilon must be positive (found variance {variance[j].ToDecimalString(12)}, epsilon {epsilon.ToDecimalString(12)})");
        }
        return new BatchNormParameters(gamma, beta, mean, variance, epsilon);
    }

    private ImmutableArray<ThresholdDirection> ReadDirections(JsonTree node, int neuronCount)
    {
        var array = ExpectArray(node, "a list of directions");
        if (array.Items.Length != neuronCount)
            throw Fail(ModelDiagnosticIds.DimensionMismatch, array, $"expected {neuronCount} directions (one per neuron), found {array.Items.Length}");
        var result = ImmutableArray.CreateBuilder<ThresholdDirection>(neuronCount);
        foreach (var item in array.Items)
        {
            result.Add(ExpectString(item, "a direction") switch
            {
                "ge" => ThresholdDirection.AtLeast,
                "le" => ThresholdDirection.AtMost,
                var other => throw Fail(ModelDiagnosticIds.BadEnumValue, item, $"unknown direction '{other}'; expected 'ge' (true iff sum >= threshold) or 'le' (true iff sum <= threshold)"),
            });
        }
        return result.ToImmutable();
    }

    private ModelOutput ReadOutput(JsonTree node, DenseLayer last, ImmutableArray<string> inputs)
    {
        var output = ExpectObject(node, "an output object");
        var kindNode = Required(output, "kind");
        string kind = ExpectString(kindNode, "an output kind");
        switch (kind)
        {
            case "argmax":
            {
                RejectUnknownFields(output, ArgmaxFields, "an argmax output");
                var classesNode = Required(output, "classes");
                var classes = ReadNames(classesNode, "class");
                CheckOutputNames(classesNode, classes, inputs);
                if (!last.IsScoreLayer)
                    throw Fail(ModelDiagnosticIds.InconsistentLayer, kindNode, "an argmax output needs a last layer with activation 'scores'");
                if (classes.Length != last.NeuronCount)
                    throw Fail(ModelDiagnosticIds.DimensionMismatch, classesNode, $"{classes.Length} classes but the last layer has {last.NeuronCount} neurons");
                var tieBreak = TieBreak.LowestIndex;
                if (output["tieBreak"] is { } t)
                {
                    tieBreak = ExpectString(t, "a tie-break rule") switch
                    {
                        "lowest-index" => TieBreak.LowestIndex,
                        "highest-index" => TieBreak.HighestIndex,
                        var other => throw Fail(ModelDiagnosticIds.BadEnumValue, t, $"unknown tie-break '{other}'; expected 'lowest-index' or 'highest-index'"),
                    };
                }
                return new ArgmaxOutput(classes, tieBreak);
            }
            case "bits":
            {
                RejectUnknownFields(output, BitsFields, "a bits output");
                var namesNode = Required(output, "names");
                var names = ReadNames(namesNode, "output bit");
                CheckOutputNames(namesNode, names, inputs);
                if (last.IsScoreLayer)
                    throw Fail(ModelDiagnosticIds.InconsistentLayer, kindNode, "a bits output needs a last layer with activation 'sign'");
                if (names.Length != last.NeuronCount)
                    throw Fail(ModelDiagnosticIds.DimensionMismatch, namesNode, $"{names.Length} output bits but the last layer has {last.NeuronCount} neurons");
                return new BitsOutput(names);
            }
            default:
                throw Fail(ModelDiagnosticIds.BadEnumValue, kindNode, $"unknown output kind '{kind}'; expected 'argmax' or 'bits'");
        }
    }

    private void CheckOutputNames(JsonTree namesNode, ImmutableArray<string> names, ImmutableArray<string> inputs)
    {
        // Specs refer to inputs and outputs by bare name, so one name must not mean both.
        var items = ((JsonTreeArray)namesNode).Items;
        var inputSet = new HashSet<string>(inputs, StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            if (inputSet.Contains(names[i]))
                throw Fail(ModelDiagnosticIds.DuplicateName, items[i], $"'{names[i]}' is both an input and an output name");
        }
    }

    private ImmutableArray<int> ReadIntArray(JsonTree node, int count, string what, int min, int max)
    {
        var array = ExpectArray(node, $"a list of {what}");
        if (array.Items.Length != count)
            throw Fail(ModelDiagnosticIds.DimensionMismatch, array, $"expected {count} {what} (one per neuron), found {array.Items.Length}");
        var result = new int[count];
        for (int i = 0; i < count; i++)
            result[i] = ExpectInt(array.Items[i], $"an integer ({what})", min, max);
        return ImmutableArray.Create(result);
    }

    private ImmutableArray<Rational> ReadRationalArray(JsonTree node, int count, string what)
    {
        var array = ExpectArray(node, $"a list of {what}");
        if (array.Items.Length != count)
            throw Fail(ModelDiagnosticIds.DimensionMismatch, array, $"expected {count} {what} (one per neuron), found {array.Items.Length}");
        var result = ImmutableArray.CreateBuilder<Rational>(count);
        foreach (var item in array.Items)
            result.Add(ExpectFiniteNumber(item, $"a number ({what})").Exact);
        return result.ToImmutable();
    }

    private JsonTree Required(JsonTreeObject obj, string key) =>
        obj[key] ?? throw Fail(ModelDiagnosticIds.MissingField, obj, $"missing required field '{key}'");

    private void RejectUnknownFields(JsonTreeObject obj, string[] allowed, string where)
    {
        foreach (var member in obj.Members)
        {
            if (Array.IndexOf(allowed, member.Key) < 0)
            {
                throw Fail(ModelDiagnosticIds.UnknownField, member.Value,
                    $"unknown field '{member.Key}' in {where}; allowed fields: {string.Join(", ", allowed)}");
            }
        }
    }

    private JsonTreeObject ExpectObject(JsonTree node, string what) =>
        node as JsonTreeObject ?? throw WrongType(node, what);

    private JsonTreeArray ExpectArray(JsonTree node, string what) =>
        node as JsonTreeArray ?? throw WrongType(node, what);

    private string ExpectString(JsonTree node, string what) =>
        (node as JsonTreeString)?.Value ?? throw WrongType(node, what);

    private int ExpectInt(JsonTree node, string what, int min, int max)
    {
        if (node is not JsonTreeNumber number)
            throw WrongType(node, what);
        if (!int.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            // "2.0" or "1e3" are integers written unusually; anything else is not an integer or is too large.
            var (exact, _) = ExpectFiniteNumber(node, what);
            if (!exact.IsInteger)
                throw Fail(ModelDiagnosticIds.BadNumber, node, $"expected {what}, found the non-integer {number.Text}");
            if (exact.Numerator < int.MinValue || exact.Numerator > int.MaxValue)
                throw Fail(ModelDiagnosticIds.BadNumber, node, $"expected {what}, found {number.Text}, which is too large");
            value = (int)exact.Numerator;
        }
        if (value < min || value > max)
            throw Fail(ModelDiagnosticIds.BadNumber, node, $"expected {what} in [{min}, {max}], found {value}");
        return value;
    }

    private (Rational Exact, double Approximate) ExpectFiniteNumber(JsonTree node, string what)
    {
        // NaN and Infinity are not JSON; as strings they are the usual way a serializer smuggles them in.
        if (node is JsonTreeString s && s.Value.Trim().TrimStart('+', '-') is "NaN" or "nan" or "Infinity" or "inf" or "Inf")
            throw Fail(ModelDiagnosticIds.BadNumber, node, $"expected {what}, found \"{s.Value}\": NaN and infinities have no place in a model");
        if (node is not JsonTreeNumber number)
            throw WrongType(node, what);
        double approximate = double.Parse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(approximate) || !Rational.TryParseDecimal(number.Text, out var exact))
            throw Fail(ModelDiagnosticIds.BadNumber, node, $"expected {what}, found {number.Text}, which is not a finite number of sensible size");
        return (exact, approximate);
    }

    private DiagnosticException WrongType(JsonTree node, string what) =>
        Fail(ModelDiagnosticIds.WrongType, node, $"expected {what}, found {node.KindDescription}");

    private DiagnosticException Fail(string id, JsonTree node, string message) =>
        new(Diagnostic.Error(id, new SourceLocation(_fileName, node.Line, node.Column, node.Path), message));
}
