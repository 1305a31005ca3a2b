using System.Globalization;
using BnnVerify.Encoding.Circuit;

namespace BnnVerify.Encoding.Compilation;

/// <summary>
/// Compiles a <see cref="FoldedNetwork"/> to self-contained C11: a function whose parameters are the
/// input names and a bit-packed entry point, both computing what the reference engine computes.
/// </summary>
/// <remarks>
/// Every node (input or neuron) is one bit of a local signal vector. A neuron's count is a few
/// popcounts with its weights folded into constant masks: the literals of one weight in one word are
/// counted by <c>popcount((v ^ negated) &amp; used)</c>, so pruned connections and constant inputs
/// cost nothing. The output is deterministic text, suitable for golden files.
/// </remarks>
public static class CCompiler
{
    /// <summary>Writes the C translation of <paramref name="network"/>; public identifiers start with <paramref name="prefix"/>.</summary>
    public static void Write(FoldedNetwork network, string prefix, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(writer);
        var scope = new IdentifierScope(IdentifierScope.CKeywords);
        prefix = scope.Claim(prefix);
        string macro = prefix.ToUpperInvariant();
        var model = network.Model;
        // Internal names are claimed first, so that an input called 'v' or 'out' is renamed, not the code.
        string v = scope.Claim("v"), outName = scope.Claim("out"), inName = scope.Claim("in"), count = scope.Claim("c"), scores = scope.Claim("s");
        string best = scope.Claim("best"), i = scope.Claim("i"), result = scope.Claim("bits");
        string popcount = scope.Claim(prefix + "_popcount");
        scope.Claim(prefix + "_eval");
        scope.Claim(prefix + "_eval_packed");
        var parameters = model.InputNames.Select(scope.Claim).ToArray();
        int nodeCount = network.InputCount + network.Neurons.Length;
        int words = (nodeCount + 63) / 64;
        int inputWords = (network.InputCount + 63) / 64;
        int outputs = model.Output.Names.Length;

        var w = new CodeWriter(writer);
        w.Line($"/* {model.Name}: compiled by bnnverify compile --to c. Computes exactly what the bnnverify reference engine computes.");
        w.Line($" * Inputs ({network.InputCount}; true means +1, false means -1), as parameters of {prefix}_eval and as bits of the packed input:");
        for (int k = 0; k < parameters.Length; k++)
            w.Line($" *   bit {k,4}: {parameters[k]}{(parameters[k] == model.InputNames[k] ? "" : $" (input '{model.InputNames[k]}')")}");
        if (network.IsArgmax)
        {
            w.Line($" * Output: the winning class index (ties: the {(network.HighestIndexWins ? "highest" : "lowest")} index wins); out[k], when out is not NULL, gets score k:");
        }
        else
        {
            w.Line(" * Output: the output bits, bit k of the returned word (k < 64); out[k], when out is not NULL, gets bit k (0 or 1):");
        }
        for (int k = 0; k < outputs; k++)
            w.Line($" *   {k,4}: {model.Output.Names[k]}");
        w.Line($" * Folded: {network.Neurons.Length} live neurons after constant folding, structural hashing and dead-neuron removal. */");
        w.Line("#include <stdbool.h>");
        w.Line("#include <stddef.h>");
        w.Line("#include <stdint.h>");
        w.Line();
        w.Line($"#define {macro}_INPUT_COUNT {network.InputCount}");
        w.Line($"#define {macro}_INPUT_WORDS {inputWords}");
        w.Line($"#define {macro}_OUTPUT_COUNT {outputs}");
        w.Line();
        w.Line($"static inline int {popcount}(uint64_t x)");
        w.Line("{");
        w.Line("#if defined(__GNUC__) || defined(__clang__)");
        w.Line("    return __builtin_popcountll(x);");
        w.Line("#else");
        w.Line("    x = x - ((x >> 1) & 0x5555555555555555ULL);");
        w.Line("    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);");
        w.Line("    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;");
        w.Line("    return (int)((x * 0x0101010101010101ULL) >> 56);");
        w.Line("#endif");
        w.Line("}");
        w.Line();
        string returnType = network.IsArgmax ? "int" : "uint64_t";
        w.Line($"/* The packed entry point: bit k of in[k / 64] (bit k % 64) is input k; bits beyond {macro}_INPUT_COUNT are ignored. */");
        w.Line($"{returnType} {prefix}_eval_packed(const uint64_t {inName}[{macro}_INPUT_WORDS], int {outName}[{macro}_OUTPUT_COUNT])");
        w.Line("{");
        w.Line($"    uint64_t {v}[{words}] = {{0}};");
        for (int k = 0; k < inputWords; k++)
        {
            int bitsHere = Math.Min(64, network.InputCount - (64 * k));
            w.Line(bitsHere == 64 ? $"    {v}[{k}] = {inName}[{k}];" : $"    {v}[{k}] = {inName}[{k}] & {Hex((1UL << bitsHere) - 1)};");
        }
        // A network whose outputs folded to constants never reads v; the cast keeps -Wunused quiet then.
        w.Line($"    (void){v};");
        if (network.Neurons.Length > 0)
            w.Line($"    int {count};");
        foreach (var neuron in network.Neurons)
        {
            w.Line($"    /* {neuron.Name}: count >= {neuron.AtLeast} */");
            w.Line($"    {count} = {CountExpression(neuron.Terms, v, popcount)};");
            w.Line($"    {v}[{neuron.Node / 64}] |= (uint64_t)({count} >= {neuron.AtLeast}) << {neuron.Node % 64};");
        }
        if (network.IsArgmax)
        {
            w.Line($"    int {scores}[{outputs}];");
            for (int k = 0; k < outputs; k++)
            {
                var score = network.Scores[k];
                string counted = score.Terms.IsEmpty ? "" : $"2 * ({CountExpression(score.Terms, v, popcount)}) + ";
                w.Line($"    {scores}[{k}] = {counted}{score.Constant.ToString(CultureInfo.InvariantCulture)}; /* {model.Output.Names[k]} */");
            }
            w.Line($"    int {best} = 0;");
            w.Line($"    for (int {i} = 1; {i} < {outputs}; {i}++)");
            w.Line("    {");
            w.Line($"        if ({scores}[{i}] {(network.HighestIndexWins ? ">=" : ">")} {scores}[{best}])");
            w.Line($"            {best} = {i};");
            w.Line("    }");
            w.Line($"    if ({outName} != NULL)");
            w.Line("    {");
            w.Line($"        for (int {i} = 0; {i} < {outputs}; {i}++)");
            w.Line($"            {outName}[{i}] = {scores}[{i}];");
            w.Line("    }");
            w.Line($"    return {best};");
        }
        else
        {
            w.Line($"    uint64_t {result} = 0;");
            for (int k = 0; k < outputs; k++)
            {
                string bit = BitExpression(network.OutputBits[k], v);
                if (k < 64)
                    w.Line($"    {result} |= (uint64_t)({bit}) << {k}; /* {model.Output.Names[k]} */");
                w.Line($"    if ({outName} != NULL)");
                w.Line($"        {outName}[{k}] = (int)({bit});");
            }
            w.Line($"    return {result};");
        }
        w.Line("}");
        w.Line();
        w.Line($"/* The named entry point: one parameter per input, in input order. */");
        string parameterList = string.Join(", ", parameters.Select(p => $"bool {p}"));
        w.Line($"{returnType} {prefix}_eval({parameterList}, int {outName}[{macro}_OUTPUT_COUNT])");
        w.Line("{");
        w.Line($"    uint64_t {inName}[{macro}_INPUT_WORDS] = {{0}};");
        for (int k = 0; k < parameters.Length; k++)
            w.Line($"    {inName}[{k / 64}] |= (uint64_t){parameters[k]} << {k % 64};");
        w.Line($"    return {prefix}_eval_packed({inName}, {outName});");
        w.Line("}");
    }

    // Σ weight·[literal] as popcounts over constant masks, grouped by weight and by word.
    private static string CountExpression(IReadOnlyList<WeightedLiteral> terms, string v, string popcount)
    {
        var parts = new List<string>();
        foreach (var group in terms.GroupBy(t => t.Weight).OrderBy(g => g.Key))
        {
            var popcounts = new List<string>();
            foreach (var word in group.GroupBy(t => t.Literal.Variable / 64).OrderBy(g => g.Key))
            {
                ulong used = 0, negated = 0;
                foreach (var term in word)
                {
                    ulong bit = 1UL << (term.Literal.Variable % 64);
                    used |= bit;
                    if (term.Literal.IsNegative)
                        negated |= bit;
                }
                string value = negated == 0 ? $"{v}[{word.Key}]" : $"({v}[{word.Key}] ^ {Hex(negated)})";
                popcounts.Add(System.Numerics.BitOperations.PopCount(used) == 1 && negated == 0
                    ? $"(int)(({v}[{word.Key}] >> {System.Numerics.BitOperations.TrailingZeroCount(used)}) & 1)"
                    : $"{popcount}({value} & {Hex(used)})");
            }
            string sum = string.Join(" + ", popcounts);
            parts.Add(group.Key == 1 ? sum : $"{group.Key} * ({sum})");
        }
        return string.Join(" + ", parts);
    }

    private static string BitExpression(Bit bit, string v)
    {
        if (bit.IsConstant)
            return bit.Value ? "1" : "0";
        int node = bit.Literal.Variable;
        string read = $"(({v}[{node / 64}] >> {node % 64}) & 1)";
        return bit.Literal.IsNegative ? $"!{read}" : read;
    }

    private static string Hex(ulong value) => "0x" + value.ToString("X", CultureInfo.InvariantCulture) + "ULL";
}
