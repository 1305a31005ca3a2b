using System.Diagnostics;

namespace BnnVerify.Tests.Golden;

/// <summary>The built executable, run as a separate process: exit codes reach the shell and streams stay apart.</summary>
public class ProcessTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] arguments) => RunWith(null, arguments);

    private static ProcessStartInfo StartInfo(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bnnverify.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return start;
    }

    private static (int ExitCode, string Output, string Error) RunWith(string? fileSizeLimit, params string[] arguments)
    {
        var start = StartInfo(arguments);
        if (fileSizeLimit is not null)
            start.Environment[BnnVerify.Bnn.Files.InputFileReader.LimitVariable] = fileSizeLimit;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    [Fact]
    public void Success_prints_to_standard_output_and_exits_0()
    {
        var (exitCode, output, error) = Run("eval", "models/xor.json", "--input", "x1");
        Assert.Equal(0, exitCode);
        Assert.Equal("true inputs: x1\ny: 1\n", output.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal("", error);
    }

    [Fact]
    public void A_malformed_model_prints_one_line_to_standard_error_and_exits_2()
    {
        var (exitCode, output, error) = Run("info", "tests/golden/models/bad-binary-weight-2.json");
        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("tests/golden/models/bad-binary-weight-2.json(7,39): error BNN0110:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_size_limit_is_raised_or_lowered_by_the_environment()
    {
        // models/tictactoe-move.json is about 100 KiB: refused below that, read above it.
        var refused = RunWith("64K", "info", "models/tictactoe-move.json");
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("models/tictactoe-move.json: error BNN0900: the model file is larger than the limit of 64 KiB (65536 bytes)", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, RunWith("1M", "info", "models/tictactoe-move.json").ExitCode);
        var badSetting = RunWith("lots", "info", "models/xor.json");
        Assert.Equal(2, badSetting.ExitCode);
        Assert.StartsWith("BNNVERIFY_MAX_FILE_SIZE: error BNN0901: 'lots' is not a file size", badSetting.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compressed_data_is_held_to_the_file_size_limit_once_decompressed()
    {
        // About 1.2 MB of CSV compresses to a few KiB: the file passes a 64 KiB limit, its contents do not.
        string folder = Path.Combine(Path.GetTempPath(), $"bnnverify-bomb-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string csv = Path.Combine(folder, "rows.csv.gz");
            using (var gzip = new System.IO.Compression.GZipStream(File.Create(csv), System.IO.Compression.CompressionLevel.Optimal))
            using (var writer = new StreamWriter(gzip))
            {
                writer.Write("a,b,y\n");
                for (int row = 0; row < 200_000; row++)
                    writer.Write(row % 2 == 0 ? "0,1,1\n" : "1,1,0\n");
            }
            Assert.True(new FileInfo(csv).Length < 64 << 10);
            var refused = RunWith("64K", "train", csv, "--target", "y", "--out", Path.Combine(folder, "m.json"), "--epochs", "1");
            Assert.Equal(2, refused.ExitCode);
            Assert.StartsWith($"{csv}: error BNN0900: the data file once decompressed is larger than the limit of 64 KiB", refused.Error, StringComparison.Ordinal);

            // An .npz whose one member declares 1 MiB: refused before it is decompressed.
            string npz = Path.Combine(folder, "bomb.npz");
            using (var zip = System.IO.Compression.ZipFile.Open(npz, System.IO.Compression.ZipArchiveMode.Create))
            using (var member = zip.CreateEntry("l1/W.npy", System.IO.Compression.CompressionLevel.Optimal).Open())
                member.Write(new byte[1 << 20]);
            Assert.True(new FileInfo(npz).Length < 64 << 10);
            var archive = RunWith("64K", "import", "chainer-npz", npz, "--output", Path.Combine(folder, "n.json"));
            Assert.Equal(2, archive.ExitCode);
            Assert.StartsWith($"{npz}: error BNN0900: the .npz archive once decompressed is larger than the limit of 64 KiB", archive.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_check_ended_by_SIGTERM_still_writes_its_report_and_exits_3()
    {
        if (OperatingSystem.IsWindows())
            return;
        // 2^32 inputs enumerated: hours of work, so the signal arrives while the first contract is being checked. The
        // unused constant makes a warning on standard error once the spec is loaded, just before the handler is set up.
        string spec = Path.Combine(Path.GetTempPath(), $"bnnverify-sigterm-{Guid.NewGuid():N}.contract");
        File.WriteAllText(spec, "const unused = 1\ncontract slow {\n  ensures class == democrat || class == republican\n}\ncontract later {\n  ensures class == democrat || class == republican\n}\n");
        Process? process = null;
        try
        {
            var start = StartInfo(["check", "models/house-votes.json", spec, "--backend", "exhaustive", "--max-inputs", "100000000000", "--no-progress"]);
            process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            string? warning = process.StandardError.ReadLine();
            Assert.Contains("warning BNN0350", warning, StringComparison.Ordinal);
            var error = process.StandardError.ReadToEndAsync();
            await Task.Delay(5000);
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                kill.WaitForExit();
            Assert.True(process.WaitForExit(120_000), "the run did not stop within two minutes of SIGTERM");
            Assert.Equal(3, process.ExitCode);
            string report = await output;
            Assert.Contains("contract slow", report, StringComparison.Ordinal);
            Assert.Contains("interrupted", report, StringComparison.Ordinal);
            Assert.Contains("contract later", report, StringComparison.Ordinal);
            Assert.Contains("not checked: SIGTERM stopped the run", report, StringComparison.Ordinal);
            Assert.Contains("stopped by SIGTERM", report, StringComparison.Ordinal);
            Assert.Contains("2 contracts: 0 hold, 0 violated, 0 vacuous, 2 unknown", report, StringComparison.Ordinal);
            Assert.Equal("", await error);
        }
        finally
        {
            // A failed assertion must not leave hours of enumeration running.
            if (process is { HasExited: false })
                process.Kill(entireProcessTree: true);
            process?.Dispose();
            File.Delete(spec);
        }
    }
}
