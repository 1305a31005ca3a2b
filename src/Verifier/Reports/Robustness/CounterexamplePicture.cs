using BnnVerify.Bnn.Imaging;
using StbImageWriteSharp;

namespace BnnVerify.Verifier.Reports.Robustness;

/// <summary>
/// A counterexample as a PNG: the original image (or, without one, the center's bits in black and white), each cell
/// enlarged to a square, with the flipped inputs marked: red where a bit was turned on, blue where it was turned off.
/// </summary>
internal static class CounterexamplePicture
{
    /// <summary>Pixels per cell side.</summary>
    public const int Scale = 10;

    /// <summary>Writes the picture to <paramref name="path"/>.</summary>
    public static void Write(string path, InputGrid grid, IReadOnlyList<bool> center, IReadOnlyList<bool> input, GreyImage? image)
    {
        int width = grid.Columns * Scale, height = grid.Rows * Scale;
        var rgb = new byte[width * height * 3];
        for (int r = 0; r < grid.Rows; r++)
        {
            for (int c = 0; c < grid.Columns; c++)
            {
                int i = grid.InputByCell[(r * grid.Columns) + c];
                byte grey = image is not null ? image.Levels[(r * grid.Columns) + c] : (byte)(center[i] ? 255 : 0);
                (byte red, byte green, byte blue) = center[i] == input[i] ? (grey, grey, grey) : input[i] ? ((byte)255, (byte)40, (byte)40) : ((byte)40, (byte)110, (byte)255);
                for (int y = r * Scale; y < (r + 1) * Scale; y++)
                {
                    for (int x = c * Scale; x < (c + 1) * Scale; x++)
                    {
                        int at = ((y * width) + x) * 3;
                        rgb[at] = red;
                        rgb[at + 1] = green;
                        rgb[at + 2] = blue;
                    }
                }
            }
        }
        using var file = File.Create(path);
        new ImageWriter().WritePng(rgb, width, height, ColorComponents.RedGreenBlue, file);
    }
}
