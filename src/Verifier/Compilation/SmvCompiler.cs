using System.Globalization;
using BnnVerify.Encoding.Circuit;
using BnnVerify.Encoding.Compilation;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Compilation;

/// <summary>
/// Compiles a network and contracts to the NuSMV input language: the inputs are unconstrained boolean
/// state variables (every assignment is an initial state), the network is a list of DEFINEs, and each
/// contract is an INVARSPEC "precondition implies postconditions".
/// </summary>
public static class SmvCompiler
{
    /// <summary>Writes the SMV model of <paramref name="network"/> with one INVARSPEC per contract of <paramref name="contracts"/>.</summary>
    public static void Write(FoldedNetwork network, IReadOnlyList<ElaboratedContract> contracts, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(contracts);
        ArgumentNullException.ThrowIfNull(writer);
        var dialect = new SmvDialect();
        var text = new ModelCheckerText(network, dialect, writer);
        var (names, printer, model) = (text.Names, text.Printer, network.Model);
        void Line(string line = "") => text.Line(line);
        Line($"-- {model.Name}: compiled by bnnverify compile --to smv (NuSMV input language). Check with: NuSMV FILE");
        Line("-- Inputs are unconstrained boolean variables (TRUE means +1); each INVARSPEC holds iff its contract holds.");
        Line("MODULE main");
        Line("VAR");
        foreach (string input in names.Inputs)
            Line($"  {input} : boolean;");
        Line("DEFINE");
        foreach (var neuron in network.Neurons)
            Line($"  {names.Nodes[neuron.Node]} := ({dialect.Count(neuron.Terms, names.Nodes)}) >= {neuron.AtLeast.ToString(CultureInfo.InvariantCulture)};");
        if (network.IsArgmax)
        {
            for (int k = 0; k < network.Scores.Length; k++)
            {
                var score = network.Scores[k];
                Line($"  {names.Scores[k]} := 2 * ({dialect.Count(score.Terms, names.Nodes)}) + {score.Constant.ToString(CultureInfo.InvariantCulture)}; -- {model.Output.Names[k]}");
            }
            Line($"  {names.Class} :=");
            Line("    case");
            for (int k = 0; k < network.Scores.Length - 1; k++)
            {
                var conditions = new List<string>();
                for (int other = 0; other < network.Scores.Length; other++)
                {
                    if (other == k)
                        continue;
                    bool strict = other < k ? !network.HighestIndexWins : network.HighestIndexWins;
                    conditions.Add($"{names.Scores[k]} {(strict ? ">" : ">=")} {names.Scores[other]}");
                }
                Line($"      {string.Join(" & ", conditions)} : {k};");
            }
            Line($"      TRUE : {network.Scores.Length - 1};");
            Line("    esac;");
        }
        else
        {
            for (int k = 0; k < network.OutputBits.Length; k++)
                Line($"  {names.OutputBits[k]} := {BitExpression(network.OutputBits[k], names.Nodes)};");
        }
        foreach (var contract in contracts)
        {
            Line();
            Line($"-- contract {contract.Name} ({contract.Location})");
            foreach (var clause in contract.Requires)
                Line($"--   requires {clause.Text}");
            foreach (var clause in contract.Ensures)
                Line($"--   ensures {clause.Text}");
            string post = contract.Ensures.Length == 1
                ? printer.Print(contract.Ensures[0].Formula)
                : "(" + string.Join(dialect.AndOperator, contract.Ensures.Select(c => ModelCheckerDialect.Parenthesise(printer.Print(c.Formula)))) + ")";
            Line($"INVARSPEC {ModelCheckerDialect.Parenthesise(printer.Print(contract.Precondition))} -> {ModelCheckerDialect.Parenthesise(post)};");
        }
    }

    private static string BitExpression(Bit bit, IReadOnlyList<string> nodes) =>
        bit.IsConstant ? (bit.Value ? "TRUE" : "FALSE") : (bit.Literal.IsNegative ? "!" : "") + nodes[bit.Literal.Variable];
}
