namespace BnnVerify.Bnn.Import;

/// <summary>The floating-point precision a framework computed a layer in (that of its parameter arrays).</summary>
public enum FloatPrecision
{
    /// <summary>IEEE single precision: every operation rounds to float32.</summary>
    Single,

    /// <summary>IEEE double precision.</summary>
    Double,
}

/// <summary>
/// The arithmetic of Chainer's inference-mode batch normalization on the CPU (numpy), reproduced
/// operation by operation so that its rounding is the original's:
/// <c>var' = var + eps; inv_std = sqrt(1 / var'); y = gamma · ((x − mean) · inv_std) + beta</c>,
/// each step rounded to the arrays' precision (Chainer's <c>FixedBatchNormalization.forward</c>, generic path).
/// .NET's <see cref="float"/> operations and <see cref="MathF.Sqrt"/> are correctly rounded IEEE single
/// operations, as numpy's float32 ufuncs are, and the JIT does not contract them into fused multiply-adds.
/// </summary>
public static class FrameworkArithmetic
{
    /// <summary>Chainer's batch normalization of one value <paramref name="x"/> with one neuron's parameters.</summary>
    public static double BatchNorm(FloatPrecision precision, double x, double gamma, double beta, double mean, double variance, double epsilon)
    {
        if (precision == FloatPrecision.Single)
        {
            float var = (float)variance + (float)epsilon;
            float invVar = 1f / var;
            float invStd = MathF.Sqrt(invVar);
            float centred = (float)x - (float)mean;
            float scaled = centred * invStd;
            float y = (float)gamma * scaled;
            return y + (float)beta;
        }
        else
        {
            double var = variance + epsilon;
            double invStd = Math.Sqrt(1.0 / var);
            double scaled = (x - mean) * invStd;
            return gamma * scaled + beta;
        }
    }

    /// <summary><c>a + b</c> rounded to the precision (a linear layer's sum plus its bias).</summary>
    public static double Add(FloatPrecision precision, double a, double b) =>
        precision == FloatPrecision.Single ? (float)a + (float)b : a + b;

    /// <summary>
    /// An 8-bit grey level scaled as Chainer's <c>get_mnist</c> scales it: the uint8 image cast to the
    /// array type, then multiplied in place by the Python float 1/255 (which numpy casts to the array type first).
    /// </summary>
    public static double ScaleGreyLevel(FloatPrecision precision, int level) =>
        precision == FloatPrecision.Single ? level * (float)(1.0 / 255.0) : level * (1.0 / 255.0);
}
