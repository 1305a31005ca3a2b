using System.Numerics;
using System.Runtime.InteropServices;

namespace BnnVerify.Bnn.Training;

/// <summary>
/// The one inner loop of training, y ← y + a·x, vectorised. Each element is computed exactly as the
/// scalar loop would (one multiply, one add, no reassociation), so the result does not depend on the
/// machine's vector width and training stays reproducible across machines.
/// </summary>
internal static class DenseKernels
{
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length, i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var scale = new Vector<double>(a);
            var xs = MemoryMarshal.Cast<double, Vector<double>>(x);
            var ys = MemoryMarshal.Cast<double, Vector<double>>(y[..n]);
            for (int v = 0; v < xs.Length; v++)
                ys[v] += scale * xs[v];
            i = xs.Length * Vector<double>.Count;
        }
        for (; i < n; i++)
            y[i] += a * x[i];
    }
}
