namespace BnnVerify.Bnn.Training;

/// <summary>The loss of a model with named output bits: binary cross-entropy of sigmoid(logit) against each 0/1 target.</summary>
internal static class SigmoidCrossEntropy
{
    /// <summary>Mean loss over <paramref name="count"/> logits; writes ∂loss/∂logit into <paramref name="gradients"/>.</summary>
    public static double LossAndGradient(double[] logits, double[] targets, int count, double[] gradients)
    {
        double total = 0;
        for (int k = 0; k < count; k++)
        {
            double x = logits[k], y = targets[k];
            // softplus(x) − y·x, with softplus written so that exp never overflows.
            total += Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x))) - y * x;
            gradients[k] = (1 / (1 + Math.Exp(-x)) - y) / count;
        }
        return total / count;
    }
}
