namespace BnnVerify.Bnn.Training;

/// <summary>Which forward pass the training network computes; the backward pass is the same for both.</summary>
internal enum ForwardMode
{
    /// <summary>
    /// The binarized network: weights sign(w) (or k-bit rounding), activations sign(u). Backward uses the
    /// straight-through estimator, i.e. the derivatives of <see cref="Relaxed"/>.
    /// </summary>
    Binary,

    /// <summary>
    /// The smooth surrogate whose exact gradient the straight-through estimator is: weights w itself
    /// (scaled by the k-bit level count), activations hard-tanh(u) = clamp(u, −1, 1). Used by the gradient check.
    /// </summary>
    Relaxed,
}
