using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Tests.Bnn;

namespace BnnVerify.Tests.Contracts.Reference;

/// <summary>
/// One differential case, for exhaustive checking and for the solvers alike: a model, a spec written as text, and the
/// checker's limits. Prints everything needed to replay it by hand.
/// </summary>
internal sealed record DifferentialCase(ModelShape Shape, RefSpec Spec, int MaxCounterexamples, long MaxInputs)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"--max-counterexamples {MaxCounterexamples} --max-inputs {MaxInputs}\n");
        text.Append("---- spec.contract\n").Append(Spec.Text());
        foreach (var vector in Spec.Vectors)
            text.Append("---- ").Append(vector.File).Append('\n').Append(vector.FileText);
        text.Append("---- model.json\n").Append(ModelWriter.Write(Shape.Model));
        return text.ToString();
    }

    /// <summary>Writes the spec and its input-vector files into <paramref name="folder"/> (created if needed); returns the spec's path.</summary>
    public string WriteSpec(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var vector in Spec.Vectors)
            File.WriteAllText(Path.Combine(folder, vector.File), vector.FileText);
        string path = Path.Combine(folder, "spec.contract");
        File.WriteAllText(path, Spec.Text());
        return path;
    }

    /// <summary>The input as the reference interpreter sees it: the naive evaluator's class, scores and bits.</summary>
    public static Point ReferencePoint(BnnModel model, bool[] inputs)
    {
        var (winner, outputs) = NaiveEvaluator.Evaluate(model, inputs);
        return winner >= 0
            ? new Point(inputs, winner, [.. outputs.Select(o => (long)o)], [])
            : new Point(inputs, -1, [], [.. outputs.Select(o => o > 0.5)]);
    }

    /// <summary>Inputs as a 0/1 string, input 0 first.</summary>
    public static string Key(IEnumerable<bool> inputs) => string.Concat(inputs.Select(b => b ? '1' : '0'));
}
