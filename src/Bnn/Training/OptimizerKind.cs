namespace BnnVerify.Bnn.Training;

/// <summary>The update rule for latent weights and batch-norm parameters (Kingma and Ba 2015).</summary>
public enum OptimizerKind
{
    /// <summary>Adam: steps scaled by a running root mean square of the gradient.</summary>
    Adam,

    /// <summary>AdaMax: Adam with the infinity norm, steps scaled by a decaying maximum of |gradient|.</summary>
    AdaMax,
}
