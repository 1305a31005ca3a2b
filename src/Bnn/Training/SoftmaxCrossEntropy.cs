namespace BnnVerify.Bnn.Training;

/// <summary>The loss of an argmax model: cross-entropy of the softmax of the logits against the class index.</summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>Mean loss over <paramref name="batch"/> rows; writes ∂loss/∂logit into <paramref name="gradients"/>.</summary>
    public static double LossAndGradient(double[] logits, int[] labels, int batch, int classes, double[] gradients)
    {
        double total = 0;
        for (int b = 0; b < batch; b++)
        {
            int row = b * classes;
            double max = double.NegativeInfinity;
            for (int k = 0; k < classes; k++)
                max = Math.Max(max, logits[row + k]);
            double sum = 0;
            for (int k = 0; k < classes; k++)
            {
                double e = Math.Exp(logits[row + k] - max);
                gradients[row + k] = e;
                sum += e;
            }
            // log Σ exp(logit) − logit[label], computed relative to the maximum to avoid overflow.
            total += Math.Log(sum) + max - logits[row + labels[b]];
            for (int k = 0; k < classes; k++)
                gradients[row + k] = (gradients[row + k] / sum - (k == labels[b] ? 1 : 0)) / batch;
        }
        return total / batch;
    }
}
