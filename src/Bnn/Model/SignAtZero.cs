namespace BnnVerify.Bnn.Model;

/// <summary>
/// The value of sign(0), a declared property of a model. It decides a neuron whose batch-normalised
/// pre-activation is exactly 0, and a latent weight that is exactly 0. Training frameworks differ here
/// (some use x ≥ 0, some x &gt; 0, some give 0), so a model that needs it must say which.
/// </summary>
public enum SignAtZero
{
    /// <summary>sign(0) = +1: a neuron fires when its normalised value is ≥ 0.</summary>
    Positive,

    /// <summary>sign(0) = −1: a neuron fires only when its normalised value is &gt; 0.</summary>
    Negative,
}
