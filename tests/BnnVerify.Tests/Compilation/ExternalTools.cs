using System.Diagnostics;

namespace BnnVerify.Tests.Compilation;

/// <summary>
/// The external tools that cross-check compiled models (installed by scripts/install-tools.sh), found on PATH,
/// and a runner that fails a test with the tool's own output when it does not succeed.
/// </summary>
internal static class ExternalTools
{
    /// <summary>The path of the first of <paramref name="names"/> on PATH, or null.</summary>
    public static string? Find(params string[] names)
    {
        foreach (string name in names)
        {
            foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    /// <summary>ABC: Debian installs it as berkeley-abc, a build from source as abc.</summary>
    public static string? Abc => Find("berkeley-abc", "abc");

    /// <summary>A fresh scratch folder for one test.</summary>
    public static string ScratchFolder(string name)
    {
        string folder = Path.Combine(Path.GetTempPath(), "bnnverify-compile-tests", name + "-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Runs <paramref name="tool"/> in <paramref name="folder"/>; fails the test with its output unless it exits 0.</summary>
    public static string Run(string tool, IEnumerable<string> arguments, string folder, int timeoutSeconds = 300)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        var run = ChildProcess.Run(start, TimeSpan.FromSeconds(timeoutSeconds))
            ?? throw new Xunit.Sdk.XunitException($"{tool} {string.Join(" ", arguments)} did not finish within {timeoutSeconds} s");
        string output = run.Output + run.Error;
        if (run.ExitCode != 0)
            Assert.Fail($"{tool} {string.Join(" ", arguments)} exited with {run.ExitCode}:\n{output}");
        return output;
    }
}

/// <summary>
/// A fact that needs external tools: when one is missing (scripts/install-tools.sh could not install it),
/// xunit reports the test as skipped with the reason, instead of passing silently or failing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        var missing = tools.Where(t => (t == "abc" ? ExternalTools.Abc : ExternalTools.Find(t)) is null).ToArray();
        if (missing.Length > 0)
            Skip = $"skipped: {string.Join(", ", missing)} not installed (scripts/install-tools.sh installs it with apt-get)";
    }
}

/// <summary>The theory form of <see cref="ToolFactAttribute"/>: skipped, with the reason, when a tool is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(params string[] tools)
    {
        var missing = tools.Where(t => (t == "abc" ? ExternalTools.Abc : ExternalTools.Find(t)) is null).ToArray();
        if (missing.Length > 0)
            Skip = $"skipped: {string.Join(", ", missing)} not installed (scripts/install-tools.sh installs it with apt-get)";
    }
}
