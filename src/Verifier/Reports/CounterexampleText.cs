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

    /// <summary>
    /// The grid picture of <paramref name="inputs"/>, one line per row; '.' where no family is true, '*' where several are.
    /// A <paramref name="markedCell"/> (the cell the network played) is drawn in brackets, <c>[.]</c>, and then every
    /// row starts with a space so that the columns stay aligned.
    /// </summary>
    public static IEnumerable<string> Picture(RenderHint hint, IReadOnlyList<bool> inputs, int? markedCell = null)
    {
        for (int row = 0; row < hint.Rows; row++)
        {
            var line = new StringBuilder();
            for (int column = 0; column < hint.Columns; column++)
            {
                int cell = row * hint.Columns + column;
                var on = hint.Layers.Where(layer => inputs[layer.InputByCell[cell]]).ToList();
                string symbol = on.Count switch { 0 => ".", 1 => on[0].Symbol, _ => "*" };
                // The separator before a cell: '[' before the marked one, ']' after it, else a space.
                if (cell == markedCell)
                    line.Append('[');
                else if (cell - 1 == markedCell && column > 0)
                    line.Append(']');
                else if (column > 0 || markedCell is not null)
                    line.Append(' ');
                line.Append(symbol);
            }
            if (row * hint.Columns + hint.Columns - 1 == markedCell)
                line.Append(']');
            yield return line.ToString();
        }
    }

    /// <summary>
    /// The grid cell the network's answer names, or null. An argmax model whose classes are one family with a member
    /// per cell (tictactoe-move's move0..move8 on a 3×3 grid) plays a cell: class move4 is cell 4.
    /// </summary>
    public static int? PlayedCell(BnnModel model, RenderHint hint, NetworkOutput output)
    {
        if (model.Output is not ArgmaxOutput argmax || argmax.Classes.Length != hint.Rows * hint.Columns)
            return null;
        string? family = null;
        var cells = new int[argmax.Classes.Length];
        for (int j = 0; j < argmax.Classes.Length; j++)
        {
            string name = argmax.Classes[j];
            int digits = name.Length - name.TrimEnd("0123456789".ToCharArray()).Length;
            if (digits == 0 || digits > 6)
                return null;
            string prefix = name[..^digits].TrimEnd('_');
            if (family is not null && family != prefix)
                return null;
            family = prefix;
            cells[j] = int.Parse(name[^digits..], CultureInfo.InvariantCulture);
        }
        // Every cell exactly once: the classes are the cells, not merely numbered.
        if (!cells.Order().SequenceEqual(Enumerable.Range(0, cells.Length)))
            return null;
        return cells[output.Class];
    }

    /// <summary>The whole block for one counterexample, each line prefixed with <paramref name="indent"/>.</summary>
    public static void Write(TextWriter output, BnnModel model, RenderHint? render, Counterexample counterexample, bool allInputs, string indent)
    {
        output.WriteLine(indent + Inputs(model, counterexample.Inputs, allInputs));
        if (render is not null)
        {
            foreach (var line in Picture(render, counterexample.Inputs, PlayedCell(model, render, counterexample.Output)))
                output.WriteLine(indent + "  " + line);
        }
        output.WriteLine(indent + Output(model, counterexample.Output));
        foreach (var clause in counterexample.FailedClauses)
            output.WriteLine($"{indent}fails {clause.Location}: ensures {clause.Text}");
    }
}
