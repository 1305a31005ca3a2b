using BnnVerify.Encoding.Compilation;

namespace BnnVerify.Verifier.Compilation;

/// <summary>The identifiers a model-checker translation gives the inputs, neurons, outputs and the argmax.</summary>
internal sealed record NetworkNames(string[] Inputs, string[] Nodes, string[] OutputBits, string[] Scores, string Class, string Best, string Process)
{
    /// <summary>Claims the names in a fresh scope of <paramref name="dialect"/>'s keywords: inputs first, then outputs, then internals.</summary>
    public static NetworkNames Claim(FoldedNetwork network, ModelCheckerDialect dialect)
    {
        var scope = new IdentifierScope(dialect.Keywords);
        var model = network.Model;
        var inputs = model.InputNames.Select(scope.Claim).ToArray();
        // A bits model's outputs are variables named after the bits; an argmax model's class names stay free for the printer.
        var bits = network.IsArgmax ? [] : model.Output.Names.Select(scope.Claim).ToArray();
        var nodes = new string[network.InputCount + network.Neurons.Length];
        inputs.CopyTo(nodes, 0);
        foreach (var neuron in network.Neurons)
            nodes[neuron.Node] = scope.Claim(neuron.Name);
        var scores = network.IsArgmax ? Enumerable.Range(0, network.Scores.Length).Select(k => scope.Claim($"score_{k}")).ToArray() : [];
        return new NetworkNames(inputs, nodes, bits, scores, scope.Claim("winner"), scope.Claim("best"), scope.Claim("check"));
    }
}
