using System.Diagnostics;

namespace BnnVerify.Tests.Import;

/// <summary>
/// A fact that needs Debian's /usr/bin/python3 with numpy (scripts/install-python-numpy.sh installs it);
/// without them the test is reported as skipped, with the reason, rather than silently passing.
/// </summary>
public sealed class PythonNumpyFactAttribute : FactAttribute
{
    /// <summary>The interpreter the reference scripts run under.</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(Probe);

    public PythonNumpyFactAttribute()
    {
        if (Missing.Value is { } reason)
            Skip = reason;
    }

    /// <summary>Runs a reference script, returning its standard output; throws with its error output when it fails.</summary>
    public static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Python} {string.Join(" ", arguments)} exited with {process.ExitCode}: {error.Result}");
        return output;
    }

    private static string? Probe()
    {
        if (!File.Exists(Python))
            return $"{Python} is missing (run scripts/setup.sh, which installs python3-numpy)";
        try
        {
            Run("-c", "import numpy");
            return null;
        }
        catch (InvalidOperationException)
        {
            return $"numpy is missing for {Python} (run scripts/setup.sh, which installs python3-numpy)";
        }
    }
}
