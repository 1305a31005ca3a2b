using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Data;

namespace BnnVerify.Tests.Training;

/// <summary>Small synthetic data sets for training tests, and a scratch folder for their files.</summary>
internal sealed class TinyData : IDisposable
{
    public TinyData()
    {
        Folder = Path.Combine(Path.GetTempPath(), "bnnverify-training-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>
    /// 64 rows over six boolean columns x0..x5 (every combination once, in a fixed scrambled order) with
    /// a three-class target: "high" when at least four of them are 1, "low" when at most one is, else "mid".
    /// </summary>
    public static string ThresholdCsv()
    {
        var text = new StringBuilder("x0,x1,x2,x3,x4,x5,level\n");
        for (int k = 0; k < 64; k++)
        {
            int row = (k * 37 + 11) % 64;
            int ones = 0;
            for (int i = 0; i < 6; i++)
            {
                int bit = (row >> i) & 1;
                ones += bit;
                text.Append(bit.ToString(CultureInfo.InvariantCulture)).Append(',');
            }
            text.Append(ones >= 4 ? "high" : ones <= 1 ? "low" : "mid").Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The 16 combinations of four booleans with two target bits: and = a ∧ b, or = c ∨ d.</summary>
    public static string TwoBitsCsv()
    {
        var text = new StringBuilder("a,b,c,d,both_ab,any_cd\n");
        for (int row = 0; row < 16; row++)
        {
            int a = row & 1, b = (row >> 1) & 1, c = (row >> 2) & 1, d = (row >> 3) & 1;
            text.Append(CultureInfo.InvariantCulture, $"{a},{b},{c},{d},{a & b},{c | d}\n");
        }
        return text.ToString();
    }

    public string Write(string fileName, string contents)
    {
        string path = Path.Combine(Folder, fileName);
        File.WriteAllText(path, contents);
        return path;
    }

    public static EncodedDataSet Encode(string csv, FeatureOptions options, string path = "data.csv")
    {
        var table = CsvReader.Read(csv, path);
        Assert.True(table.Succeeded, table.Error?.ToString());
        var encoded = FeatureEncoder.Encode(table.Table!, options);
        Assert.True(encoded.Succeeded, encoded.Error?.ToString());
        return encoded.DataSet!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left behind in the temp directory is harmless.
        }
    }
}
