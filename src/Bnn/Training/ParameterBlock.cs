namespace BnnVerify.Bnn.Training;

/// <summary>One array of trainable values with its gradient and the optimizer's two moment estimates.</summary>
internal sealed class ParameterBlock
{
    public ParameterBlock(string name, int length, bool clipToUnit)
    {
        Name = name;
        Values = new double[length];
        Gradients = new double[length];
        FirstMoment = new double[length];
        SecondMoment = new double[length];
        ClipToUnit = clipToUnit;
    }

    /// <summary>For messages and tests: <c>layer0.weights</c>.</summary>
    public string Name { get; }

    public double[] Values { get; }

    /// <summary>∂loss/∂value of the last backward pass (overwritten, not accumulated, by each pass).</summary>
    public double[] Gradients { get; }

    public double[] FirstMoment { get; }

    /// <summary>Adam's mean of squares, or AdaMax's decaying maximum of |gradient|.</summary>
    public double[] SecondMoment { get; }

    /// <summary>True for latent weights, which are clipped to [−1, 1] after every update.</summary>
    public bool ClipToUnit { get; }
}
