using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Model;
using BnnVerify.Encoding.Compilation;

namespace BnnVerify.Tests.Compilation;

/// <summary>One model for a batched C run: all 2^n inputs (n ≤ 24) when <see cref="Vectors"/> is null, else those packed inputs.</summary>
internal sealed record CCase(BnnModel Model, ulong[]? Vectors);

/// <summary>What one case's compiled code returned: per input, the return word and (for vectors) the out[] array.</summary>
internal sealed record CResult(ulong[] Returned, int[][]? Out, long NamedMismatches);

/// <summary>
/// Compiles many models into one C file with one driver, so that a whole batch costs one gcc and one run. The
/// driver calls both entry points: the packed one's results are returned, the named one is compared with it
/// in C and the disagreements counted.
/// </summary>
internal static class CompiledC
{
    public static CResult[] Run(IReadOnlyList<CCase> cases, string folder)
    {
        string gcc = ExternalTools.Find("gcc") ?? throw new InvalidOperationException("gcc is missing");
        var source = new StringBuilder();
        var main = new StringBuilder();
        main.Append("#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\nint main(void)\n{\n");
        for (int c = 0; c < cases.Count; c++)
        {
            var model = cases[c].Model;
            string prefix = $"m{c}";
            var text = new StringWriter { NewLine = "\n" };
            CCompiler.Write(FoldedNetwork.Fold(model), prefix, text);
            source.Append(text).Append('\n');
            int words = (model.InputCount + 63) / 64, outputs = model.Output.Names.Length;
            string named = $"{prefix}_eval({string.Join(", ", Enumerable.Range(0, model.InputCount).Select(k => $"((in[{k / 64}] >> {k % 64}) & 1) != 0"))}, out2)";
            main.Append("    {\n");
            main.Append(CultureInfo.InvariantCulture, $"        uint64_t in[{words}]; int out[{outputs}], out2[{outputs}]; long mismatches = 0;\n");
            main.Append(CultureInfo.InvariantCulture, $"        FILE *result = fopen(\"case{c}.out\", \"wb\");\n");
            if (cases[c].Vectors is { } vectors)
            {
                File.WriteAllBytes(Path.Combine(folder, $"case{c}.in"), vectors.SelectMany(BitConverter.GetBytes).ToArray());
                main.Append(CultureInfo.InvariantCulture, $"        FILE *input = fopen(\"case{c}.in\", \"rb\");\n");
                main.Append(CultureInfo.InvariantCulture, $"        while (fread(in, sizeof(uint64_t), {words}, input) == {words})\n");
                main.Append("        {\n");
                main.Append(CultureInfo.InvariantCulture, $"            uint64_t r = (uint64_t){prefix}_eval_packed(in, out);\n");
                main.Append(CultureInfo.InvariantCulture, $"            if ((uint64_t){named} != r || memcmp(out, out2, sizeof out) != 0) mismatches++;\n");
                main.Append("            fwrite(&r, sizeof r, 1, result);\n");
                main.Append("            fwrite(out, sizeof out, 1, result);\n");
                main.Append("        }\n");
                main.Append("        fclose(input);\n");
            }
            else
            {
                if (model.InputCount > 24)
                    throw new ArgumentException("exhaustive runs are for at most 24 inputs");
                main.Append(CultureInfo.InvariantCulture, $"        for (uint64_t x = 0; x < (1ULL << {model.InputCount}); x++)\n");
                main.Append("        {\n");
                main.Append("            in[0] = x;\n");
                main.Append(CultureInfo.InvariantCulture, $"            uint64_t r = (uint64_t){prefix}_eval_packed(in, out);\n");
                main.Append(CultureInfo.InvariantCulture, $"            if ((uint64_t){named} != r || memcmp(out, out2, sizeof out) != 0) mismatches++;\n");
                main.Append("            fwrite(&r, sizeof r, 1, result);\n");
                main.Append("        }\n");
            }
            main.Append("        fclose(result);\n");
            main.Append(CultureInfo.InvariantCulture, $"        printf(\"case {c} named-mismatches %ld\\n\", mismatches);\n");
            main.Append("    }\n");
        }
        main.Append("    return 0;\n}\n");
        File.WriteAllText(Path.Combine(folder, "models.c"), source.ToString() + main);
        // The flags the docs promise: C11, all warnings, warnings are errors.
        ExternalTools.Run(gcc, ["-std=c11", "-Wall", "-Wextra", "-Werror", "-O1", "-o", "models", "models.c"], folder);
        string printed = ExternalTools.Run(Path.Combine(folder, "models"), [], folder);
        var results = new CResult[cases.Count];
        for (int c = 0; c < cases.Count; c++)
        {
            long mismatches = long.Parse(printed.Split('\n').First(l => l.StartsWith($"case {c} ", StringComparison.Ordinal)).Split(' ')[^1], CultureInfo.InvariantCulture);
            byte[] bytes = File.ReadAllBytes(Path.Combine(folder, $"case{c}.out"));
            int outputs = cases[c].Model.Output.Names.Length;
            if (cases[c].Vectors is null)
            {
                results[c] = new CResult([.. Enumerable.Range(0, bytes.Length / 8).Select(i => BitConverter.ToUInt64(bytes, 8 * i))], null, mismatches);
                continue;
            }
            int record = 8 + (4 * outputs), count = bytes.Length / record;
            var returned = new ulong[count];
            var outs = new int[count][];
            for (int i = 0; i < count; i++)
            {
                returned[i] = BitConverter.ToUInt64(bytes, i * record);
                outs[i] = [.. Enumerable.Range(0, outputs).Select(k => BitConverter.ToInt32(bytes, (i * record) + 8 + (4 * k)))];
            }
            results[c] = new CResult(returned, outs, mismatches);
        }
        return results;
    }
}
