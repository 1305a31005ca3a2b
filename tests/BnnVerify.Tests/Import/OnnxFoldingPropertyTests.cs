using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Import;
using BnnVerify.Bnn.Import.Onnx;
using BnnVerify.Bnn.Model;
using BnnVerify.Bnn.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;

namespace BnnVerify.Tests.Import;

/// <summary>
/// The ONNX importer's exact folding (MatMul, Add, BatchNormalization, then Sign or BipolarQuant) against the
/// model format's own exact folding, <see cref="ThresholdFolding.Fires"/>, a separate implementation, on every
/// input of small random layers whose parameters sit on a grid so that values land exactly on 0: BipolarQuant
/// must agree with sign(0) = +1 everywhere, and Sign must be refused exactly when some input makes its argument 0.
/// </summary>
public class OnnxFoldingPropertyTests
{
    public sealed record Layer(int Inputs, int Neurons, float[] Weights, float[] Bias, float[] Gamma, float[] Beta, float[] Mean, float[] Variance, float Epsilon, bool OnnxSign)
    {
        public override string ToString() =>
            $"{Inputs}->{Neurons} {(OnnxSign ? "Sign" : "BipolarQuant")} W=[{string.Join(",", Weights)}] b=[{string.Join(",", Bias)}] γ=[{string.Join(",", Gamma)}] " +
            $"β=[{string.Join(",", Beta)}] μ=[{string.Join(",", Mean)}] σ²=[{string.Join(",", Variance)}] ε={Epsilon}";
    }

    private static Gen<Layer> Layers() =>
        from n in Gen.Choose(1, 5)
        from m in Gen.Choose(1, 3)
        from weights in Gen.ArrayOf(Gen.Elements(-1f, 0f, 1f, 1f, -1f), n * m)
        from bias in Gen.ArrayOf(Gen.Elements(-1f, -0.5f, 0f, 0.5f, 1f, 0.3f), m)
        from gamma in Gen.ArrayOf(Gen.Elements(-1.5f, -0.5f, 0f, 0.25f, 2f), m)
        from beta in Gen.ArrayOf(Gen.Elements(0f, 0f, 0.5f, -0.5f, 1f, 0.1f), m)
        from mean in Gen.ArrayOf(Gen.Elements(-1f, 0f, 1f, 2f, 0.7f), m)
        from variance in Gen.ArrayOf(Gen.Elements(1f, 0.25f, 2f, 4f), m)
        from epsilon in Gen.Elements(0f, 1e-5f)
        from onnxSign in Gen.Elements(true, false)
        select new Layer(n, m, weights, bias, gamma, beta, mean, variance, epsilon, onnxSign);

    [Fact]
    public void Random_layers_fold_as_the_exact_definition_and_Sign_is_refused_exactly_when_its_argument_can_be_zero()
    {
        int refusals = 0, imports = 0;
        Prop.ForAll(Arb.From(Layers()), layer =>
        {
            string file = Path.Combine(Path.GetTempPath(), $"bnnverify-fold-{Guid.NewGuid():N}.onnx");
            File.WriteAllBytes(file, Graph(layer).ToByteArray());
            try
            {
                var result = OnnxImporter.Import(file, new OnnxImportOptions(OnnxDialect.Qonnx));
                bool zeroReachable = false;
                var expected = new List<bool[]>();
                for (int k = 0; k < 1 << layer.Inputs; k++)
                {
                    var bits = new bool[layer.Neurons];
                    for (int j = 0; j < layer.Neurons; j++)
                    {
                        long s = 0;
                        for (int i = 0; i < layer.Inputs; i++)
                            s += (long)layer.Weights[i * layer.Neurons + j] * (((k >> i) & 1) == 1 ? 1 : -1);
                        var bn = new NeuronBatchNorm(R(layer.Gamma[j]), R(layer.Beta[j]), R(layer.Mean[j]), R(layer.Variance[j]), R(layer.Epsilon));
                        bool atLeast = ThresholdFolding.Fires(s, R(layer.Bias[j]), bn, SignAtZero.Positive);
                        bool above = ThresholdFolding.Fires(s, R(layer.Bias[j]), bn, SignAtZero.Negative);
                        zeroReachable |= atLeast != above;
                        bits[j] = atLeast;
                    }
                    expected.Add(bits);
                }
                if (layer.OnnxSign && zeroReachable)
                {
                    Assert.Equal(OnnxDiagnosticIds.SignOfZero, result.Error?.Id);
                    refusals++;
                    return;
                }
                Assert.True(result.Succeeded, $"{layer}: {result.Error}");
                imports++;
                var network = PackedNetwork.Compile(result.Model!);
                for (int k = 0; k < expected.Count; k++)
                {
                    var inputs = Enumerable.Range(0, layer.Inputs).Select(i => ((k >> i) & 1) == 1).ToArray();
                    Assert.True(expected[k].SequenceEqual(network.Evaluate(inputs).Bits), $"{layer}: input {k} differs");
                }
            }
            finally
            {
                File.Delete(file);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(400));
        // Both outcomes must have occurred, or the property did not test the Sign(0) proof.
        Assert.True(refusals > 0 && imports > 0, $"{refusals} refusals, {imports} imports");
    }

    private static Rational R(float value) => ExactBinary.ToRational(value);

    private static global::Onnx.ModelProto Graph(Layer layer) =>
        new OnnxGraphBuilder([1, layer.Inputs], [1, layer.Neurons])
            .Constant("W", [layer.Inputs, layer.Neurons], layer.Weights)
            .Constant("b", [layer.Neurons], layer.Bias)
            .Constant("gamma", [layer.Neurons], layer.Gamma)
            .Constant("beta", [layer.Neurons], layer.Beta)
            .Constant("mean", [layer.Neurons], layer.Mean)
            .Constant("var", [layer.Neurons], layer.Variance)
            .Constant("one", [], 1f)
            .Node("MatMul", ["x", "W"], "s")
            .Node("Add", ["s", "b"], "v")
            .Node("BatchNormalization", ["v", "gamma", "beta", "mean", "var"], "n", attributes: ("epsilon", layer.Epsilon))
            .Node(layer.OnnxSign ? "Sign" : "BipolarQuant", layer.OnnxSign ? ["n"] : ["n", "one"], "y", layer.OnnxSign ? "" : "qonnx.custom_op.general")
            .Model();
}
