using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace BnnVerify.Bnn.Model;

/// <summary>
/// A binarized neural network with named boolean inputs (true is +1, false is −1), a chain of dense
/// layers, and a named output (argmax over classes, or bits). Immutable; the constructor checks that
/// the parts fit together, so every instance is well formed.
/// </summary>
public sealed class BnnModel
{
    /// <summary>Builds a model, checking sizes and names; throws <see cref="ArgumentException"/> on a mismatch.</summary>
    public BnnModel(string name, ImmutableArray<string> inputNames, ImmutableArray<DenseLayer> layers, ModelOutput output,
        SignAtZero? signAtZero = null, string? description = null, JsonObject? metadata = null, ImageInput? imageInput = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (inputNames.IsDefaultOrEmpty)
            throw new ArgumentException("a model needs at least one input", nameof(inputNames));
        if (layers.IsDefaultOrEmpty)
            throw new ArgumentException("a model needs at least one layer", nameof(layers));
        CheckNames(inputNames, nameof(inputNames));
        CheckNames(output.Names, nameof(output));
        int width = inputNames.Length;
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i].InputCount != width)
                throw new ArgumentException($"layer {i} reads {layers[i].InputCount} values but receives {width}", nameof(layers));
            if (layers[i].IsScoreLayer && i != layers.Length - 1)
                throw new ArgumentException($"layer {i} gives scores but is not the last layer", nameof(layers));
            width = layers[i].NeuronCount;
        }
        var last = layers[^1];
        if (output.Names.Length != last.NeuronCount)
            throw new ArgumentException($"the output names {output.Names.Length} values but the last layer has {last.NeuronCount} neurons", nameof(output));
        if (output is ArgmaxOutput != last.IsScoreLayer)
            throw new ArgumentException("an argmax output needs a last layer of scores; a bits output needs a last sign layer", nameof(output));
        if (imageInput is not null && imageInput.PixelCount != inputNames.Length)
            throw new ArgumentException($"the input image has {imageInput.PixelCount} pixels but the model {inputNames.Length} inputs", nameof(imageInput));
        Name = name;
        InputNames = inputNames;
        Layers = layers;
        Output = output;
        SignAtZero = signAtZero;
        Description = description;
        Metadata = metadata;
        ImageInput = imageInput;
    }

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>Free text describing the model, or null.</summary>
    public string? Description { get; }

    /// <summary>sign(0) as declared by the model, or null when the model does not depend on it (all thresholds folded).</summary>
    public SignAtZero? SignAtZero { get; }

    /// <summary>The input names in order; input <c>i</c> is bit <c>i</c> of a packed input vector.</summary>
    public ImmutableArray<string> InputNames { get; }

    /// <summary>The layers from input to output.</summary>
    public ImmutableArray<DenseLayer> Layers { get; }

    /// <summary>What the last layer means.</summary>
    public ModelOutput Output { get; }

    /// <summary>Free-form metadata (training provenance and the like), kept verbatim; null when absent.</summary>
    public JsonObject? Metadata { get; }

    /// <summary>How a grey image becomes the inputs (one bit per pixel, format version 2), or null for a model of plain named booleans.</summary>
    public ImageInput? ImageInput { get; }

    /// <summary>Number of inputs.</summary>
    public int InputCount => InputNames.Length;

    /// <summary>Total parameters over all layers.</summary>
    public long ParameterCount
    {
        get
        {
            long total = 0;
            foreach (var layer in Layers)
                total += layer.ParameterCount;
            return total;
        }
    }

    /// <summary>The index of input <paramref name="name"/>, or −1.</summary>
    public int IndexOfInput(string name) => InputNames.IndexOf(name, StringComparer.Ordinal);

    /// <summary>True when <paramref name="name"/> can name an input, class or bit: a letter or '_' then letters, digits or '_'.</summary>
    public static bool IsValidName(string name)
    {
        if (string.IsNullOrEmpty(name) || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
            return false;
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
                return false;
        }
        return true;
    }

    private static void CheckNames(ImmutableArray<string> names, string parameter)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!IsValidName(name))
                throw new ArgumentException($"'{name}' is not a valid name", parameter);
            if (!seen.Add(name))
                throw new ArgumentException($"the name '{name}' occurs twice", parameter);
        }
    }
}
