using System.Collections.Immutable;
using BnnVerify.Bnn.Data;

namespace BnnVerify.Bnn.Training;

/// <summary>
/// The deterministic train/validation split. For an argmax data set it is stratified: the rows of each
/// class are shuffled (by the seed) and round(fraction × class size) of them are held out, so a class of
/// five zoo animals keeps four for training and one for validation. For bit outputs all rows are shuffled
/// and round(fraction × rows) held out. Both lists come back in ascending row order.
/// </summary>
public static class DataSplit
{
    /// <summary>Splits the rows of <paramref name="data"/>; a fraction of 0 holds out nothing.</summary>
    public static (ImmutableArray<int> Training, ImmutableArray<int> Validation) Split(EncodedDataSet data, double fraction, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(random);
        var validation = new List<int>();
        if (fraction > 0)
        {
            int groups = data.IsMultiLabel ? 1 : data.OutputCount;
            for (int g = 0; g < groups; g++)
            {
                var members = new List<int>();
                for (int r = 0; r < data.RowCount; r++)
                {
                    if (data.IsMultiLabel || data.Class(r) == g)
                        members.Add(r);
                }
                var order = members.ToArray();
                random.Shuffle(order);
                int held = (int)Math.Round(fraction * order.Length, MidpointRounding.AwayFromZero);
                validation.AddRange(order.AsSpan(0, held).ToArray());
            }
        }
        validation.Sort();
        var isValidation = new bool[data.RowCount];
        foreach (int r in validation)
            isValidation[r] = true;
        var training = new List<int>(data.RowCount - validation.Count);
        for (int r = 0; r < data.RowCount; r++)
        {
            if (!isValidation[r])
                training.Add(r);
        }
        return ([.. training], [.. validation]);
    }
}
