using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BnnVerify.SolverBench;

/// <summary>The machine and software a run measured on, for the head of the tables.</summary>
internal static class ReportHeader
{
    /// <summary>The load average (1, 5, 15 minutes) now.</summary>
    public static string Load() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>Cores, CPU model, load, OS, .NET, solver package versions, the commit and the command.</summary>
    public static string Describe(string command, string? loadAtStart = null)
    {
        var text = new StringBuilder();
        string cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        text.Append(CultureInfo.InvariantCulture, $"- machine: `nproc` = {Environment.ProcessorCount}, CPU \"{cpu}\", load average (1/5/15 min) ")
            .Append(loadAtStart is null ? "" : $"at the start {loadAtStart}, ").Append(CultureInfo.InvariantCulture, $"at the end {Load()}\n");
        text.Append(CultureInfo.InvariantCulture, $"- {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}\n");
        text.Append(CultureInfo.InvariantCulture, $"- solvers (Debian packages): {Packages()}\n");
        text.Append(CultureInfo.InvariantCulture, $"- commit: {Git("rev-parse --short HEAD")}{(Git("status --porcelain --untracked-files=no").Length > 0 ? " (with uncommitted changes)" : "")}\n");
        text.Append(CultureInfo.InvariantCulture, $"- command: `{command}`\n");
        text.Append(CultureInfo.InvariantCulture, $"- finished: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n");
        return text.ToString();
    }

    private static string Packages()
    {
        string list = Capture("dpkg-query", "-W -f=${Package}=${Version}\\n cadical minisat cryptominisat libcryptominisat5-5.11 libz3-4 z3 minisat+");
        return list.Length == 0 ? "?" : string.Join(", ", list.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Git(string arguments) => Capture("git", arguments).Trim();

    private static string Capture(string program, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start);
            if (process is null)
                return "";
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}
