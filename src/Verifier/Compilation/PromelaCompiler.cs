using System.Globalization;
using BnnVerify.Encoding.Circuit;
using BnnVerify.Encoding.Compilation;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Compilation;

/// <summary>
/// Compiles a network and one contract to Promela for SPIN: the process chooses every input
/// nondeterministically, keeps the choices that satisfy the precondition, evaluates the network in one
/// deterministic step and asserts each postcondition. SPIN's exhaustive search then finds an assertion
/// violation exactly when <c>bnnverify check</c> finds the contract violated.
/// </summary>
public static class PromelaCompiler
{
    /// <summary>Writes the Promela model of <paramref name="network"/> against <paramref name="contract"/>.</summary>
    public static void Write(FoldedNetwork network, ElaboratedContract contract, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(writer);
        var dialect = new PromelaDialect();
        var text = new ModelCheckerText(network, dialect, writer);
        var (names, printer, model) = (text.Names, text.Printer, network.Model);
        void Line(string line = "") => text.Line(line);
        Line($"/* {model.Name} against contract {contract.Name} ({contract.Location}): compiled by bnnverify compile --to promela.");
        Line(" * Inputs are chosen nondeterministically; those satisfying the precondition are evaluated and every");
        Line(" * postcondition is asserted. Run: spin -a FILE && gcc -O2 -DSAFETY -o pan pan.c && ./pan");
        Line(" * (\"errors: 0\" means the contract holds; an assertion violation is a counterexample in the trail). */");
        Line();
        // The network's intermediate values are hidden (SPIN hides bytes, not bits): recomputed for each input, they need not be in the state vector.
        foreach (var neuron in network.Neurons)
            Line($"hidden byte {names.Nodes[neuron.Node]};");
        if (network.IsArgmax)
        {
            foreach (string score in names.Scores)
                Line($"hidden int {score};");
            Line($"hidden int {names.Best};");
            Line($"hidden byte {names.Class};");
        }
        else
        {
            foreach (string bit in names.OutputBits)
                Line($"hidden byte {bit};");
        }
        Line();
        Line($"active proctype {names.Process}()");
        Line("{");
        foreach (string input in names.Inputs)
            Line($"    bit {input};");
        foreach (string input in names.Inputs)
            Line($"    if :: {input} = 0 :: {input} = 1 fi;");
        Line("    if");
        Line($"    :: {ModelCheckerDialect.Parenthesise(printer.Print(contract.Precondition))} ->");
        Line("        d_step {");
        foreach (var neuron in network.Neurons)
            Line($"            {names.Nodes[neuron.Node]} = (({dialect.Count(neuron.Terms, names.Nodes)}) >= {neuron.AtLeast.ToString(CultureInfo.InvariantCulture)});");
        if (network.IsArgmax)
        {
            for (int k = 0; k < network.Scores.Length; k++)
            {
                var score = network.Scores[k];
                Line($"            {names.Scores[k]} = 2 * ({dialect.Count(score.Terms, names.Nodes)}) + {score.Constant.ToString(CultureInfo.InvariantCulture)}; /* {model.Output.Names[k]} */");
            }
            Line($"            {names.Class} = 0;");
            Line($"            {names.Best} = {names.Scores[0]};");
            string compare = network.HighestIndexWins ? ">=" : ">";
            for (int k = 1; k < network.Scores.Length; k++)
                Line($"            if :: {names.Scores[k]} {compare} {names.Best} -> {names.Best} = {names.Scores[k]}; {names.Class} = {k} :: else -> skip fi;");
        }
        else
        {
            for (int k = 0; k < network.OutputBits.Length; k++)
                Line($"            {names.OutputBits[k]} = {BitExpression(network.OutputBits[k], names.Nodes)};");
        }
        foreach (var clause in contract.Ensures)
        {
            Line($"            /* ensures {clause.Text} ({clause.Location}) */");
            Line($"            assert({printer.Print(clause.Formula)});");
        }
        Line("        }");
        Line("    :: else -> skip");
        Line("    fi");
        Line("}");
    }

    private static string BitExpression(Bit bit, IReadOnlyList<string> nodes) =>
        bit.IsConstant ? (bit.Value ? "1" : "0") : (bit.Literal.IsNegative ? "!" : "") + nodes[bit.Literal.Variable];
}
