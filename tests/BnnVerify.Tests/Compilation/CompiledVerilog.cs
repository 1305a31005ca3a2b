using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Model;
using BnnVerify.Encoding.Compilation;

namespace BnnVerify.Tests.Compilation;

/// <summary>
/// Simulates many compiled modules in one iverilog testbench: each module reads its input vectors from a
/// $readmemh file and the testbench prints its outputs, so that a whole batch costs one iverilog and one vvp.
/// </summary>
internal static class CompiledVerilog
{
    /// <summary>Per case, per input vector, the output ports as bits (port k is bit k).</summary>
    public static List<bool[]>[] Run(IReadOnlyList<(BnnModel Model, bool[][] Inputs)> cases, string folder)
    {
        string iverilog = ExternalTools.Find("iverilog") ?? throw new InvalidOperationException("iverilog is missing");
        string vvp = ExternalTools.Find("vvp") ?? throw new InvalidOperationException("vvp is missing");
        var files = new List<string>();
        var bench = new StringBuilder("module testbench;\n");
        var body = new StringBuilder("  integer j;\n  initial begin\n");
        for (int c = 0; c < cases.Count; c++)
        {
            var (model, inputs) = cases[c];
            string file = $"m{c}.v";
            using (var writer = new StreamWriter(Path.Combine(folder, file)) { NewLine = "\n" })
                VerilogCompiler.Write(FoldedNetwork.Fold(model), $"m{c}", writer);
            files.Add(file);
            int n = model.InputCount, k = model.Output.Names.Length;
            File.WriteAllLines(Path.Combine(folder, $"m{c}.hex"), inputs.Select(ToHex));
            bench.Append(CultureInfo.InvariantCulture, $"  reg [{n - 1}:0] x{c} [0:{inputs.Length - 1}];\n  reg [{n - 1}:0] in{c};\n  wire [{k - 1}:0] out{c};\n");
            // Ports in declaration order: the inputs, then the outputs.
            var ports = Enumerable.Range(0, n).Select(i => $"in{c}[{i}]").Concat(Enumerable.Range(0, k).Select(o => $"out{c}[{o}]"));
            bench.Append(CultureInfo.InvariantCulture, $"  m{c} u{c}({string.Join(", ", ports)});\n");
            body.Append(CultureInfo.InvariantCulture, $"    $readmemh(\"m{c}.hex\", x{c});\n");
            body.Append(CultureInfo.InvariantCulture, $"    for (j = 0; j < {inputs.Length}; j = j + 1) begin in{c} = x{c}[j]; #1 $display(\"{c} %b\", out{c}); end\n");
        }
        body.Append("    $finish;\n  end\n");
        File.WriteAllText(Path.Combine(folder, "testbench.v"), bench.ToString() + body + "endmodule\n");
        ExternalTools.Run(iverilog, ["-o", "bench.vvp", "testbench.v", .. files], folder);
        string printed = ExternalTools.Run(vvp, ["-n", "bench.vvp"], folder);
        var results = cases.Select(_ => new List<bool[]>()).ToArray();
        foreach (string line in printed.Split('\n'))
        {
            var parts = line.Split(' ');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int c) || parts[1].Any(ch => ch is not ('0' or '1')))
                continue;
            // %b prints the most significant bit (the last port) first.
            results[c].Add([.. parts[1].Reverse().Select(ch => ch == '1')]);
        }
        return results;
    }

    private static string ToHex(bool[] input)
    {
        var digits = new char[(input.Length + 3) / 4];
        for (int d = 0; d < digits.Length; d++)
        {
            int value = 0;
            for (int b = 0; b < 4; b++)
            {
                int i = (4 * d) + b;
                if (i < input.Length && input[i])
                    value |= 1 << b;
            }
            digits[digits.Length - 1 - d] = "0123456789abcdef"[value];
        }
        return new string(digits);
    }
}
