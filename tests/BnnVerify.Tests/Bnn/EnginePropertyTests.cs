using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Bnn;

/// <summary>The packed reference engine against the literal definition, on random models and inputs.</summary>
public class EnginePropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void Packed_engine_equals_the_naive_evaluator()
    {
        Prop.ForAll(Arb.From(ModelGenerators.ModelsWithInput()), (ModelAndInput c) =>
        {
            var packed = PackedNetwork.Compile(c.Model).Evaluate(c.Input);
            var (naiveClass, naiveOutputs) = NaiveEvaluator.Evaluate(c.Model, c.Input);
            if (packed.Class != naiveClass)
                return false;
            return packed.Class >= 0
                ? packed.Scores.Select(s => (double)s).SequenceEqual(naiveOutputs)
                : packed.Bits.Select(b => b ? 1.0 : 0.0).SequenceEqual(naiveOutputs);
        }).Check(Config);
    }

    [Fact]
    public void Batch_evaluation_equals_one_at_a_time()
    {
        // Batches return one word per input, so bit outputs are limited to 64 here.
        var cases = from model in ModelGenerators.Models(maxWidth: 70).Where(m => m.Output is ArgmaxOutput || m.Output.Names.Length <= 64)
                    from count in Gen.Choose(1, 40)
                    from inputs in Gen.ArrayOf(Gen.ArrayOf(Gen.Elements(true, false), model.InputCount), count)
                    select (Model: new GeneratedModel(model), Inputs: inputs);
        Prop.ForAll(Arb.From(cases), c =>
        {
            var network = PackedNetwork.Compile(c.Model.Model);
            var packed = c.Inputs.SelectMany(input => network.PackInput(input)).ToArray();
            var results = new ulong[c.Inputs.Length];
            network.EvaluateBatch(packed, c.Inputs.Length, results, network.CreateBatchWorkspace(c.Inputs.Length));
            for (int i = 0; i < c.Inputs.Length; i++)
            {
                var single = network.Evaluate(c.Inputs[i]);
                ulong expected = network.IsArgmax
                    ? (ulong)single.Class
                    : PackedBits.Pack(single.Bits.AsSpan())[0];
                if (results[i] != expected)
                    return false;
            }
            return true;
        }).Check(Config);
    }

    [Fact]
    public void Trace_agrees_with_evaluation_and_recomputes_each_layer()
    {
        Prop.ForAll(Arb.From(ModelGenerators.ModelsWithInput(maxWidth: 70)), (ModelAndInput c) =>
        {
            var network = PackedNetwork.Compile(c.Model);
            var trace = network.Trace(c.Input);
            var direct = network.Evaluate(c.Input);
            bool[] x = c.Input;
            for (int l = 0; l < trace.Layers.Length; l++)
            {
                var layer = c.Model.Layers[l];
                for (int j = 0; j < layer.NeuronCount; j++)
                {
                    int sum = 0;
                    for (int i = 0; i < layer.InputCount; i++)
                        sum += layer.Row(j)[i] * (x[i] ? 1 : -1);
                    if (trace.Layers[l].PreActivations[j] != sum)
                        return false;
                    if (!layer.IsScoreLayer && trace.Layers[l].Outputs[j] != layer.Thresholds[j].Fires(sum))
                        return false;
                }
                x = [.. trace.Layers[l].Outputs];
            }
            return trace.Output.Class == direct.Class
                && trace.Output.Scores.SequenceEqual(direct.Scores)
                && trace.Output.Bits.SequenceEqual(direct.Bits);
        }).Check(Config);
    }

    [Fact]
    public void Writing_and_reading_a_model_keeps_its_behaviour()
    {
        Prop.ForAll(Arb.From(ModelGenerators.ModelsWithInput(maxWidth: 70)), (ModelAndInput c) =>
        {
            string json = ModelWriter.Write(c.Model);
            var read = ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(json), "generated.json");
            if (read.Model is null)
                throw new InvalidOperationException(read.Error!.ToString());
            var before = PackedNetwork.Compile(c.Model).Trace(c.Input);
            var after = PackedNetwork.Compile(read.Model).Trace(c.Input);
            bool sameThresholds = c.Model.Layers.Zip(read.Model.Layers).All(p => p.First.Thresholds.SequenceEqual(p.Second.Thresholds));
            return sameThresholds
                && ModelWriter.Write(read.Model) == json
                && before.Output.Class == after.Output.Class
                && before.Output.Scores.SequenceEqual(after.Output.Scores)
                && before.Output.Bits.SequenceEqual(after.Output.Bits);
        }).Check(Config);
    }
}
