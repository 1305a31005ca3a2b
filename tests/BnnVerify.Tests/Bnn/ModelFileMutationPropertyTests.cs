using BnnVerify.Bnn.Json;
using BnnVerify.Verifier.Cli;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Bnn;

/// <summary>A model file made from a random valid model by one mutation; prints the mutation for replay.</summary>
public sealed record MutatedModelFile(byte[] Bytes, string Mutation)
{
    public override string ToString() => $"{Mutation}; {Bytes.Length} bytes: {System.Text.Encoding.UTF8.GetString(Bytes[..Math.Min(Bytes.Length, 600)])}";
}

/// <summary>
/// Random deep, large and byte-mutated model files through <c>bnnverify info</c>: whatever the bytes, the answer is
/// a model (exit 0) or one located diagnostic (exit 2) — never an internal error (exit 4) or an exception.
/// </summary>
public class ModelFileMutationPropertyTests
{
    // Literals that have tripped JSON readers: huge exponents, integral decimals, smuggled NaN, lone surrogates.
    private static readonly string[] OddValues =
    [
        "1e400", "-1e-401", "1.0", "1.5e3", "-0", "99999999999999999999", "2147483648", "-2147483649", "0.5",
        "\"NaN\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\u0000\"", "[]", "{}", "null", "true", "\"\"", "[[[[[[[[]]]]]]]]",
    ];

    private static Gen<MutatedModelFile> Files() =>
        from model in ModelGenerators.Models(maxWidth: 12, maxLayers: 3)
        from minified in Gen.Elements(true, false)
        let text = minified ? Minify(ModelWriter.Write(model)) : ModelWriter.Write(model)
        from kind in Gen.Choose(0, 6)
        from a in Gen.Choose(0, int.MaxValue)
        from b in Gen.Choose(0, int.MaxValue)
        from c in Gen.Choose(0, 255)
        select Mutate(System.Text.Encoding.UTF8.GetBytes(text), kind, a, b, (byte)c);

    private static string Minify(string json) =>
        System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = false });

    private static MutatedModelFile Mutate(byte[] bytes, int kind, int a, int b, byte value)
    {
        int at = a % bytes.Length;
        switch (kind)
        {
            case 0:
            {
                // Overwrite a few bytes with arbitrary values (invalid UTF-8 included).
                var copy = (byte[])bytes.Clone();
                for (int k = 0; k <= b % 4; k++)
                    copy[(at + k * 7919) % copy.Length] = (byte)(value + k * 37);
                return new(copy, $"overwrite at {at} with {value}");
            }
            case 1:
                return new(bytes[..at], $"truncate at {at}");
            case 2:
            {
                // Wrap the value at a '[' or '{' in up to 400 extra levels of arrays.
                int open = Array.FindIndex(bytes, at, x => x is (byte)'[' or (byte)'{');
                if (open < 0)
                    open = Array.IndexOf(bytes, (byte)'[');
                int depth = b % 400 + 1;
                int close = MatchingClose(bytes, open);
                var wrapped = bytes[..open].Concat(Enumerable.Repeat((byte)'[', depth)).Concat(bytes[open..(close + 1)])
                    .Concat(Enumerable.Repeat((byte)']', depth)).Concat(bytes[(close + 1)..]).ToArray();
                return new(wrapped, $"wrap the value at {open} in {depth} arrays");
            }
            case 3:
            {
                // Replace the number at or after a random point by an odd value.
                int start = Array.FindIndex(bytes, at, x => x is (byte)'-' or (>= (byte)'0' and <= (byte)'9'));
                if (start < 0)
                    return new(bytes, "unchanged");
                int end = start;
                while (end < bytes.Length && bytes[end] is (byte)'-' or (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (>= (byte)'0' and <= (byte)'9'))
                    end++;
                string odd = OddValues[b % OddValues.Length];
                return new([.. bytes[..start], .. System.Text.Encoding.UTF8.GetBytes(odd), .. bytes[end..]], $"replace the number at {start} by {odd}");
            }
            case 4:
            {
                // Repeat a slice many times (a large, usually malformed file).
                int length = Math.Min(bytes.Length - at, b % 64 + 1);
                int times = b % 2000 + 1;
                var slice = bytes[at..(at + length)];
                var grown = bytes[..at].Concat(Enumerable.Range(0, times).SelectMany(_ => slice)).Concat(bytes[at..]).ToArray();
                return new(grown, $"repeat {length} bytes at {at} {times} times");
            }
            case 5:
            {
                // Deep metadata, around the depth limit.
                int depth = JsonTreeReader.MaxDepth - 3 + b % 8;
                string metadata = ", \"metadata\": " + string.Concat(Enumerable.Repeat("{\"m\": ", depth)) + "1" + new string('}', depth);
                int last = Array.LastIndexOf(bytes, (byte)'}');
                return new([.. bytes[..last], .. System.Text.Encoding.UTF8.GetBytes(metadata), .. bytes[last..]], $"metadata {depth} deep");
            }
            default:
            {
                // Insert one arbitrary byte.
                return new([.. bytes[..at], value, .. bytes[at..]], $"insert {value} at {at}");
            }
        }
    }

    private static int MatchingClose(byte[] bytes, int open)
    {
        int depth = 0;
        bool inString = false;
        for (int i = open; i < bytes.Length; i++)
        {
            byte x = bytes[i];
            if (inString)
            {
                if (x == (byte)'\\')
                    i++;
                else if (x == (byte)'"')
                    inString = false;
            }
            else if (x == (byte)'"')
            {
                inString = true;
            }
            else if (x is (byte)'[' or (byte)'{')
            {
                depth++;
            }
            else if (x is (byte)']' or (byte)'}' && --depth == 0)
            {
                return i;
            }
        }
        return bytes.Length - 1;
    }

    [Fact]
    public void Mutated_model_files_load_or_give_one_diagnostic_never_an_internal_error()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bnnverify-mutated-{Guid.NewGuid():N}.json");
        var seen = new HashSet<int>();
        try
        {
            Prop.ForAll(Arb.From(Files()), file =>
            {
                File.WriteAllBytes(path, file.Bytes);
                var output = new StringWriter();
                var exitCode = CommandLine.Run(["info", path], output, output);
                string text = output.ToString();
                Assert.True(exitCode is ExitCode.Success or ExitCode.InvalidInput, $"exit {(int)exitCode} for {file.Mutation}:\n{text}");
                Assert.DoesNotContain("internal error", text, StringComparison.Ordinal);
                if (exitCode == ExitCode.InvalidInput)
                    Assert.Matches(@"^\S.*: error BNN01\d\d: ", text);
                seen.Add((int)exitCode);
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(400));
        }
        finally
        {
            File.Delete(path);
        }
        // The mutations must produce both outcomes, or the property tested nothing.
        Assert.Equal([0, 2], seen.Order());
    }
}
