using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Imaging;
using BnnVerify.Bnn.Import;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Import;

/// <summary>
/// Damaged files (random bytes overwritten, cut short) give a diagnostic, never an exception: the readers'
/// boundary is where user files enter, so every failure there must be a located message and exit code 2.
/// </summary>
public class MalformedFileTests
{
    private static Gen<(int Seed, int Edits, int Cut)> Damage() =>
        from seed in Gen.Choose(0, int.MaxValue)
        from edits in Gen.Choose(1, 6)
        from cut in Gen.Choose(0, 3)
        select (seed, edits, cut);

    private static byte[] Damaged(byte[] original, (int Seed, int Edits, int Cut) damage)
    {
        var random = new Random(damage.Seed);
        var bytes = (byte[])original.Clone();
        for (int k = 0; k < damage.Edits; k++)
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        // Sometimes cut the file short as well.
        return damage.Cut == 0 ? bytes[..random.Next(1, bytes.Length)] : bytes;
    }

    [Fact]
    public void A_damaged_npy_array_is_read_or_refused_with_a_diagnostic()
    {
        byte[] original = TestFiles.Float32([3, 4], 1, -1, 1, 1, -1, -1, 1, 0, 1, 1, 1, -1);
        Prop.ForAll(Arb.From(Damage()), damage =>
        {
            try
            {
                NpyReader.Read(Damaged(original, damage), "t.npz", "W.npy");
            }
            catch (DiagnosticException)
            {
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void A_damaged_npz_archive_is_imported_or_refused_with_a_diagnostic()
    {
        byte[] original = TestFiles.Zip(TestFiles.TinyChainer().Select(m => (m.Key, m.Value)));
        string path = Path.Combine(Path.GetTempPath(), "bnnverify-damaged-" + Guid.NewGuid().ToString("N") + ".npz");
        try
        {
            Prop.ForAll(Arb.From(Damage()), damage =>
            {
                File.WriteAllBytes(path, Damaged(original, damage));
                var result = ChainerNpzImporter.Import(path, new ImportOptions("t"));
                return result.Succeeded || result.Error is { IsError: true };
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_damaged_png_is_read_or_refused_with_a_diagnostic()
    {
        byte[] original = TestFiles.Png(28, 28, level: i => (byte)(i * 31));
        Prop.ForAll(Arb.From(Damage()), damage =>
        {
            var result = PngImageReader.Read(Damaged(original, damage), "x.png", 28, 28);
            return result.Succeeded || result.Error is { IsError: true };
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }
}
