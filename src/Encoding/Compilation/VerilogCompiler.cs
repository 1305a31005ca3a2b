using System.Globalization;
using BnnVerify.Encoding.Circuit;

namespace BnnVerify.Encoding.Compilation;

/// <summary>
/// Compiles a <see cref="FoldedNetwork"/> to a combinational Verilog-2005 module with one port per input and
/// per output name: a bits model drives one output per bit, an argmax model one output per class, true
/// for the winning class only (one-hot).
/// </summary>
/// <remarks>
/// A neuron is an unsigned sum of its literals (a balanced tree of additions, the same tree as the AIGER's)
/// compared with its bound; class scores are shifted by
/// the smallest constant among them so that they are unsigned too, and compared pairwise for the
/// argmax with the model's tie rule. Negated literals use <c>!</c>, whose 1-bit result does not widen
/// (a <c>~</c> would be widened to the sum's width before inverting).
/// </remarks>
public static class VerilogCompiler
{
    /// <summary>Writes the module <paramref name="moduleName"/> for <paramref name="network"/>.</summary>
    public static void Write(FoldedNetwork network, string moduleName, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(writer);
        var model = network.Model;
        // Ports keep the model's names exactly (a keyword becomes an escaped identifier, which tools such as yosys
        // report by its plain name), so that equivalence checkers match them with the AIGER symbol table.
        var scope = new IdentifierScope([]);
        moduleName = Escape(scope.Claim(moduleName));
        var inputs = model.InputNames.Select(n => Escape(scope.Claim(n))).ToArray();
        var outputs = model.Output.Names.Select(n => Escape(scope.Claim(n))).ToArray();
        var nodeNames = new string[network.InputCount + network.Neurons.Length];
        inputs.CopyTo(nodeNames, 0);
        foreach (var neuron in network.Neurons)
            nodeNames[neuron.Node] = scope.Claim(neuron.Name);

        var w = new CodeWriter(writer);
        w.Line($"// {model.Name}: compiled by bnnverify compile --to verilog. Computes exactly what the bnnverify reference engine computes.");
        w.Line("// Inputs: 1 means +1, 0 means -1. " + (network.IsArgmax
            ? $"Outputs: one per class, 1 for the winning class only (ties: the {(network.HighestIndexWins ? "highest" : "lowest")} index wins)."
            : "Outputs: one per output bit."));
        Rename(w, "input", model.InputNames, inputs);
        Rename(w, "output", model.Output.Names, outputs);
        w.Line($"module {moduleName} (");
        var ports = inputs.Select(p => "input " + p).Concat(outputs.Select(p => "output " + p)).ToArray();
        for (int k = 0; k < ports.Length; k++)
            w.Line($"  {ports[k]}{(k + 1 < ports.Length ? "," : "")}");
        w.Line(");");
        foreach (var neuron in network.Neurons)
        {
            int width = BitLength(neuron.TotalWeight);
            string sum = Balanced([.. neuron.Terms.Select(t => Term(t, 1, width, nodeNames))]);
            string countName = scope.Claim("c_" + nodeNames[neuron.Node]);
            w.Line($"  wire [{width - 1}:0] {countName} = {sum};");
            w.Line($"  wire {nodeNames[neuron.Node]} = {countName} >= {width}'d{neuron.AtLeast};");
        }
        if (network.IsArgmax)
        {
            int shift = network.Scores.Min(s => s.Constant);
            long largest = network.Scores.Max(s => s.Maximum - shift);
            int width = BitLength(largest);
            var scoreNames = new string[network.Scores.Length];
            for (int k = 0; k < network.Scores.Length; k++)
            {
                var score = network.Scores[k];
                scoreNames[k] = scope.Claim($"score_{k}");
                var parts = score.Terms.Select(t => Term(t, 2, width, nodeNames)).ToList();
                parts.Add($"{width}'d{(score.Constant - shift).ToString(CultureInfo.InvariantCulture)}");
                w.Line($"  // {model.Output.Names[k]}: score - ({shift.ToString(CultureInfo.InvariantCulture)})");
                w.Line($"  wire [{width - 1}:0] {scoreNames[k]} = {Balanced(parts)};");
            }
            for (int k = 0; k < outputs.Length; k++)
            {
                var conditions = new List<string>();
                for (int other = 0; other < outputs.Length; other++)
                {
                    if (other == k)
                        continue;
                    // Against an earlier class a tie goes to the earlier one unless the highest index wins.
                    bool strict = other < k ? !network.HighestIndexWins : network.HighestIndexWins;
                    conditions.Add($"({scoreNames[k]} {(strict ? ">" : ">=")} {scoreNames[other]})");
                }
                w.Line($"  assign {outputs[k]} = {(conditions.Count == 0 ? "1'b1" : string.Join(" && ", conditions))};");
            }
        }
        else
        {
            for (int k = 0; k < outputs.Length; k++)
                w.Line($"  assign {outputs[k]} = {BitExpression(network.OutputBits[k], nodeNames)};");
        }
        w.Line("endmodule");
    }

    /// <summary>The number of bits an unsigned value up to <paramref name="value"/> needs (at least 1).</summary>
    internal static int BitLength(long value) => value <= 1 ? 1 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)value);

    // The sum as the balanced tree of AndInverterGraph.Sum, parenthesised: the AIGER's partial sums have equals here.
    private static string Balanced(IReadOnlyList<string> parts) => Balanced(parts, 0, parts.Count, top: true);

    private static string Balanced(IReadOnlyList<string> parts, int from, int count, bool top)
    {
        if (count == 1)
            return parts[from];
        int left = AndInverterGraph.LeftHalf(count);
        string sum = Balanced(parts, from, left, top: false) + " + " + Balanced(parts, from + left, count - left, top: false);
        return top ? sum : "(" + sum + ")";
    }

    private static readonly HashSet<string> Keywords = new(IdentifierScope.VerilogKeywords, StringComparer.Ordinal);

    // An escaped identifier ends at white space; the space is part of the syntax, not of the name.
    private static string Escape(string name) => Keywords.Contains(name) ? "\\" + name + " " : name;

    private static void Rename(CodeWriter w, string kind, IReadOnlyList<string> original, IReadOnlyList<string> emitted)
    {
        for (int k = 0; k < original.Count; k++)
        {
            if (original[k] != emitted[k].Trim().TrimStart('\\'))
                w.Line($"// {kind} '{original[k]}' is the port {emitted[k].Trim()} ('{original[k]}' names an input and an output, or is a keyword)");
        }
    }

    private static string Term(WeightedLiteral term, int scale, int width, string[] nodeNames)
    {
        string literal = (term.Literal.IsNegative ? "!" : "") + nodeNames[term.Literal.Variable];
        long weight = (long)term.Weight * scale;
        return weight == 1 ? literal : $"({literal} ? {width}'d{weight.ToString(CultureInfo.InvariantCulture)} : {width}'d0)";
    }

    private static string BitExpression(Bit bit, string[] nodeNames)
    {
        if (bit.IsConstant)
            return bit.Value ? "1'b1" : "1'b0";
        return (bit.Literal.IsNegative ? "!" : "") + nodeNames[bit.Literal.Variable];
    }
}
