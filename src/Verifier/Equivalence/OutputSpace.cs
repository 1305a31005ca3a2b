using System.Collections.Immutable;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Verifier.Equivalence;

/// <summary>
/// The outputs of the network under comparison, as the words references answer with: a class index for an argmax
/// model, the output bits packed into one word (bit j = output j) for a bits model of at most 64 outputs.
/// </summary>
internal sealed class OutputSpace
{
    /// <summary>The most output bits an answer word holds.</summary>
    public const int MaxBits = 64;

    private readonly Dictionary<string, int> _indexByName;

    private OutputSpace(BnnModel model)
    {
        Model = model;
        Names = model.Output.Names;
        IsArgmax = model.Output is ArgmaxOutput;
        _indexByName = Names.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);
    }

    /// <summary>The output space of <paramref name="model"/>, or null with a message when its outputs do not fit a word.</summary>
    public static OutputSpace? Of(BnnModel model, out string? problem)
    {
        problem = null;
        if (model.Output is BitsOutput bits && bits.Bits.Length > MaxBits)
        {
            problem = $"equiv compares at most {MaxBits} output bits; the model has {bits.Bits.Length}";
            return null;
        }
        return new OutputSpace(model);
    }

    /// <summary>The model whose outputs these are.</summary>
    public BnnModel Model { get; }

    /// <summary>The class or bit names, in output order.</summary>
    public ImmutableArray<string> Names { get; }

    /// <summary>True for classes, false for bits.</summary>
    public bool IsArgmax { get; }

    /// <summary>The index of the class or bit called <paramref name="name"/>, or −1.</summary>
    public int IndexOf(string name) => _indexByName.TryGetValue(name, out int index) ? index : -1;

    /// <summary>An answer for people: the class name, or <c>y0=1, y1=0</c>.</summary>
    public string Describe(ulong answer)
    {
        if (IsArgmax)
            return answer < (ulong)Names.Length ? "class " + Names[(int)answer] : $"class #{answer}";
        return string.Join(", ", Names.Select((name, j) => $"{name}={(answer >> j) & 1}"));
    }
}
