namespace BnnVerify.Bnn.Import;

/// <summary>How a CSV weight matrix is laid out: the two published tools disagree.</summary>
public enum WeightRows
{
    /// <summary>Decide from the sizes (refused when a square matrix leaves both readings possible).</summary>
    Auto,

    /// <summary>One row per neuron, one column per input (BNNQuanalyst's benchmark files, PyTorch's layout).</summary>
    Neurons,

    /// <summary>One row per input, one column per neuron (NPAQ's <c>load_model(save=True)</c> writes W transposed).</summary>
    Inputs,
}
