using System.Collections.Immutable;

namespace BnnVerify.Bnn.Imaging;

/// <summary>An 8-bit grey image: <see cref="Levels"/> holds one grey level (0 black – 255 white) per pixel, row-major.</summary>
public sealed class GreyImage
{
    /// <summary>Builds an image; throws <see cref="ArgumentException"/> when the levels do not fill width × height.</summary>
    public GreyImage(int width, int height, ImmutableArray<byte> levels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (levels.IsDefault || levels.Length != (long)width * height)
            throw new ArgumentException($"expected {width}×{height} grey levels", nameof(levels));
        Width = width;
        Height = height;
        Levels = levels;
    }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>The grey levels, row-major: pixel (row, column) is at <c>row * Width + column</c>.</summary>
    public ImmutableArray<byte> Levels { get; }

    /// <summary>The grey level of pixel (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public byte this[int row, int column] => Levels[row * Width + column];
}
