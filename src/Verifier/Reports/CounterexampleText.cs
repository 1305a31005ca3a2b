using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Reports;

/// <summary>Shows a counterexample to people: its true inputs (or all), a picture when the spec gives a grid, the output, and the failed clauses.</summary>
internal static class CounterexampleText
{
    /// <summary>The inputs line: <c>true inputs: a0, h4</c>, or every input with its value.</summary>
    public static string Inputs(BnnModel model, IReadOnlyList<bool> inputs, bool all)
    {
        if (all)
            return "inputs: " + string.Join(" ", model.InputNames.Select((name, i) => $"{name}={(inputs[i] ? 1 : 0)}"));
        var trueInputs = model.InputNames.Where((_, i) => inputs[i]).ToList();
        return "true inputs: " + (trueInputs.Count == 0 ? "(none)" : string.Join(", ", trueInputs));
    }

    /// <summary>The output line: <c>class move4 (scores move0 -3, …)</c> or <c>xor=0, y=1</c>.</summary>
    public static string Output(BnnModel model, NetworkOutput output)
    {
        if (model.Output is ArgmaxOutput argmax)
        {
            string scores = string.Join(", ", argmax.Classes.Select((name, j) => string.Create(CultureInfo.InvariantCulture, $"{name} {output.Scores[j]}")));
            return $"output: class {argmax.Classes[output.Class]} (scores: {scores})";
        }
        return "output: " + string.Join(", ", model.Output.Names.Select((name, j) => $"{name}={(output.Bits[j] ? 1 : 0)}"));
    }

    /// <summary>The grid picture of <paramref name="inputs"/>, one line per row; '.' where no family is true, '*' where several are.</summary>
    public static IEnumerable<string> Picture(RenderHint hint, IReadOnlyList<bool> inputs)
    {
        for (int row = 0; row < hint.Rows; row++)
        {
            var line = new StringBuilder();
            for (int column = 0; column < hint.Columns; column++)
            {
                int cell = row * hint.Columns + column;
                var on = hint.Layers.Where(layer => inputs[layer.InputByCell[cell]]).ToList();
                string symbol = on.Count switch { 0 => ".", 1 => on[0].Symbol, _ => "*" };
                if (column > 0)
                    line.Append(' ');
                line.Append(symbol);
            }
            yield return line.ToString();
        }
    }

    /// <summary>The whole block for one counterexample, each line prefixed with <paramref name="indent"/>.</summary>
    public static void Write(TextWriter output, BnnModel model, RenderHint? render, Counterexample counterexample, bool allInputs, string indent)
    {
        output.WriteLine(indent + Inputs(model, counterexample.Inputs, allInputs));
        if (render is not null)
        {
            foreach (var line in Picture(render, counterexample.Inputs))
                output.WriteLine(indent + "  " + line);
        }
        output.WriteLine(indent + Output(model, counterexample.Output));
        foreach (var clause in counterexample.FailedClauses)
            output.WriteLine($"{indent}fails {clause.Location}: ensures {clause.Text}");
    }
}
