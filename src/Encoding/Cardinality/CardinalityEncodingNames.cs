namespace BnnVerify.Encoding.Cardinality;

/// <summary>The short names of <see cref="CardinalityEncoding"/> members used in backend names and on the command line.</summary>
public static class CardinalityEncodingNames
{
    /// <summary>The short name: <c>seqcounter</c>, <c>totalizer</c>, <c>sortnet</c> or <c>smallest</c>.</summary>
    public static string ToShortName(this CardinalityEncoding encoding) => encoding switch
    {
        CardinalityEncoding.SequentialCounter => "seqcounter",
        CardinalityEncoding.Totalizer => "totalizer",
        CardinalityEncoding.SortingNetwork => "sortnet",
        CardinalityEncoding.Smallest => "smallest",
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Not a known cardinality encoding."),
    };

    /// <summary>Reads a short name (case-insensitive); false when it names no encoding.</summary>
    public static bool TryParse(string name, out CardinalityEncoding encoding)
    {
        foreach (var candidate in Enum.GetValues<CardinalityEncoding>())
        {
            if (string.Equals(candidate.ToShortName(), name, StringComparison.OrdinalIgnoreCase))
            {
                encoding = candidate;
                return true;
            }
        }
        encoding = default;
        return false;
    }
}
