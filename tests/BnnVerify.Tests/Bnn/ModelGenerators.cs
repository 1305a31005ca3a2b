using System.Collections.Immutable;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Bnn.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Bnn;

/// <summary>A generated model; prints as its JSON so that a failing case can be replayed by hand.</summary>
public sealed record GeneratedModel(BnnModel Model)
{
    public override string ToString() => ModelWriter.Write(Model);
}

/// <summary>A generated model together with one input vector for it.</summary>
public sealed record ModelAndInput(BnnModel Model, bool[] Input)
{
    public override string ToString() => ModelWriter.Write(Model) + "input: " + string.Concat(Input.Select(b => b ? '1' : '0'));
}

/// <summary>
/// FsCheck generators of random well-formed models covering every format feature: layer widths up to
/// 130 (crossing 64-bit word boundaries), binary and integer weights, pruned (0) weights, latent
/// weights, folded thresholds in both directions, raw bias and batch norm with γ &lt; 0, γ = 0 and
/// pre-activations exactly on the threshold, argmax outputs with either tie rule, and bit outputs.
/// </summary>
/// <remarks>
/// Batch-norm values are small dyadic rationals (multiples of 1/8, variances in quarters). Then every
/// quantity the naive evaluator computes in floating point before the square root is exact, and the
/// only way the normalised value is exactly 0 is one that floating point also computes as exactly 0,
/// so the naive double evaluation and the exact folding must agree everywhere — including on the
/// threshold, which these values hit often.
/// </remarks>
public static class ModelGenerators
{
    /// <summary>The largest layer width generated.</summary>
    public const int MaxWidth = 130;

    /// <summary>Random models with up to <paramref name="maxLayers"/> layers and widths up to <paramref name="maxWidth"/>.</summary>
    public static Gen<BnnModel> Models(int maxWidth = MaxWidth, int maxLayers = 4) => Models(Width(maxWidth), maxWidth, maxLayers);

    /// <summary>Random models whose input count is drawn from <paramref name="inputCounts"/> (layer widths as above).</summary>
    public static Gen<BnnModel> Models(Gen<int> inputCounts, int maxWidth, int maxLayers) =>
        from inputCount in inputCounts
        from layerCount in Gen.Choose(1, maxLayers)
        from widths in Gen.ArrayOf(Width(maxWidth), layerCount - 1)
        from argmax in Gen.Elements(true, false)
        from outputWidth in argmax ? Gen.Choose(1, 12) : Width(Math.Min(maxWidth, 70))
        from signAtZero in Gen.Elements(SignAtZero.Positive, SignAtZero.Negative)
        from tieBreak in Gen.Elements(TieBreak.LowestIndex, TieBreak.HighestIndex)
        from layers in LayerChain(inputCount, [.. widths, outputWidth], argmax, signAtZero)
        select new BnnModel(
            "generated",
            [.. Enumerable.Range(0, inputCount).Select(i => $"x{i}")],
            layers,
            argmax
                ? new ArgmaxOutput([.. Enumerable.Range(0, outputWidth).Select(j => $"c{j}")], tieBreak)
                : new BitsOutput([.. Enumerable.Range(0, outputWidth).Select(j => $"y{j}")]),
            signAtZero);

    /// <summary>A model and an input vector of the right length.</summary>
    public static Gen<ModelAndInput> ModelsWithInput(int maxWidth = MaxWidth, int maxLayers = 4) =>
        from model in Models(maxWidth, maxLayers)
        from input in Gen.ArrayOf(Gen.Elements(true, false), model.InputCount)
        select new ModelAndInput(model, input);

    /// <summary>Per-neuron batch-norm parameters (with the bias and reach they apply to) for folding tests.</summary>
    public static Gen<(int Reach, Rational Bias, NeuronBatchNorm? BatchNorm, SignAtZero SignAtZero)> NeuronDefinitions() =>
        from reach in Gen.Choose(0, 140)
        from hasBn in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from bias in Dyadic(-16, 16, 8)
        from epsilon in Epsilon()
        from bn in BatchNorm(reach, epsilon)
        from signAtZero in Gen.Elements(SignAtZero.Positive, SignAtZero.Negative)
        select (reach, bias, hasBn ? bn : (NeuronBatchNorm?)null, signAtZero);

    private static Gen<int> Width(int max)
    {
        // Widths at the 64-bit word boundaries, when they fit. (Filtering with Gen.Where instead would retry
        // forever for max < 63: FsCheck's Where keeps drawing until the predicate holds.)
        int[] boundaries = [.. new[] { 63, 64, 65, 127, 128, 129 }.Where(w => w <= max)];
        var small = Gen.Choose(1, Math.Min(max, 8));
        var any = Gen.Choose(1, max);
        return boundaries.Length == 0
            ? Gen.Frequency((3, small), (2, any))
            : Gen.Frequency((3, small), (2, any), (1, Gen.Elements(boundaries)));
    }

    private static Gen<ImmutableArray<DenseLayer>> LayerChain(int inputCount, int[] widths, bool argmax, SignAtZero signAtZero)
    {
        Gen<ImmutableArray<DenseLayer>> chain = Gen.Constant(ImmutableArray<DenseLayer>.Empty);
        int previous = inputCount;
        for (int l = 0; l < widths.Length; l++)
        {
            int fanIn = previous, width = widths[l];
            bool scores = argmax && l == widths.Length - 1;
            chain = from done in chain
                    from layer in scores ? ScoreLayer(fanIn, width) : SignLayer(fanIn, width, signAtZero)
                    select done.Add(layer);
            previous = width;
        }
        return chain;
    }

    private static Gen<DenseLayer> SignLayer(int inputCount, int width, SignAtZero signAtZero) =>
        from precision in Gen.Frequency((3, Gen.Constant(WeightPrecision.Binary)), (1, Gen.Constant(WeightPrecision.Integer)))
        from latent in precision == WeightPrecision.Binary ? Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true))) : Gen.Constant(false)
        from latentWeights in Gen.ArrayOf(Gen.Elements(-0.75, -0.5, -0.01, 0.0, 0.01, 0.3, 1.0), latent ? inputCount * width : 0)
        from weights in Weights(precision, inputCount * width)
        from form in Gen.Elements("folded", "batchnorm", "bias", "plain")
        from thresholds in Gen.ArrayOf(Threshold(inputCount), width)
        from epsilon in Epsilon()
        from bn in Gen.ArrayOf(BatchNorm(inputCount, epsilon), width)
        from biases in Gen.ArrayOf(Dyadic(-16, 16, 8), width)
        select Build(inputCount, precision, latent ? [.. latentWeights.Select(w => SignOf(w, signAtZero))] : weights,
            latent ? [.. latentWeights] : default, form, thresholds, bn, biases, signAtZero);

    private static DenseLayer Build(int inputCount, WeightPrecision precision, ImmutableArray<int> weights, ImmutableArray<double> latent,
        string form, NeuronThreshold[] thresholds, NeuronBatchNorm[] bn, Rational[] biases, SignAtZero signAtZero)
    {
        if (form == "folded")
            return DenseLayer.Sign(inputCount, precision, weights, [.. thresholds], null, latent);
        var bias = form == "plain" ? ImmutableArray<Rational>.Empty : [.. biases];
        var batchNorm = form == "batchnorm"
            ? new BatchNormParameters([.. bn.Select(b => b.Gamma)], [.. bn.Select(b => b.Beta)], [.. bn.Select(b => b.Mean)], [.. bn.Select(b => b.Variance)], bn[0].Epsilon)
            : null;
        return DenseLayer.SignFromDefinition(inputCount, precision, weights, new RawSignActivation(bias, batchNorm), signAtZero, latent);
    }

    private static Gen<DenseLayer> ScoreLayer(int inputCount, int width) =>
        from precision in Gen.Elements(WeightPrecision.Binary, WeightPrecision.Integer)
        from weights in Weights(precision, inputCount * width)
        // Small offsets make ties between classes frequent, which exercises the tie rule.
        from offsets in Gen.ArrayOf(Gen.Choose(-3, 3), width)
        select DenseLayer.Scores(inputCount, precision, weights, [.. offsets]);

    private static Gen<ImmutableArray<int>> Weights(WeightPrecision precision, int count) =>
        (precision == WeightPrecision.Binary
            ? Gen.ArrayOf(Gen.Frequency((6, Gen.Elements(-1, 1)), (1, Gen.Constant(0))), count)
            : Gen.ArrayOf(Gen.Choose(-7, 7), count))
        .Select(w => ImmutableArray.Create(w));

    private static Gen<NeuronThreshold> Threshold(int inputCount) =>
        from direction in Gen.Elements(ThresholdDirection.AtLeast, ThresholdDirection.AtMost)
        from bound in Gen.Choose(-inputCount - 2, inputCount + 2)
        select new NeuronThreshold(direction, bound);

    private static Gen<Rational> Epsilon() => Gen.Elements(Rational.Zero, Rational.Create(1, 4), Rational.Create(1, 1024));

    // One ε per layer, as in a real batch-norm layer; a zero variance is only generated with a positive ε.
    private static Gen<NeuronBatchNorm> BatchNorm(int reach, Rational epsilon) =>
        from gamma in Gen.Frequency((2, Dyadic(1, 8, 4)), (2, Dyadic(-8, -1, 4)), (1, Gen.Constant(Rational.Zero)))
        from beta in Gen.Frequency((2, Gen.Constant(Rational.Zero)), (3, Dyadic(-16, 16, 8)))
        from meanWhole in Gen.Choose(-reach, reach)
        from meanFraction in Gen.Elements(0, 0, 1, 2, 4)
        from variance in Gen.Choose(0, 16)
        let safeVariance = variance == 0 && epsilon.Sign == 0 ? 1 : variance
        select new NeuronBatchNorm(gamma, beta, meanWhole + Rational.Create(meanFraction, 8), Rational.Create(safeVariance, 4), epsilon);

    private static Gen<Rational> Dyadic(int low, int high, int denominator) =>
        Gen.Choose(low, high).Select(n => Rational.Create(n, denominator));

    private static int SignOf(double latent, SignAtZero signAtZero) =>
        latent > 0 ? 1 : latent < 0 ? -1 : (signAtZero == SignAtZero.Positive ? 1 : -1);
}
