using System.Globalization;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Encoding.Compilation;

/// <summary>
/// Draws a model for Graphviz: inputs, then each layer as a column of neurons with its folded thresholds,
/// outputs named. Pruned (zero) weights are not drawn; positive weights are solid edges, negative ones
/// dashed. A layer too large to draw readably is summarised as one box, with one edge per drawn neighbour.
/// </summary>
public static class DotCompiler
{
    /// <summary>Layers with more neurons than this are summarised.</summary>
    public const int MaxDrawnNeurons = 32;

    /// <summary>Layers with more non-zero weights than this are summarised.</summary>
    public const int MaxDrawnEdges = 400;

    /// <summary>Writes the DOT drawing of <paramref name="model"/>.</summary>
    public static void Write(BnnModel model, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(writer);
        var w = new CodeWriter(writer);
        w.Line($"// {model.Name}: drawn by bnnverify compile --to dot. Render with: dot -Tsvg FILE -o FILE.svg");
        w.Line($"digraph {Quote(model.Name)} {{");
        w.Line("  rankdir=LR;");
        w.Line("  node [fontname=\"Helvetica\", fontsize=10];");
        w.Line("  edge [arrowsize=0.4];");
        bool inputsDrawn = model.InputCount <= MaxDrawnNeurons;
        w.Line("  subgraph cluster_inputs {");
        w.Line($"    label={Quote($"inputs ({model.InputCount})")};");
        if (inputsDrawn)
        {
            for (int i = 0; i < model.InputCount; i++)
                w.Line($"    i{i} [shape=box, label={Quote(model.InputNames[i])}];");
        }
        else
        {
            w.Line($"    inputs [shape=box, label={Quote(Wrap(model.InputNames))}];");
        }
        w.Line("  }");
        var drawn = new bool[model.Layers.Length];
        for (int l = 0; l < model.Layers.Length; l++)
        {
            var layer = model.Layers[l];
            int nonZero = layer.Weights.Count(x => x != 0);
            drawn[l] = layer.NeuronCount <= MaxDrawnNeurons && nonZero <= MaxDrawnEdges;
            bool last = l == model.Layers.Length - 1;
            string kind = layer.IsScoreLayer ? "scores" : "sign";
            w.Line($"  subgraph cluster_layer{l + 1} {{");
            w.Line($"    label={Quote($"layer {l + 1}: {layer.InputCount} -> {layer.NeuronCount}, {layer.Precision.ToString().ToLowerInvariant()}, {kind}")};");
            if (drawn[l])
            {
                for (int j = 0; j < layer.NeuronCount; j++)
                {
                    string name = last ? model.Output.Names[j] : $"h{l + 1}_{j}";
                    string detail = layer.IsScoreLayer
                        ? "score + " + layer.ScoreOffsets[j].ToString(CultureInfo.InvariantCulture)
                        : "sum " + layer.Thresholds[j];
                    w.Line($"    n{l + 1}_{j} [shape={(last ? "doubleoctagon" : "ellipse")}, label={Quote(name + "\n" + detail)}];");
                }
            }
            else
            {
                int pruned = layer.Weights.Length - nonZero;
                string outputs = last ? "\n" + (model.Output is ArgmaxOutput ? "argmax over: " : "bits: ") + Wrap(model.Output.Names) : "";
                w.Line($"    layer{l + 1} [shape=box3d, label={Quote($"{layer.NeuronCount} neurons\n{nonZero} connections ({pruned} pruned){outputs}")}];");
            }
            w.Line("  }");
        }
        for (int l = 0; l < model.Layers.Length; l++)
        {
            var layer = model.Layers[l];
            bool fromDrawn = l == 0 ? inputsDrawn : drawn[l - 1];
            string Source(int i) => l == 0 ? (inputsDrawn ? $"i{i}" : "inputs") : (drawn[l - 1] ? $"n{l}_{i}" : $"layer{l}");
            if (fromDrawn && drawn[l])
            {
                for (int j = 0; j < layer.NeuronCount; j++)
                {
                    var row = layer.Row(j);
                    for (int i = 0; i < row.Length; i++)
                    {
                        if (row[i] == 0)
                            continue;
                        string style = row[i] > 0 ? "" : "style=dashed";
                        string label = Math.Abs(row[i]) == 1 ? "" : $"label=\"{row[i].ToString(CultureInfo.InvariantCulture)}\"";
                        string attributes = string.Join(", ", new[] { style, label }.Where(a => a.Length > 0));
                        w.Line($"  {Source(i)} -> n{l + 1}_{j}{(attributes.Length > 0 ? $" [{attributes}]" : "")};");
                    }
                }
            }
            else if (drawn[l])
            {
                // From a summarised layer: one edge per neuron, labelled with its number of connections.
                for (int j = 0; j < layer.NeuronCount; j++)
                    w.Line($"  {Source(0)} -> n{l + 1}_{j} [label=\"{Connections(layer.Row(j))}\"];");
            }
            else if (fromDrawn)
            {
                for (int i = 0; i < layer.InputCount; i++)
                {
                    int count = 0;
                    for (int j = 0; j < layer.NeuronCount; j++)
                        count += layer.Row(j)[i] != 0 ? 1 : 0;
                    w.Line($"  {Source(i)} -> layer{l + 1} [label=\"{count.ToString(CultureInfo.InvariantCulture)}\"];");
                }
            }
            else
            {
                w.Line($"  {Source(0)} -> layer{l + 1};");
            }
        }
        w.Line("}");
    }

    private static string Connections(ReadOnlySpan<int> row)
    {
        int count = 0;
        foreach (int weight in row)
            count += weight != 0 ? 1 : 0;
        return count.ToString(CultureInfo.InvariantCulture);
    }

    // Names eight to a line, so that a summary box of 180 inputs stays readable.
    private static string Wrap(IReadOnlyList<string> names) =>
        string.Join("\n", names.Chunk(8).Select(chunk => string.Join(", ", chunk)));

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
