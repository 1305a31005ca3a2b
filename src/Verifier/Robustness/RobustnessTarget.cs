using System.Collections.Immutable;
using BnnVerify.Bnn.Imaging;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Verifier.Robustness;

/// <summary>One input whose neighbourhood <c>bnnverify robust</c> searches.</summary>
/// <param name="Name">A name for reports and contract names (the image's file name, or <c>input</c>).</param>
/// <param name="Center">The input bits (true = +1).</param>
/// <param name="Image">The grey image the bits come from, when the target is an image of an image model; else null.</param>
public sealed record RobustnessTarget(string Name, ImmutableArray<bool> Center, GreyImage? Image)
{
    /// <summary>
    /// The inputs a Hamming search may flip: all of them, except that for an image the bits no grey level can flip
    /// (their threshold lies outside 0..255) stay fixed, since no image has them otherwise.
    /// </summary>
    public ImmutableArray<int> HammingFreeBits(BnnModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Image is null || model.ImageInput is not { } input)
            return [.. Enumerable.Range(0, Center.Length)];
        var distances = input.FlipDistances(Image.Levels.AsSpan());
        return [.. Enumerable.Range(0, Center.Length).Where(i => distances[i] != ImageInput.NeverFlips)];
    }

    /// <summary>The inputs an L∞ change of at most <paramref name="epsilon"/> grey levels can flip (an image target of an image model only).</summary>
    public ImmutableArray<int> LinfFreeBits(BnnModel model, int epsilon)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Image is null || model.ImageInput is not { } input)
            throw new InvalidOperationException("an L∞ ball needs an image of a model with an input image");
        return [.. input.FlippableInputs(Image.Levels.AsSpan(), epsilon)];
    }

    /// <summary>The identifier form of <see cref="Name"/> for contract and file names.</summary>
    public string Identifier
    {
        get
        {
            var chars = Path.GetFileNameWithoutExtension(Name).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
            string text = new(chars);
            return text.Length == 0 || char.IsAsciiDigit(text[0]) ? "t_" + text : text;
        }
    }
}
