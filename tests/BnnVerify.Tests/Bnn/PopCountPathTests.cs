using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Bnn;

/// <summary>
/// The engine's popcount paths (<see cref="PopCountPath"/>): every path this CPU has counts exactly what a bit-by-bit
/// count gives, at row lengths around the word, AVX2 (256-bit) and AVX-512 (512-bit) boundaries and past the 31
/// vectors a byte accumulator holds, and whole networks evaluate identically on every path.
/// </summary>
public class PopCountPathTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(200);

    /// <summary>Row lengths in bits: word, vector and byte-accumulator boundaries (31 vectors of 8 words is 15872 bits).</summary>
    private static readonly int[] Lengths = [1, 63, 64, 65, 255, 256, 257, 511, 512, 513, 784, 1000, 15872, 15873, 16448];

    public static TheoryData<PopCountPath> Paths() => [.. PopCountPaths.Available()];

    private sealed record Rows(int Bits, bool[] A, bool[] B, bool[] Mask);

    // Densities 0 and 1 as well as ½: all-ones XORs fill every byte of the nibble accumulator, which is where an
    // overflow would show.
    private static Gen<bool[]> BitsOf(int length) =>
        from density in Gen.Elements(0.0, 0.5, 0.9, 1.0)
        from bits in Gen.ArrayOf(Gen.Choose(0, 999).Select(r => r < density * 1000), length)
        select bits;

    private static readonly Gen<Rows> RowPairs =
        from bits in Gen.Elements(Lengths)
        from a in BitsOf(bits)
        from b in BitsOf(bits)
        from mask in BitsOf(bits)
        select new Rows(bits, a, b, mask);

    private static int Disagreements(bool[] a, bool[] b, bool[]? mask)
    {
        int count = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i] && (mask is null || mask[i]))
                count++;
        }
        return count;
    }

    [Fact]
    public void The_host_offers_the_scalar_path_and_every_vector_path_it_has_instructions_for()
    {
        var available = PopCountPaths.Available();
        Assert.Equal(PopCountPath.Scalar, available[0]);
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx2.IsSupported, available.Contains(PopCountPath.Avx2));
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx512BW.IsSupported, available.Contains(PopCountPath.Avx512BW));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_path_counts_the_disagreeing_bits_of_random_rows_exactly(PopCountPath path)
    {
        Prop.ForAll(Arb.From(RowPairs), rows =>
        {
            var a = PackedBits.Pack(rows.A);
            var b = PackedBits.Pack(rows.B);
            var mask = PackedBits.Pack(rows.Mask);
            int plain = XorPopCount.Count(path, a, b);
            int masked = XorPopCount.CountMasked(path, a, b, mask);
            return (plain == Disagreements(rows.A, rows.B, null) && plain == XorPopCount.Count(PopCountPath.Scalar, a, b))
                .Label($"{rows.Bits} bits on {path}: {plain} unmasked disagreements, {Disagreements(rows.A, rows.B, null)} expected")
                .And((masked == Disagreements(rows.A, rows.B, rows.Mask)).Label($"{rows.Bits} bits on {path}: {masked} masked, {Disagreements(rows.A, rows.B, rows.Mask)} expected"));
        }).Check(Config);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_path_counts_all_ones_at_every_length_up_to_two_byte_accumulators(PopCountPath path)
    {
        // Every word count from 1 to 2·31·8 + 7: each loop bound and remainder of each kernel, at the largest count
        // a byte can hold.
        for (int words = 1; words <= 503; words++)
        {
            var ones = Enumerable.Repeat(ulong.MaxValue, words).ToArray();
            var zeros = new ulong[words];
            Assert.Equal(64 * words, XorPopCount.Count(path, ones, zeros));
            Assert.Equal(64 * words, XorPopCount.CountMasked(path, zeros, ones, ones));
            Assert.Equal(0, XorPopCount.Count(path, ones, ones));
            Assert.Equal(0, XorPopCount.CountMasked(path, ones, zeros, zeros));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void The_interleaved_layer_kernel_counts_every_row_as_the_row_kernel_does(PopCountPath path)
    {
        if (path == PopCountPath.Scalar)
            return; // the scalar path keeps rows one after another and never interleaves them
        var random = new Random(11);
        // Word counts past one byte accumulator (31), neuron counts around the block of eight; all-ones rows too.
        foreach (int words in new[] { 1, 2, 4, 7, 8, 13, 30, 31, 32, 63, 70 })
        {
            foreach (int neurons in new[] { 1, 7, 8, 9, 17 })
            {
                foreach (bool saturated in new[] { false, true })
                {
                    ulong Word() => saturated ? ulong.MaxValue : (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
                    var input = saturated ? new ulong[words] : Enumerable.Range(0, words).Select(_ => Word()).ToArray();
                    var rows = Enumerable.Range(0, neurons * words).Select(_ => Word()).ToArray();
                    var masks = Enumerable.Range(0, neurons * words).Select(_ => Word()).ToArray();
                    var plain = new int[neurons];
                    var masked = new int[neurons];
                    XorPopCount.CountInterleaved(path, input, XorPopCount.Interleave(rows, neurons, words), [], masked: false, plain);
                    XorPopCount.CountInterleaved(path, input, XorPopCount.Interleave(rows, neurons, words), XorPopCount.Interleave(masks, neurons, words), masked: true, masked);
                    for (int n = 0; n < neurons; n++)
                    {
                        var row = rows.AsSpan(n * words, words);
                        Assert.True(XorPopCount.Count(PopCountPath.Scalar, input, row) == plain[n], $"{path}, {words} words, neuron {n} of {neurons}, saturated {saturated}");
                        Assert.True(XorPopCount.CountMasked(PopCountPath.Scalar, input, row, masks.AsSpan(n * words, words)) == masked[n], $"{path} masked, {words} words, neuron {n} of {neurons}");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_network_compiled_for_a_path_reports_that_path(PopCountPath path)
    {
        var model = Gen.Sample(ModelGenerators.Models(maxWidth: 20), 1, 1)[0];
        Assert.Equal(path, PackedNetwork.Compile(model, path).PopCount);
    }

    [Fact]
    public void Every_path_evaluates_whole_random_networks_exactly_as_the_scalar_path()
    {
        // Input counts at the boundaries, hidden widths up to 600 (rows of up to ten words), pruned and integer layers.
        var cases = from model in ModelGenerators.Models(Gen.Elements(Lengths.Where(n => n <= 1000).ToArray()), maxWidth: 600, maxLayers: 3)
                    from inputs in Gen.ArrayOf(Gen.ArrayOf(Gen.Elements(true, false), model.InputCount), 3)
                    select (Model: new GeneratedModel(model), Inputs: inputs);
        var paths = PopCountPaths.Available();
        Prop.ForAll(Arb.From(cases), c =>
        {
            var scalar = PackedNetwork.Compile(c.Model.Model, PopCountPath.Scalar);
            var scalarTraces = c.Inputs.Select(input => scalar.Trace(input)).ToArray();
            var batchInputs = c.Inputs.SelectMany(input => scalar.PackInput(input)).ToArray();
            bool batchable = scalar.IsArgmax || scalar.OutputCount <= 64;
            var scalarBatch = new ulong[c.Inputs.Length];
            if (batchable)
                scalar.EvaluateBatch(batchInputs, c.Inputs.Length, scalarBatch, scalar.CreateBatchWorkspace(c.Inputs.Length));
            foreach (var path in paths)
            {
                var network = PackedNetwork.Compile(c.Model.Model, path);
                for (int i = 0; i < c.Inputs.Length; i++)
                {
                    var trace = network.Trace(c.Inputs[i]);
                    for (int l = 0; l < trace.Layers.Length; l++)
                    {
                        if (!trace.Layers[l].PreActivations.SequenceEqual(scalarTraces[i].Layers[l].PreActivations))
                            return false.Label($"{path}: layer {l} sums differ from the scalar path's on input {i}");
                    }
                    var output = network.Evaluate(c.Inputs[i]);
                    if (output.Class != scalarTraces[i].Output.Class || !output.Scores.SequenceEqual(scalarTraces[i].Output.Scores)
                        || !output.Bits.SequenceEqual(scalarTraces[i].Output.Bits))
                        return false.Label($"{path}: output differs from the scalar path's on input {i}");
                }
                if (batchable)
                {
                    var batch = new ulong[c.Inputs.Length];
                    network.EvaluateBatch(batchInputs, c.Inputs.Length, batch, network.CreateBatchWorkspace(c.Inputs.Length));
                    if (!batch.SequenceEqual(scalarBatch))
                        return false.Label($"{path}: batch results differ from the scalar path's");
                }
            }
            return true.ToProperty();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    [Fact]
    public void The_sums_on_every_path_are_the_definition_on_a_wide_pruned_layer()
    {
        // One 1000-input layer with every third weight pruned: the masked kernels, checked against Σ wᵢxᵢ itself.
        var random = new Random(7);
        int inputs = 1000, neurons = 40;
        var weights = Enumerable.Range(0, inputs * neurons).Select(i => i % 3 == 0 ? 0 : random.Next(2) == 0 ? -1 : 1).ToArray();
        var layer = DenseLayer.Scores(inputs, WeightPrecision.Binary, [.. weights], [.. new int[neurons]]);
        var model = new BnnModel("wide", [.. Enumerable.Range(0, inputs).Select(i => $"x{i}")], [layer],
            new ArgmaxOutput([.. Enumerable.Range(0, neurons).Select(j => $"c{j}")], TieBreak.LowestIndex));
        var x = Enumerable.Range(0, inputs).Select(_ => random.Next(2) == 1).ToArray();
        foreach (var path in PopCountPaths.Available())
        {
            var sums = PackedNetwork.Compile(model, path).Trace(x).Layers[0].PreActivations;
            for (int j = 0; j < neurons; j++)
            {
                int expected = 0;
                for (int i = 0; i < inputs; i++)
                    expected += weights[(j * inputs) + i] * (x[i] ? 1 : -1);
                Assert.True(expected == sums[j], $"{path}, neuron {j}: {sums[j]}, expected {expected}");
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData(" Auto ")]
    public void Auto_selects_the_widest_path_the_cpu_has(string? setting)
    {
        var widest = System.Runtime.Intrinsics.X86.Avx512BW.IsSupported ? PopCountPath.Avx512BW
            : System.Runtime.Intrinsics.X86.Avx2.IsSupported ? PopCountPath.Avx2 : PopCountPath.Scalar;
        var (path, reason) = PopCountPaths.Choose(setting);
        Assert.Equal(widest, path);
        Assert.StartsWith("auto: ", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scalar", PopCountPath.Scalar)]
    [InlineData(" Scalar ", PopCountPath.Scalar)]
    [InlineData("avx2", PopCountPath.Avx2)]
    [InlineData("AVX512BW", PopCountPath.Avx512BW)]
    public void The_variable_selects_the_named_path_when_the_cpu_has_it(string? setting, PopCountPath named)
    {
        var (path, reason) = PopCountPaths.Choose(setting);
        if (PopCountPaths.IsAvailable(named))
        {
            Assert.Equal(named, path);
        }
        else
        {
            Assert.Equal(PopCountPaths.Choose("auto").Path, path);
            Assert.Contains("lacks", reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("avx512")]
    [InlineData("vpopcntdq")]
    [InlineData("1")]
    public void An_unknown_setting_means_auto_and_says_so(string setting)
    {
        var (path, reason) = PopCountPaths.Choose(setting);
        Assert.Equal(PopCountPaths.Choose("auto").Path, path);
        Assert.Contains($"'{setting}' is not", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_is_what_the_variable_in_this_process_selects()
    {
        var expected = PopCountPaths.Choose(Environment.GetEnvironmentVariable(PopCountPaths.Variable));
        Assert.Equal(expected.Path, PopCountPaths.Default);
        Assert.Equal(expected.Reason, PopCountPaths.DefaultReason);
    }
}
