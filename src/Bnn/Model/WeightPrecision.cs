namespace BnnVerify.Bnn.Model;

/// <summary>How a dense layer's weights are stored.</summary>
public enum WeightPrecision
{
    /// <summary>Weights in {−1, +1}, or 0 for a pruned connection; evaluated by XNOR-popcount.</summary>
    Binary,

    /// <summary>Small signed integers (mixed precision, typical of first and last layers); evaluated by bit planes.</summary>
    Integer,
}
