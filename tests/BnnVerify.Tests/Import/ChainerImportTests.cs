using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Import;
using BnnVerify.Bnn.Json;

namespace BnnVerify.Tests.Import;

/// <summary>The Chainer importer on a tiny network: its meaning against a plain float32 forward pass, and one located diagnostic for every kind of bad file.</summary>
public class ChainerImportTests
{
    [Fact]
    public void A_tiny_network_classifies_every_image_as_a_plain_float32_forward_pass_does()
    {
        var members = TestFiles.TinyChainer();
        var result = Import(members);
        Assert.True(result.Succeeded, result.Error?.ToString());
        var model = result.Model!;
        Assert.NotNull(model.ImageInput);
        var network = PackedNetwork.Compile(model);
        var arrays = members.ToDictionary(m => m.Key[..^4], m => NpyReader.Read(m.Value, "t", m.Key).Values.Select(v => (float)v).ToArray());
        // 4 pixels of 256 levels: every level of each pixel with the others at a few values covers every threshold.
        int checkedImages = 0;
        var classes = new HashSet<int>();
        foreach (int a in Levels())
            foreach (int b in Levels())
                foreach (int c in new[] { 0, 77, 128, 255 })
                    foreach (int d in new[] { 0, 180, 181, 255 })
                    {
                        byte[] image = [(byte)a, (byte)b, (byte)c, (byte)d];
                        int expected = Forward(arrays, image);
                        Assert.Equal(expected, network.Evaluate(model.ImageInput!.Binarize(image)).Class);
                        classes.Add(expected);
                        checkedImages++;
                    }
        Assert.True(checkedImages > 10000);
        Assert.Equal(2, classes.Count);
        // What the importer writes reads back as the same model.
        var reread = ModelReader.Read(System.Text.Encoding.UTF8.GetBytes(ModelWriter.Write(model)), "t.json");
        Assert.True(reread.Succeeded, reread.Error?.ToString());
        Assert.Equal(ModelWriter.Write(model), ModelWriter.Write(reread.Model!));
    }

    [Fact]
    public void A_float64_network_is_decided_in_float64()
    {
        var members = TestFiles.TinyChainer();
        foreach (var name in members.Keys.Where(n => !n.EndsWith("/N.npy", StringComparison.Ordinal)).ToList())
            members[name] = TestFiles.AsFloat64(members[name]);
        var result = Import(members);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Contains(result.Notes, note => note.Contains("float64", StringComparison.Ordinal));
        var model = result.Model!;
        var network = PackedNetwork.Compile(model);
        var p = members.ToDictionary(m => m.Key[..^4], m => NpyReader.Read(m.Value, "t", m.Key).Values.ToArray());
        var seen = new HashSet<int>();
        var images = from a in Levels() from b in Levels() from c in new[] { 0, 77, 128, 255 } from d in new[] { 0, 180, 181, 255 }
                     select new byte[] { (byte)a, (byte)b, (byte)c, (byte)d };
        foreach (var image in images)
        {
            // bnn.BNN in float64: the same operations as the float32 forward pass, unrounded to single.
            double[] h = [.. image.Select(v => v * (1 / 255.0))];
            h = [.. Norm64(h, p, "input_bn").Select(v => (double)Math.Sign(v))];
            double[] pre = [.. Enumerable.Range(0, 3).Select(j => Enumerable.Range(0, 4).Sum(i => Math.Sign(p["blocks/0/lin/W"][j * 4 + i]) * h[i]) + p["blocks/0/lin/b"][j])];
            h = [.. Norm64(pre, p, "blocks/0/bn").Select(v => (double)Math.Sign(v))];
            double[] logits = [.. Enumerable.Range(0, 2).Select(j => Enumerable.Range(0, 3).Sum(i => Math.Sign(p["output_lin/W"][j * 3 + i]) * h[i]) + p["output_lin/b"][j])];
            int expected = logits[1] > logits[0] ? 1 : 0;
            Assert.Equal(expected, network.Evaluate(model.ImageInput!.Binarize(image)).Class);
            seen.Add(expected);
        }
        Assert.Equal(2, seen.Count);
    }

    private static double[] Norm64(double[] x, Dictionary<string, double[]> p, string prefix) =>
        [.. x.Select((v, j) => p[prefix + "/gamma"][j] * ((v - p[prefix + "/avg_mean"][j]) * Math.Sqrt(1 / (p[prefix + "/avg_var"][j] + 2e-5))) + p[prefix + "/beta"][j])];

    private static IEnumerable<int> Levels() => Enumerable.Range(0, 32).Select(i => i * 8 + i % 8);

    // bnn.BNN.__call__ in test mode, written out with float (IEEE single) operations in Chainer's order.
    private static int Forward(Dictionary<string, float[]> p, byte[] image)
    {
        float[] h = image.Select(v => v * (float)(1 / 255.0)).ToArray();
        h = Sign(Norm(h, p, "input_bn"));
        var pre = Linear(h, p["blocks/0/lin/W"], p["blocks/0/lin/b"]);
        h = Sign(Norm(pre, p, "blocks/0/bn"));
        var logits = Linear(h, p["output_lin/W"], p["output_lin/b"]);
        int best = 0;
        for (int j = 1; j < logits.Length; j++)
        {
            if (logits[j] > logits[best])
                best = j;
        }
        return best;
    }

    private static float[] Norm(float[] x, Dictionary<string, float[]> p, string prefix) =>
        x.Select((v, j) => p[prefix + "/gamma"][j] * ((v - p[prefix + "/avg_mean"][j]) * MathF.Sqrt(1f / (p[prefix + "/avg_var"][j] + 2e-5f))) + p[prefix + "/beta"][j]).ToArray();

    private static float[] Sign(float[] x) => x.Select(v => v > 0 ? 1f : v < 0 ? -1f : throw new InvalidOperationException("sign(0)")).ToArray();

    private static float[] Linear(float[] x, float[] w, float[] b)
    {
        var y = new float[b.Length];
        for (int j = 0; j < y.Length; j++)
        {
            float sum = 0;
            for (int i = 0; i < x.Length; i++)
                sum += MathF.Sign(w[j * x.Length + i]) * x[i];
            y[j] = sum + b[j];
        }
        return y;
    }

    public static TheoryData<string, string, string, string> BadArchives() => new()
    {
        // case, id, location (the "(at …)" part), message fragment
        { "not-a-zip", "BNN0701", "", "not an .npz (zip) archive" },
        { "text-member", "BNN0704", "notes.txt", "holds only .npy arrays" },
        { "bad-magic", "BNN0702", "output_lin/b.npy", "signature is missing" },
        { "big-endian", "BNN0702", "output_lin/b.npy", "unsupported element type '>f4' (big-endian" },
        { "fortran", "BNN0702", "blocks/0/lin/W.npy", "Fortran order" },
        { "short-data", "BNN0702", "output_lin/b.npy", "needs 8 bytes of data, the file has 4" },
        { "missing-output", "BNN0703", "output_lin/W.npy", "missing array 'output_lin/W'" },
        { "missing-bn", "BNN0703", "blocks/0/bn/avg_var.npy", "missing array 'blocks/0/bn/avg_var'" },
        { "extra-array", "BNN0704", "blocks/0/lin/extra.npy", "not part of the chainer-npz" },
        { "wrong-shape", "BNN0705", "blocks/0/lin/W.npy", "expected shape (n, 4)" },
        { "vector-length", "BNN0705", "blocks/0/bn/beta.npy", "expected shape (3,), found (2,)" },
        { "nan-weight", "BNN0706", "blocks/0/lin/W.npy[1, 2]", "the parameter is NaN" },
        { "integer-weights", "BNN0702", "blocks/0/lin/W.npy", "expected floating-point parameters" },
        { "not-square", "BNN0709", "input_bn/gamma.npy", "not a square image" },
        { "exact-zero", "BNN0707", "input_bn/gamma.npy[0]", "exactly 0" },
    };

    [Theory]
    [MemberData(nameof(BadArchives))]
    public void A_bad_archive_gets_one_located_diagnostic(string kind, string id, string location, string message)
    {
        var members = TestFiles.TinyChainer();
        byte[]? raw = null;
        switch (kind)
        {
            case "not-a-zip": raw = "{\"format\": \"bnnverify-model\"}"u8.ToArray(); break;
            case "text-member": members["notes.txt"] = "hello"u8.ToArray(); break;
            case "bad-magic": members["output_lin/b.npy"] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]; break;
            case "big-endian": members["output_lin/b.npy"] = TestFiles.Npy(">f4", [2], new byte[8]); break;
            case "fortran": members["blocks/0/lin/W.npy"] = TestFiles.Npy("<f4", [3, 4], new byte[48], fortran: true); break;
            case "short-data": members["output_lin/b.npy"] = TestFiles.Npy("<f4", [2], new byte[4]); break;
            case "missing-output": members.Remove("output_lin/W.npy"); break;
            case "missing-bn": members.Remove("blocks/0/bn/avg_var.npy"); break;
            case "extra-array": members["blocks/0/lin/extra.npy"] = TestFiles.Float32([1], 1f); break;
            case "wrong-shape": members["blocks/0/lin/W.npy"] = TestFiles.Float32([4, 3], new float[12]); break;
            case "vector-length": members["blocks/0/bn/beta.npy"] = TestFiles.Float32([2], 0.1f, 0.2f); break;
            case "nan-weight": members["blocks/0/lin/W.npy"] = TestFiles.Float32([3, 4], 1, 1, 1, 1, 1, 1, float.NaN, 1, 1, 1, 1, 1); break;
            case "integer-weights": members["blocks/0/lin/W.npy"] = TestFiles.Npy("<i4", [3, 4], new byte[48]); break;
            case "not-square":
                foreach (var name in new[] { "gamma", "beta", "avg_mean", "avg_var" })
                    members[$"input_bn/{name}.npy"] = TestFiles.Float32([3], 1f, 1f, 1f);
                members["blocks/0/lin/W.npy"] = TestFiles.Float32([3, 3], 1, 1, 1, 1, 1, 1, 1, 1, 1);
                break;
            case "exact-zero":
                // γ(x − 0)/σ + 0 is exactly 0 at grey level 0.
                members["input_bn/beta.npy"] = TestFiles.Float32([4], 0f, -0.2f, 0.3f, -0.05f);
                members["input_bn/avg_mean.npy"] = TestFiles.Float32([4], 0f, 0.25f, 0.5f, 0.7f);
                break;
        }
        var result = raw is null ? Import(members) : ImportBytes(raw);
        Assert.False(result.Succeeded);
        var error = result.Error!;
        Assert.Equal(id, error.Id);
        Assert.Equal(location.Length == 0 ? null : location, error.Location.JsonPath);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.EndsWith(".npz", error.Location.File, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_diagnostic()
    {
        var result = ChainerNpzImporter.Import("no/such/model.npz", new ImportOptions());
        Assert.Equal("BNN0700", result.Error!.Id);
        Assert.Equal("no/such/model.npz: error BNN0700: cannot read the .npz file: no such file", result.Error.ToString());
    }

    private static ImportResult Import(Dictionary<string, byte[]> members) =>
        ImportBytes(TestFiles.Zip(members.Select(m => (m.Key, m.Value))));

    private static ImportResult ImportBytes(byte[] bytes)
    {
        string path = TestFiles.Temporary(bytes, ".npz");
        try
        {
            return ChainerNpzImporter.Import(path, new ImportOptions("tiny"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
