using System.Collections.Immutable;
using BnnVerify.Bnn.Engine;

namespace BnnVerify.Bnn.Model;

/// <summary>
/// The first binarization of a model whose inputs are the pixels of an 8-bit grey image (model format
/// version 2, field <c>inputImage</c>): input <c>i</c> is pixel row <c>i / Width</c>, column <c>i % Width</c>,
/// and it is true iff the pixel's grey level (0–255) lies on the right side of its <see cref="NeuronThreshold"/>.
/// </summary>
/// <remarks>
/// Because every input bit depends on one pixel only, an L∞ change of at most ε grey levels can set each
/// bit independently to any value some level in [g − ε, g + ε] ∩ [0, 255] gives it: the L∞ ball of an image
/// is exactly the set of inputs that agree with the image on every bit whose <see cref="FlipDistance"/>
/// exceeds ε and are free on the others.
/// </remarks>
public sealed class ImageInput
{
    /// <summary>The largest grey level of an 8-bit image.</summary>
    public const int MaxLevel = 255;

    /// <summary>What <see cref="FlipDistance"/> returns for a bit that no grey level in 0–255 can flip.</summary>
    public const int NeverFlips = int.MaxValue;

    /// <summary>Builds the encoding; throws <see cref="ArgumentException"/> when the sizes do not fit.</summary>
    public ImageInput(int width, int height, ImmutableArray<NeuronThreshold> pixelThresholds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixelThresholds.IsDefault || pixelThresholds.Length != (long)width * height)
            throw new ArgumentException($"expected {width}×{height} pixel thresholds", nameof(pixelThresholds));
        Width = width;
        Height = height;
        PixelThresholds = pixelThresholds;
    }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Width × height: the number of pixels, which is the model's number of inputs.</summary>
    public int PixelCount => Width * Height;

    /// <summary>One threshold per pixel, row-major: the input is true iff the grey level satisfies it.</summary>
    public ImmutableArray<NeuronThreshold> PixelThresholds { get; }

    /// <summary>The input bit that grey level <paramref name="level"/> gives pixel <paramref name="pixel"/>.</summary>
    public bool Bit(int pixel, int level) => PixelThresholds[pixel].Fires(level);

    /// <summary>The input bits of a whole image (row-major grey levels, one byte per pixel).</summary>
    public bool[] Binarize(ReadOnlySpan<byte> levels)
    {
        CheckSize(levels.Length);
        var bits = new bool[levels.Length];
        for (int i = 0; i < bits.Length; i++)
            bits[i] = Bit(i, levels[i]);
        return bits;
    }

    /// <summary>The input bits of a whole image, packed as the engine reads them (<see cref="PackedBits"/>).</summary>
    public void Binarize(ReadOnlySpan<byte> levels, Span<ulong> packed)
    {
        CheckSize(levels.Length);
        packed.Clear();
        for (int i = 0; i < levels.Length; i++)
        {
            if (Bit(i, levels[i]))
                packed[i >> 6] |= 1UL << (i & 63);
        }
    }

    /// <summary>
    /// The smallest ε such that some grey level within ε of <paramref name="level"/> (and within 0–255) gives
    /// pixel <paramref name="pixel"/> the other bit; <see cref="NeverFlips"/> when no level does.
    /// </summary>
    public int FlipDistance(int pixel, int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        var threshold = PixelThresholds[pixel];
        bool bit = threshold.Fires(level);
        // The true levels form one interval reaching 0 ("le") or 255 ("ge"); the nearest level of the other
        // bit is the first one across the bound, if it exists within 0–255.
        int target = threshold.Direction == ThresholdDirection.AtLeast
            ? (bit ? threshold.Bound - 1 : threshold.Bound)
            : (bit ? threshold.Bound + 1 : threshold.Bound);
        if (target < 0 || target > MaxLevel)
            return NeverFlips;
        return Math.Abs(target - level);
    }

    /// <summary>Whether an L∞ change of at most <paramref name="epsilon"/> grey levels can flip pixel <paramref name="pixel"/>'s bit.</summary>
    public bool CanFlip(int pixel, int level, int epsilon) => FlipDistance(pixel, level) <= epsilon;

    /// <summary><see cref="FlipDistance"/> of every pixel of an image.</summary>
    public int[] FlipDistances(ReadOnlySpan<byte> levels)
    {
        CheckSize(levels.Length);
        var distances = new int[levels.Length];
        for (int i = 0; i < distances.Length; i++)
            distances[i] = FlipDistance(i, levels[i]);
        return distances;
    }

    /// <summary>The inputs (ascending) that an L∞ change of at most <paramref name="epsilon"/> grey levels can flip; the others are fixed.</summary>
    public int[] FlippableInputs(ReadOnlySpan<byte> levels, int epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        CheckSize(levels.Length);
        var result = new List<int>();
        for (int i = 0; i < levels.Length; i++)
        {
            if (FlipDistance(i, levels[i]) <= epsilon)
                result.Add(i);
        }
        return [.. result];
    }

    /// <summary>
    /// A grey image whose bits are <paramref name="bits"/>, as close to <paramref name="levels"/> as possible:
    /// each pixel whose bit differs moves to the nearest level that gives the wanted bit. Throws when a
    /// wanted bit is unreachable for its pixel.
    /// </summary>
    public byte[] NearestImage(ReadOnlySpan<byte> levels, ReadOnlySpan<bool> bits)
    {
        CheckSize(levels.Length);
        CheckSize(bits.Length);
        var image = levels.ToArray();
        for (int i = 0; i < image.Length; i++)
        {
            if (Bit(i, image[i]) == bits[i])
                continue;
            int distance = FlipDistance(i, image[i]);
            if (distance == NeverFlips)
                throw new ArgumentException($"no grey level gives pixel {i} the bit {bits[i]}", nameof(bits));
            var t = PixelThresholds[i];
            bool up = (t.Direction == ThresholdDirection.AtLeast) == bits[i];
            image[i] = (byte)(image[i] + (up ? distance : -distance));
        }
        return image;
    }

    /// <summary>The input name the importers give pixel <paramref name="pixel"/>: <c>px_ROW_COL</c>.</summary>
    public string PixelName(int pixel) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"px_{pixel / Width}_{pixel % Width}");

    private void CheckSize(int length)
    {
        if (length != PixelCount)
            throw new ArgumentException($"expected {PixelCount} pixels ({Width}×{Height}), got {length}");
    }
}
