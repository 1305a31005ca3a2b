using BnnVerify.Bnn.Json;
using BnnVerify.Encoding.Compilation;

namespace BnnVerify.Tests.Compilation;

/// <summary>Graphviz renders the DOT drawing of small and large bundled models, with the input and output names in it.</summary>
public class DotTests
{
    [ToolFact("dot")]
    public void Graphviz_renders_drawn_and_summarised_layers_with_their_names()
    {
        string folder = ExternalTools.ScratchFolder("dot");
        // xor is drawn edge by edge; tictactoe-winner's 256-neuron layer and dna-splice's 180 inputs are summarised.
        foreach (string name in new[] { "xor", "tictactoe-winner", "dna-splice" })
        {
            var model = ModelReader.ReadFile($"models/{name}.json").Model!;
            var text = new StringWriter { NewLine = "\n" };
            DotCompiler.Write(model, text);
            File.WriteAllText(Path.Combine(folder, name + ".dot"), text.ToString());
            ExternalTools.Run(ExternalTools.Find("dot")!, ["-Tsvg", name + ".dot", "-o", name + ".svg"], folder);
            string svg = File.ReadAllText(Path.Combine(folder, name + ".svg"));
            foreach (string label in model.InputNames.Take(3).Concat(model.Output.Names))
                Assert.Contains(label, svg, StringComparison.Ordinal);
            Assert.True(text.ToString().Split('\n').Count(l => l.Contains("->", StringComparison.Ordinal)) <= 600, $"{name}: too many edges drawn");
        }
    }
}
