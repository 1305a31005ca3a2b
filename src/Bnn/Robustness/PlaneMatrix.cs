using System.Numerics;
using BnnVerify.Bnn.Engine;

namespace BnnVerify.Bnn.Robustness;

/// <summary>
/// Integer weight rows over ±1 inputs, stored as bit planes, that give each row's exact sum Σ wᵢxᵢ for packed
/// inputs, or, for inputs of which only some are known, the interval the sum can still reach.
/// </summary>
/// <remarks>
/// Row j is Σ_b 2^b·(P_b − N_b) with P_b (N_b) the inputs where bit b of the positive (negated negative) weight is
/// set; binary ±1 rows are one plane. With x = 2v − 1 for the value bits v, a plane contributes
/// 2·(|v ∧ P| − |v ∧ N|) − (|P| − |N|) over known inputs, and ±(|¬K ∧ P| + |¬K ∧ N|) over the unknown ones.
/// Packed vectors keep their tail bits zero (see <see cref="PackedBits"/>), and so do the planes.
/// </remarks>
internal sealed class PlaneMatrix
{
    private readonly int _words;
    private readonly int[] _planeStart; // row j's planes are [_planeStart[j], _planeStart[j + 1])
    private readonly int[] _shift;
    private readonly int[] _planeBalance; // |P| − |N| per plane
    private readonly ulong[] _positive;   // [plane][word]
    private readonly ulong[] _negative;

    /// <summary>Builds the planes of <paramref name="rowCount"/> rows of <paramref name="inputCount"/> weights, row-major.</summary>
    public PlaneMatrix(int rowCount, int inputCount, ReadOnlySpan<long> weights)
    {
        RowCount = rowCount;
        InputCount = inputCount;
        _words = PackedBits.WordsFor(inputCount);
        _planeStart = new int[rowCount + 1];
        var shifts = new List<int>();
        var positive = new List<ulong>();
        var negative = new List<ulong>();
        var balance = new List<int>();
        var p = new ulong[_words];
        var n = new ulong[_words];
        for (int row = 0; row < rowCount; row++)
        {
            _planeStart[row] = shifts.Count;
            var w = weights.Slice(row * inputCount, inputCount);
            long max = 0;
            foreach (long value in w)
                max = Math.Max(max, Math.Abs(value));
            for (int b = 0; b < 63 && (max >> b) != 0; b++)
            {
                Array.Clear(p);
                Array.Clear(n);
                int count = 0;
                bool any = false;
                for (int i = 0; i < inputCount; i++)
                {
                    if (((Math.Abs(w[i]) >> b) & 1) == 0)
                        continue;
                    any = true;
                    if (w[i] > 0)
                    {
                        p[i >> 6] |= 1UL << (i & 63);
                        count++;
                    }
                    else
                    {
                        n[i >> 6] |= 1UL << (i & 63);
                        count--;
                    }
                }
                if (!any)
                    continue;
                shifts.Add(b);
                balance.Add(count);
                positive.AddRange(p);
                negative.AddRange(n);
            }
        }
        _planeStart[rowCount] = shifts.Count;
        _shift = [.. shifts];
        _planeBalance = [.. balance];
        _positive = [.. positive];
        _negative = [.. negative];
    }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Inputs per row.</summary>
    public int InputCount { get; }

    /// <summary>Row <paramref name="row"/>'s exact sum for the fully known packed input <paramref name="values"/>.</summary>
    public long Exact(int row, ReadOnlySpan<ulong> values)
    {
        long sum = 0;
        for (int plane = _planeStart[row]; plane < _planeStart[row + 1]; plane++)
        {
            var pos = _positive.AsSpan(plane * _words, _words);
            var neg = _negative.AsSpan(plane * _words, _words);
            int count = 0;
            for (int w = 0; w < pos.Length; w++)
                count += BitOperations.PopCount(values[w] & pos[w]) - BitOperations.PopCount(values[w] & neg[w]);
            sum += (long)((2 * count) - _planeBalance[plane]) << _shift[plane];
        }
        return sum;
    }

    /// <summary>
    /// The interval of row <paramref name="row"/>'s sum over every completion of the inputs not in <paramref name="known"/>:
    /// the known inputs' exact part is returned, <paramref name="slack"/> receives Σ|wᵢ| over the unknown ones.
    /// </summary>
    public long Bounded(int row, ReadOnlySpan<ulong> values, ReadOnlySpan<ulong> known, out long slack)
    {
        long sum = 0;
        slack = 0;
        for (int plane = _planeStart[row]; plane < _planeStart[row + 1]; plane++)
        {
            var pos = _positive.AsSpan(plane * _words, _words);
            var neg = _negative.AsSpan(plane * _words, _words);
            int agree = 0, knownBalance = 0, unknown = 0;
            for (int w = 0; w < pos.Length; w++)
            {
                ulong k = known[w], v = values[w] & k, p = pos[w], n = neg[w];
                agree += BitOperations.PopCount(v & p) - BitOperations.PopCount(v & n);
                knownBalance += BitOperations.PopCount(k & p) - BitOperations.PopCount(k & n);
                unknown += BitOperations.PopCount(~k & (p | n));
            }
            sum += (long)((2 * agree) - knownBalance) << _shift[plane];
            slack += (long)unknown << _shift[plane];
        }
        return sum;
    }
}
