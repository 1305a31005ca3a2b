using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Bnn.Robustness;
using BnnVerify.Tests.Bnn;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Robustness;

/// <summary>A random ball query on a random argmax model; prints everything needed to replay it.</summary>
public sealed record BallCase(BnnModel Model, bool[] Center, int[] FreeBits, int MinDistance, int MaxDistance, int Label, bool TieIsChange)
{
    /// <summary>The query the case describes.</summary>
    public BallQuery Query => new([.. Center], [.. FreeBits], MinDistance, MaxDistance, ScoreProperty.ClassStays(Model, Label, TieIsChange));

    public override string ToString() =>
        ModelWriter.Write(Model) + $"center {string.Concat(Center.Select(b => b ? '1' : '0'))}, free [{string.Join(",", FreeBits)}], " +
        $"distance {MinDistance}..{MaxDistance}, label {Label}, ties {(TieIsChange ? "change" : "keep")}";

    /// <summary>Whether <paramref name="input"/> violates "the class stays Label", decided from the reference engine's scores.</summary>
    public bool Violates(PackedNetwork network, bool[] input)
    {
        var output = network.Evaluate(input);
        if (output.Class != Label)
            return true;
        if (!TieIsChange)
            return false;
        for (int c = 0; c < output.Scores.Length; c++)
        {
            if (c != Label && output.Scores[c] == output.Scores[Label])
                return true;
        }
        return false;
    }

    /// <summary>Every candidate of the ball with its distance, by brute force over the subsets of the free bits.</summary>
    public IEnumerable<(bool[] Input, int Distance)> Candidates()
    {
        for (long mask = 0; mask < 1L << FreeBits.Length; mask++)
        {
            int distance = System.Numerics.BitOperations.PopCount((ulong)mask);
            if (distance < MinDistance || distance > MaxDistance)
                continue;
            var input = (bool[])Center.Clone();
            for (int b = 0; b < FreeBits.Length; b++)
            {
                if (((mask >> b) & 1) != 0)
                    input[FreeBits[b]] = !input[FreeBits[b]];
            }
            yield return (input, distance);
        }
    }
}

/// <summary>FsCheck generators of ball cases small enough for brute force (at most 12 free bits).</summary>
public static class BallGenerators
{
    /// <summary>Cases on random argmax models of up to 4 layers and width 70, with fixed bits, shells, ties either way.</summary>
    public static Gen<BallCase> Cases(int maxInputs = 14, int maxFree = 12) =>
        from model in ModelGenerators.Models(Gen.Choose(1, maxInputs), 70, 4).Where(m => m.Output is ArgmaxOutput)
        from center in Gen.ArrayOf(Gen.Elements(true, false), model.InputCount)
        from keep in Gen.ArrayOf(Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false))), model.InputCount)
        let free = Enumerable.Range(0, model.InputCount).Where(i => keep[i]).Take(maxFree).ToArray()
        from maxDistance in Gen.Choose(0, free.Length + 1)
        from minDistance in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(0, maxDistance)))
        from labelFromCenter in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from randomLabel in Gen.Choose(0, model.Output.Names.Length - 1)
        from tieIsChange in Gen.Elements(true, false)
        select new BallCase(model, center, free, minDistance, maxDistance,
            labelFromCenter ? PackedNetwork.Compile(model).Evaluate(center).Class : randomLabel, tieIsChange);
}
