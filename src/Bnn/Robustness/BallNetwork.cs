using System.Diagnostics;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Bnn.Robustness;

/// <summary>
/// A model compiled for searching one ball: the first layer as per-flip deltas of its integer sums (so a flip costs
/// one vector addition, not a re-evaluation), the later layers as <see cref="PlaneMatrix"/> rows that also bound
/// sums over partly known inputs, and the property's constraints folded into the score layer's rows.
/// </summary>
/// <remarks>
/// The "first stage" is the first layer's neurons, or, for a model that is a single score layer, the property's
/// constraint rows themselves (then the sums include the constants and a row holds iff its sum is ≥ 0).
/// Free bits are numbered by their position in <see cref="Order"/>, the order the search flips them in.
/// </remarks>
internal sealed class BallNetwork
{
    public BallNetwork(BnnModel model, BallQuery query, int[] order)
    {
        Model = model;
        Order = order;
        FreeCount = order.Length;
        var layers = model.Layers;
        var first = layers[0];
        var property = query.Property;
        FirstIsConstraints = first.IsScoreLayer;
        int n = model.InputCount;
        long[] stageWeights;
        if (FirstIsConstraints)
        {
            (stageWeights, var constants) = CombinedRows(first, property);
            StageRows = property.Constraints.Length;
            StageConstants = constants;
        }
        else
        {
            StageRows = first.NeuronCount;
            stageWeights = [.. first.Weights.Select(w => (long)w)];
            StageConstants = new long[StageRows];
            (StageFlip, StageBound) = Thresholds(first);
        }

        // Center sums, and the change of each row when free bit p flips away from the center: −2·w·c.
        CenterSums = new int[StageRows];
        for (int j = 0; j < StageRows; j++)
        {
            long sum = StageConstants[j];
            for (int i = 0; i < n; i++)
                sum += stageWeights[(j * n) + i] * (query.Center[i] ? 1 : -1);
            CenterSums[j] = checked((int)sum);
        }
        Delta = new int[FreeCount * StageRows];
        MaxRise = new int[StageRows];
        MaxFall = new int[StageRows];
        for (int p = 0; p < FreeCount; p++)
        {
            int input = order[p];
            int sign = query.Center[input] ? 1 : -1;
            for (int j = 0; j < StageRows; j++)
            {
                int delta = checked((int)(-2 * stageWeights[(j * n) + input] * sign));
                Delta[(p * StageRows) + j] = delta;
                MaxRise[j] = Math.Max(MaxRise[j], delta);
                MaxFall[j] = Math.Max(MaxFall[j], -delta);
            }
        }
        // A row's step: the one amount every free flip moves it by (a ±1 first layer: 2), or 0 when flips differ.
        StageStep = new int[StageRows];
        for (int j = 0; j < StageRows; j++)
        {
            int step = MaxRise[j] == MaxFall[j] ? MaxRise[j] : 0;
            for (int p = 0; p < FreeCount && step != 0; p++)
            {
                if (Math.Abs(Delta[(p * StageRows) + j]) != step)
                    step = 0;
            }
            StageStep[j] = step;
        }
        // Suffix counts: how many of the free bits at positions ≥ p raise (lower) row j.
        Rises = new int[(FreeCount + 1) * StageRows];
        Falls = new int[(FreeCount + 1) * StageRows];
        for (int p = FreeCount - 1; p >= 0; p--)
        {
            for (int j = 0; j < StageRows; j++)
            {
                int delta = Delta[(p * StageRows) + j];
                Rises[(p * StageRows) + j] = Rises[((p + 1) * StageRows) + j] + (delta > 0 ? 1 : 0);
                Falls[(p * StageRows) + j] = Falls[((p + 1) * StageRows) + j] + (delta < 0 ? 1 : 0);
            }
        }

        int hidden = FirstIsConstraints ? 0 : layers.Length - 2;
        Hidden = new PlaneMatrix[hidden];
        HiddenColumns = new int[hidden][];
        PatternColumns = new short[hidden][];
        PatternBound = new short[hidden][];
        PatternWidth = new int[hidden];
        PatternSumsFit = true;
        HiddenFlip = new int[hidden][];
        HiddenBound = new int[hidden][];
        for (int l = 0; l < hidden; l++)
        {
            var layer = layers[l + 1];
            Hidden[l] = new PlaneMatrix(layer.NeuronCount, layer.InputCount, [.. layer.Weights.Select(w => (long)w)]);
            HiddenColumns[l] = Columns(layer.NeuronCount, layer.InputCount, [.. layer.Weights.Select(w => (long)w)]);
            (HiddenFlip[l], HiddenBound[l]) = Thresholds(layer);
            PatternSumsFit &= PackForPatterns(l, layer.NeuronCount, layer.InputCount);
        }
        if (!FirstIsConstraints)
        {
            var scores = layers[^1];
            Debug.Assert(scores.IsScoreLayer, "ball searches need an argmax model");
            (var rows, ConstraintConstants) = CombinedRows(scores, property);
            Constraints = new PlaneMatrix(property.Constraints.Length, scores.InputCount, rows);
            ConstraintColumns = Columns(property.Constraints.Length, scores.InputCount, rows);
        }
        else
        {
            ConstraintConstants = [];
            ConstraintColumns = [];
        }
    }

    public BnnModel Model { get; }

    /// <summary>Free bit p (a position of the search order) is model input <c>Order[p]</c>.</summary>
    public int[] Order { get; }

    public int FreeCount { get; }

    /// <summary>True when the model is one score layer: the first stage rows are then the property's constraints.</summary>
    public bool FirstIsConstraints { get; }

    public int StageRows { get; }

    public long[] StageConstants { get; }

    public int[] StageFlip { get; } = [];

    public int[] StageBound { get; } = [];

    public int[] CenterSums { get; }

    /// <summary>[position][row]: how row j's sum changes when the free bit at that position flips.</summary>
    public int[] Delta { get; }

    /// <summary>[position][row]: how many free bits at positions ≥ p raise row j.</summary>
    public int[] Rises { get; }

    /// <summary>[position][row]: how many free bits at positions ≥ p lower row j.</summary>
    public int[] Falls { get; }

    /// <summary>
    /// Per row, the amount by which every free flip moves its sum, up or down, or 0 when flips move it by different
    /// amounts (or not at all). A row with a step changes its output after a set of flips by how many of them push
    /// it each way, not by which.
    /// </summary>
    public int[] StageStep { get; }

    /// <summary>The largest rise (fall) of row j from one flip.</summary>
    public int[] MaxRise { get; }

    public int[] MaxFall { get; }

    /// <summary>The sign layers after the first, as plane rows, with "fires iff flip·sum ≥ bound".</summary>
    public PlaneMatrix[] Hidden { get; }

    public int[][] HiddenFlip { get; }

    public int[][] HiddenBound { get; }

    /// <summary>The constraints as rows over the last hidden layer (null when the first stage is the constraints).</summary>
    public PlaneMatrix? Constraints { get; }

    public long[] ConstraintConstants { get; }

    /// <summary>[input][row] weights of each hidden layer, column by column, for updating sums when a few inputs change.</summary>
    public int[][] HiddenColumns { get; }

    /// <summary>
    /// Whether every row of every hidden layer has Σ|w| &lt; 2¹⁴, so that <see cref="OpenPatternCheck"/>'s 16-bit
    /// sums are exact (always, for binarized hidden layers narrower than 16,384 inputs).
    /// </summary>
    public bool PatternSumsFit { get; }

    /// <summary>
    /// [input][row] of each hidden layer for <see cref="OpenPatternCheck"/>: 2·flip·w, the change of the row's directed
    /// sum when that input turns from −1 to +1, with the rows padded to <see cref="PatternWidth"/> by zeros. Sixteen
    /// 16-bit lanes fill a 256-bit vector, against eight of 32 bits: half the vector work per changed input.
    /// </summary>
    public short[][] PatternColumns { get; }

    /// <summary>Per hidden row, "fires iff directed sum ≥ bound" with the bound clamped to ±(Σ|w| + 1), which no sum passes; padding rows never fire.</summary>
    public short[][] PatternBound { get; }

    /// <summary>Each hidden layer's width rounded up to a multiple of 16.</summary>
    public int[] PatternWidth { get; }

    private bool PackForPatterns(int l, int rows, int inputs)
    {
        const int Lanes = 16;
        const int Limit = 1 << 14;
        int width = (rows + Lanes - 1) / Lanes * Lanes;
        PatternWidth[l] = width;
        PatternColumns[l] = new short[inputs * width];
        PatternBound[l] = new short[width];
        Array.Fill(PatternBound[l], short.MaxValue);
        bool fits = true;
        for (int j = 0; j < rows; j++)
        {
            long reach = 0;
            for (int i = 0; i < inputs; i++)
                reach += Math.Abs((long)HiddenColumns[l][(i * rows) + j]);
            if (reach >= Limit)
            {
                fits = false;
                continue;
            }
            for (int i = 0; i < inputs; i++)
                PatternColumns[l][(i * width) + j] = (short)(2 * HiddenFlip[l][j] * HiddenColumns[l][(i * rows) + j]);
            PatternBound[l][j] = (short)Math.Clamp(HiddenBound[l][j], -reach - 1, reach + 1);
        }
        return fits;
    }

    /// <summary>[input][constraint] weights of the constraint rows, column by column.</summary>
    public int[] ConstraintColumns { get; }

    /// <summary>
    /// Each constraint's value for the last hidden layer's outputs <paramref name="lastHidden"/>, into
    /// <paramref name="values"/>; returns the smallest, the property's margin (negative: violated).
    /// </summary>
    public long ConstraintValues(ReadOnlySpan<ulong> lastHidden, Span<long> values)
    {
        var constraints = Constraints!;
        long min = long.MaxValue;
        for (int k = 0; k < constraints.RowCount; k++)
        {
            values[k] = constraints.Exact(k, lastHidden) + ConstraintConstants[k];
            min = Math.Min(min, values[k]);
        }
        return min;
    }

    /// <summary>
    /// The constraint values <paramref name="from"/> after last-hidden-layer row <c>index[c]</c> turned to
    /// <c>value[c]</c> for every c, into <paramref name="into"/> (which may be <paramref name="from"/>); returns the
    /// smallest.
    /// </summary>
    public long ShiftedConstraintValues(ReadOnlySpan<long> from, Span<long> into, ReadOnlySpan<int> index, ReadOnlySpan<bool> value)
    {
        int rows = from.Length;
        var columns = ConstraintColumns;
        long min = long.MaxValue;
        for (int k = 0; k < rows; k++)
        {
            long v = from[k];
            for (int c = 0; c < index.Length; c++)
                v += (value[c] ? 2L : -2L) * columns[(index[c] * rows) + k];
            into[k] = v;
            min = Math.Min(min, v);
        }
        return min;
    }

    private static int[] Columns(int rows, int inputs, long[] weights)
    {
        var columns = new int[rows * inputs];
        for (int j = 0; j < rows; j++)
        {
            for (int i = 0; i < inputs; i++)
                columns[(i * rows) + j] = checked((int)weights[(j * inputs) + i]);
        }
        return columns;
    }

    /// <summary>The width of the stage feeding hidden layer <paramref name="l"/> (or the constraints, for l = Hidden.Length).</summary>
    public int WidthBefore(int l) => l == 0 ? StageRows : Hidden[l - 1].RowCount;

    // Σ_c a_c·(Σ w_c,i·x_i + offset_c) + d = Σ_i (Σ_c a_c·w_c,i)·x_i + (Σ_c a_c·offset_c + d).
    private static (long[] Rows, long[] Constants) CombinedRows(DenseLayer scores, ScoreProperty property)
    {
        int inputs = scores.InputCount;
        var rows = new long[property.Constraints.Length * inputs];
        var constants = new long[property.Constraints.Length];
        for (int k = 0; k < property.Constraints.Length; k++)
        {
            var constraint = property.Constraints[k];
            constants[k] = constraint.Constant;
            long reach = 0;
            for (int c = 0; c < constraint.Coefficients.Length; c++)
            {
                int a = constraint.Coefficients[c];
                if (a == 0)
                    continue;
                constants[k] += (long)a * scores.ScoreOffsets[c];
                var row = scores.Row(c);
                for (int i = 0; i < inputs; i++)
                    rows[(k * inputs) + i] += (long)a * row[i];
            }
            for (int i = 0; i < inputs; i++)
                reach += Math.Abs(rows[(k * inputs) + i]);
            if (reach + Math.Abs(constants[k]) > DenseLayer.MaxReach)
                throw new NotSupportedException($"constraint {k} reaches beyond ±{DenseLayer.MaxReach}; the ball search keeps sums in an int");
        }
        return (rows, constants);
    }

    // The same clamped "flip·sum ≥ flippedBound" form as the reference engine.
    private static (int[] Flip, int[] Bound) Thresholds(DenseLayer layer)
    {
        var flip = new int[layer.NeuronCount];
        var bound = new int[layer.NeuronCount];
        for (int j = 0; j < layer.NeuronCount; j++)
        {
            var threshold = layer.Thresholds[j];
            int reach = layer.Reach(j);
            int clamped = (int)Math.Clamp((long)threshold.Bound, -reach - 1L, reach + 1L);
            flip[j] = threshold.Direction == ThresholdDirection.AtLeast ? 1 : -1;
            bound[j] = flip[j] * clamped;
        }
        return (flip, bound);
    }
}
