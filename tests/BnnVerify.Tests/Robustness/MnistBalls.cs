using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Imaging;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Robustness;
using BnnVerify.Verifier.Robustness;

namespace BnnVerify.Tests.Robustness;

/// <summary>Hamming balls around the bundled MNIST images on models/mnist.json, as `robust --ties change` builds them.</summary>
internal static class MnistBalls
{
    /// <summary>
    /// The ball of <paramref name="radius"/> around data/mnist-bnn/images/<paramref name="image"/> where the class must stay
    /// <paramref name="label"/> (a tie counts as a change), with the free bits in input order.
    /// </summary>
    public static (BallNetwork Net, BallQuery Query) Around(string image, string label, int radius)
    {
        var read = ModelReader.ReadFile("models/mnist.json");
        Assert.True(read.Model is not null, read.Error?.ToString());
        var model = read.Model!;
        var picture = ModelImage.ReadFor(model, $"data/mnist-bnn/images/{image}");
        Assert.True(picture.Succeeded, picture.Error?.ToString());
        var target = new RobustnessTarget(image, [.. ModelImage.InputBits(model, picture.Image!)], picture.Image);
        var free = target.HammingFreeBits(model);
        int index = Array.IndexOf([.. model.Output.Names], label);
        Assert.True(index >= 0, $"no class {label}");
        var query = new BallQuery(target.Center, free, 0, radius, ScoreProperty.ClassStays(model, index, tieIsChange: true));
        return (new BallNetwork(model, query, [.. free]), query);
    }

    /// <summary>Asserts that flipping <paramref name="positions"/> (of <paramref name="net"/>'s order) breaks the query's property on the reference engine.</summary>
    public static void AssertViolates(BallNetwork net, BallQuery query, int[] positions)
    {
        var input = query.Center.ToArray();
        foreach (int p in positions)
            input[net.Order[p]] = !input[net.Order[p]];
        var output = PackedNetwork.Compile(net.Model).Evaluate(input);
        Assert.False(query.Property.Holds(output.Scores.AsSpan()),
            $"class {net.Model.Output.Names[output.Class]}, scores {string.Join(" ", output.Scores)}");
    }
}
