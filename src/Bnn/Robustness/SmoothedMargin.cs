using System.Numerics;
using System.Runtime.InteropServices;

namespace BnnVerify.Bnn.Robustness;

/// <summary>
/// A smoothed copy of a <see cref="BallNetwork"/> that guides the beam search (<see cref="BallBeam"/>): every sign
/// neuron's ±1 output is replaced by tanh(z / τ) of its distance z to the threshold, and the
/// property's constraints are read off those soft values. The exact margin moves only when a neuron crosses its
/// threshold, so among a beam's extensions most tie, and a counterexample whose flips each cross nothing (image 7
/// of the MNIST set needs four such flips together) is never preferred; the smoothed margin falls as soon as a flip
/// moves a neuron that matters toward its threshold. It decides nothing: the exact margin alone says whether a
/// candidate is a counterexample.
/// </summary>
/// <remarks>
/// tanh is taken in the rational (Padé) form x·(27 + x²)/(27 + 9x²), clamped to ±1 beyond |x| = 3: a few
/// multiplications instead of an exponential, and the ranking, not the value, is what the beam uses. Softsign,
/// z/(τ + |z|), was cheaper still but ranks worse: its long tails let far-off neurons weigh in (image 84: five flips
/// instead of four). The later layers' sums run over ±1-like values of every neuron of the layer before, so
/// their scale is the layer's width rather than the first layer's few steps; <see cref="HiddenScale"/> widens their τ.
/// </remarks>
internal sealed class SmoothedMargin
{
    /// <summary>How much wider τ is for the layers after the first.</summary>
    public const float HiddenScale = 3f;

    private readonly BallNetwork _net;
    private readonly float _stageTemperature;
    private readonly float _hiddenTemperature;
    private readonly float[][] _rows;          // per hidden layer, row-major weights
    private readonly float[] _constraintRows;  // row-major over the last hidden layer
    private readonly float[][] _soft;          // per stage: [0] the first stage, [l + 1] hidden layer l
    private readonly float[] _stageFlip, _stageBound;
    private readonly float[][] _hiddenFlip, _hiddenBound;

    /// <summary>Smooths <paramref name="net"/> with temperature <paramref name="temperature"/> (in units of a first-layer sum).</summary>
    public SmoothedMargin(BallNetwork net, float temperature)
    {
        if (net.FirstIsConstraints)
            throw new ArgumentException("a single score layer has no neurons to smooth", nameof(net));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        _net = net;
        _stageTemperature = temperature;
        _hiddenTemperature = temperature * HiddenScale;
        int hidden = net.Hidden.Length;
        _rows = new float[hidden][];
        _hiddenFlip = new float[hidden][];
        _hiddenBound = new float[hidden][];
        for (int l = 0; l < hidden; l++)
        {
            _rows[l] = RowMajor(net.HiddenColumns[l], net.Hidden[l].RowCount, net.WidthBefore(l));
            _hiddenFlip[l] = [.. net.HiddenFlip[l].Select(f => (float)f)];
            _hiddenBound[l] = [.. net.HiddenBound[l].Select(b => (float)b)];
        }
        _constraintRows = RowMajor(net.ConstraintColumns, net.Constraints!.RowCount, net.WidthBefore(hidden));
        _stageFlip = [.. net.StageFlip.Select(f => (float)f)];
        _stageBound = [.. net.StageBound.Select(b => (float)b)];
        _soft = new float[hidden + 1][];
        _soft[0] = new float[net.StageRows];
        for (int l = 0; l < hidden; l++)
            _soft[l + 1] = new float[net.Hidden[l].RowCount];
    }

    /// <summary>The smallest smoothed constraint value for the first stage's integer sums <paramref name="stageSums"/>.</summary>
    public float Evaluate(ReadOnlySpan<int> stageSums)
    {
        var stage = _soft[0];
        for (int j = 0; j < stage.Length; j++)
            stage[j] = Tanh(((_stageFlip[j] * stageSums[j]) - _stageBound[j] + 0.5f) / _stageTemperature);
        var current = stage;
        for (int l = 0; l < _rows.Length; l++)
        {
            var output = _soft[l + 1];
            var rows = _rows[l];
            var flip = _hiddenFlip[l];
            var bound = _hiddenBound[l];
            int width = current.Length;
            for (int j = 0; j < output.Length; j++)
            {
                float sum = Dot(rows.AsSpan(j * width, width), current);
                output[j] = Tanh(((flip[j] * sum) - bound[j] + 0.5f) / _hiddenTemperature);
            }
            current = output;
        }
        float min = float.MaxValue;
        int inputs = current.Length;
        var constants = _net.ConstraintConstants;
        for (int k = 0; k < constants.Length; k++)
            min = Math.Min(min, Dot(_constraintRows.AsSpan(k * inputs, inputs), current) + constants[k]);
        return min;
    }

    private static float Tanh(float x)
    {
        if (x >= 3f)
            return 1f;
        if (x <= -3f)
            return -1f;
        float square = x * x;
        return x * (27f + square) / (27f + (9f * square));
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float total = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            var acc = Vector<float>.Zero;
            for (int v = 0; v < va.Length; v++)
                acc += va[v] * vb[v];
            total = Vector.Sum(acc);
            i = va.Length * Vector<float>.Count;
        }
        for (; i < a.Length; i++)
            total += a[i] * b[i];
        return total;
    }

    // [input][row] columns → [row][input] floats.
    private static float[] RowMajor(int[] columns, int rows, int inputs)
    {
        var result = new float[rows * inputs];
        for (int i = 0; i < inputs; i++)
        {
            for (int j = 0; j < rows; j++)
                result[(j * inputs) + i] = columns[(i * rows) + j];
        }
        return result;
    }
}
