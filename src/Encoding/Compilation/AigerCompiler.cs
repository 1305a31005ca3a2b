using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using BnnVerify.Encoding.Circuit;

namespace BnnVerify.Encoding.Compilation;

/// <summary>
/// Compiles a <see cref="FoldedNetwork"/> to an and-inverter graph and writes it as ASCII AIGER (<c>.aag</c>)
/// with a symbol table naming every input and output (outputs: one per bit, or one per class, true for the
/// winning class only, as in the Verilog module).
/// </summary>
/// <remarks>
/// Each neuron is a balanced tree of ripple-carry adders over its weighted literals (<see cref="AndInverterGraph.Sum"/>)
/// compared with its constant bound; class scores are shifted to be unsigned and compared pairwise. Gates
/// outside the outputs' cone are dropped and the rest renumbered, so the file has no dangling gates.
/// </remarks>
public static class AigerCompiler
{
    /// <summary>Builds the graph of <paramref name="network"/>: its gates and one output literal per output name.</summary>
    public static (AndInverterGraph Graph, ImmutableArray<int> Outputs) Build(FoldedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var graph = new AndInverterGraph(network.InputCount);
        var nodes = new int[network.InputCount + network.Neurons.Length];
        for (int i = 0; i < network.InputCount; i++)
            nodes[i] = graph.Input(i);
        int LiteralOf(Bit bit) => bit.IsConstant ? (bit.Value ? AndInverterGraph.True : AndInverterGraph.False)
            : nodes[bit.Literal.Variable] ^ (bit.Literal.IsNegative ? 1 : 0);
        List<(int, long)> Terms(ImmutableArray<WeightedLiteral> terms, int scale) =>
            [.. terms.Select(t => (LiteralOf(Bit.Of(t.Literal)), (long)t.Weight * scale))];
        foreach (var neuron in network.Neurons)
            nodes[neuron.Node] = graph.AtLeast(graph.Sum(Terms(neuron.Terms, 1)), neuron.AtLeast);
        var outputs = ImmutableArray.CreateBuilder<int>();
        if (network.IsArgmax)
        {
            int shift = network.Scores.Min(s => s.Constant);
            var scores = network.Scores
                .Select(s => graph.Sum([.. Terms(s.Terms, 2), (AndInverterGraph.True, (long)s.Constant - shift)]))
                .ToArray();
            for (int k = 0; k < scores.Length; k++)
            {
                int wins = AndInverterGraph.True;
                for (int other = 0; other < scores.Length; other++)
                {
                    if (other == k)
                        continue;
                    bool strict = other < k ? !network.HighestIndexWins : network.HighestIndexWins;
                    wins = graph.And(wins, graph.Compare(scores[k], scores[other], strict));
                }
                outputs.Add(wins);
            }
        }
        else
        {
            outputs.AddRange(network.OutputBits.Select(LiteralOf));
        }
        return (graph, outputs.ToImmutable());
    }

    /// <summary>Writes <paramref name="network"/> as ASCII AIGER (<c>aag</c>) with its symbol table and a comment naming the model.</summary>
    public static void Write(FoldedNetwork network, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var file = Layout(network);
        var w = new CodeWriter(writer);
        w.Line($"aag {file.MaxVariable} {file.InputCount} 0 {file.Outputs.Length} {file.Gates.Length}");
        for (int i = 0; i < file.InputCount; i++)
            w.Line((2 * (i + 1)).ToString(CultureInfo.InvariantCulture));
        foreach (int output in file.Outputs)
            w.Line(output.ToString(CultureInfo.InvariantCulture));
        for (int g = 0; g < file.Gates.Length; g++)
            w.Line($"{2 * (file.InputCount + 1 + g)} {file.Gates[g].Left} {file.Gates[g].Right}");
        foreach (string line in Trailer(network))
            w.Line(line);
    }

    /// <summary>
    /// Writes <paramref name="network"/> as binary AIGER (<c>aig</c>), the same graph as <see cref="Write"/>: the form
    /// ABC reads (Debian's ABC rejects the ASCII form).
    /// </summary>
    public static void WriteBinary(FoldedNetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var file = Layout(network);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"aig {file.MaxVariable} {file.InputCount} 0 {file.Outputs.Length} {file.Gates.Length}\n");
        foreach (int output in file.Outputs)
            text.Append(CultureInfo.InvariantCulture, $"{output}\n");
        var bytes = new List<byte>(System.Text.Encoding.ASCII.GetBytes(text.ToString()));
        for (int g = 0; g < file.Gates.Length; g++)
        {
            // Each gate is two deltas, lhs − rhs0 and rhs0 − rhs1, as 7-bit little-endian groups.
            int lhs = 2 * (file.InputCount + 1 + g);
            var (left, right) = file.Gates[g];
            Encode(bytes, (uint)(lhs - left));
            Encode(bytes, (uint)(left - right));
        }
        var trailer = new StringBuilder();
        foreach (string line in Trailer(network))
            trailer.Append(line).Append('\n');
        bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(trailer.ToString()));
        stream.Write(bytes.ToArray());
    }

    private static void Encode(List<byte> bytes, uint value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)((value & 0x7F) | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
    }

    // The graph with the inputs (all of them: they are the interface) and the gates in the outputs' cone, renumbered
    // densely in creation order, which is topological; each gate's operands are ordered larger first, as AIGER wants.
    private static AigerFile Layout(FoldedNetwork network)
    {
        var (graph, outputs) = Build(network);
        var live = graph.Cone(outputs);
        var renumber = new int[graph.MaxVariable + 1];
        for (int v = 0; v <= graph.InputCount; v++)
            renumber[v] = v;
        int next = graph.InputCount;
        var gates = ImmutableArray.CreateBuilder<(int Left, int Right)>();
        for (int g = 0; g < graph.Gates.Count; g++)
        {
            int variable = graph.InputCount + 1 + g;
            if (!live[variable])
                continue;
            renumber[variable] = ++next;
            var (left, right) = graph.Gates[g];
            int a = Map(left), b = Map(right);
            gates.Add(a >= b ? (a, b) : (b, a));
        }
        int Map(int literal) => (renumber[literal >> 1] << 1) | (literal & 1);
        return new AigerFile(graph.InputCount, next, [.. outputs.Select(Map)], gates.ToImmutable());
    }

    private static IEnumerable<string> Trailer(FoldedNetwork network)
    {
        var model = network.Model;
        for (int i = 0; i < model.InputCount; i++)
            yield return $"i{i} {model.InputNames[i]}";
        for (int k = 0; k < model.Output.Names.Length; k++)
            yield return $"o{k} {model.Output.Names[k]}";
        yield return "c";
        yield return $"{model.Name}: compiled by bnnverify compile; exactly what the bnnverify reference engine computes.";
        yield return network.IsArgmax
            ? $"Outputs: one per class, true for the winning class only (ties: the {(network.HighestIndexWins ? "highest" : "lowest")} index wins). Inputs: true means +1."
            : "Outputs: one per output bit. Inputs: true means +1, false means -1.";
        yield return "Neurons: balanced trees of ripple-carry adders over their weighted literals, compared with the folded integer bounds.";
    }

    private sealed record AigerFile(int InputCount, int MaxVariable, ImmutableArray<int> Outputs, ImmutableArray<(int Left, int Right)> Gates);
}
