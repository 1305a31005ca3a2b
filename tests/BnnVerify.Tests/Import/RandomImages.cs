namespace BnnVerify.Tests.Import;

/// <summary>
/// The random grey images of tests/reference/chainer_bnn.py, bit for bit: a counter-based splitmix64
/// (value k of image i is splitmix(seed + (784·i + k + 1)·golden)), and image i is of kind i mod 3 —
/// uniform grey levels, a bundled image with a quarter of its pixels moved by up to ±30 levels, or a
/// black-and-white image with 20 % white pixels.
/// </summary>
internal static class RandomImages
{
    private const int Pixels = 784;

    public static byte[] Generate(ulong seed, int index, IReadOnlyList<byte[]> bundled)
    {
        var image = new byte[Pixels];
        for (int p = 0; p < Pixels; p++)
        {
            ulong z = SplitMix(seed + ((ulong)index * Pixels + (ulong)p + 1) * 0x9E3779B97F4A7C15UL);
            image[p] = (index % 3) switch
            {
                0 => (byte)(z % 256),
                1 => z % 4 == 0 ? (byte)Math.Clamp(bundled[index / 3 % bundled.Count][p] + (int)((z >> 8) % 61) - 30, 0, 255) : bundled[index / 3 % bundled.Count][p],
                _ => (byte)(z % 100 < 20 ? 255 : 0),
            };
        }
        return image;
    }

    private static ulong SplitMix(ulong x)
    {
        ulong z = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
