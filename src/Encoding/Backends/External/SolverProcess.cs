using System.ComponentModel;
using System.Diagnostics;

namespace BnnVerify.Encoding.Backends.External;

/// <summary>How one run of a solver process ended.</summary>
/// <param name="ExitCode">The exit code (128 + N when killed by signal N), or null when we killed it.</param>
/// <param name="Stdout">Everything it wrote to standard output.</param>
/// <param name="Stderr">Everything it wrote to standard error.</param>
/// <param name="StopReason">Why we stopped it (timeout, cancellation) or why it could not start; null when it exited by itself.</param>
internal sealed record SolverProcessOutcome(int? ExitCode, string Stdout, string Stderr, string? StopReason);

/// <summary>Runs a solver process to completion, killing its whole process tree on timeout or cancellation.</summary>
internal static class SolverProcess
{
    private const int TextFileBusy = 26; // ETXTBSY on Linux
    private const int StartAttempts = 6;

    /// <summary>How long we wait for output pipes to close after a kill before giving up on them.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Starts <paramref name="executable"/> with <paramref name="arguments"/>, waits at most <paramref name="killAfter"/>
    /// (null: no limit) or until <paramref name="cancellation"/> fires, and collects its output.
    /// </summary>
    public static SolverProcessOutcome Run(string executable, IReadOnlyList<string> arguments, TimeSpan? killAfter, CancellationToken cancellation)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = info };
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                process.Start();
                break;
            }
            // ETXTBSY: the executable is still open for writing somewhere. An executable written just before it is
            // run (a solver being installed, a test's fake solver) can stay open a moment in a child that another
            // thread forked meanwhile, until that child's exec closes it; this failed one test in 2,148 in CI.
            catch (Win32Exception e) when (e.NativeErrorCode == TextFileBusy && attempt < StartAttempts)
            {
                Thread.Sleep(20 * attempt);
            }
            catch (Win32Exception e)
            {
                return new SolverProcessOutcome(null, "", "", $"could not start '{executable}': {e.Message}");
            }
        }
        // The solver reads the file we name; close its standard input so one that reads it anyway sees EOF.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        string? stopReason = null;
        try
        {
            var exited = process.WaitForExitAsync(CancellationToken.None);
            int limit = killAfter is { } t ? (int)Math.Clamp(t.TotalMilliseconds, 0, int.MaxValue - 1) : Timeout.Infinite;
            if (!exited.Wait(limit, cancellation))
                stopReason = $"no answer within {killAfter!.Value.TotalSeconds:0.###} s; process killed";
        }
        catch (OperationCanceledException)
        {
            stopReason = "cancelled; process killed";
        }

        if (stopReason is not null)
        {
            Kill(process);
            // Output read so far is discarded: a killed solver's verdict is not one we stand behind.
            Task.WaitAll([stdout, stderr], DrainLimit);
            return new SolverProcessOutcome(null, "", "", stopReason);
        }
        // The parameterless wait also waits for the redirected streams to reach end of file.
        process.WaitForExit();
        if (!Task.WaitAll([stdout, stderr], DrainLimit))
        {
            // A grandchild still holds the pipes open: kill the tree and do not trust partial output.
            Kill(process);
            return new SolverProcessOutcome(process.ExitCode, "", "", "the solver exited but its output did not end; process tree killed");
        }
        return new SolverProcessOutcome(process.ExitCode, stdout.Result, stderr.Result, null);
    }

    /// <summary>A time limit in whole seconds (at least 1), for solvers whose own limit option takes an integer.</summary>
    public static int WholeSeconds(TimeSpan limit) => (int)Math.Clamp(Math.Ceiling(limit.TotalSeconds), 1, int.MaxValue);

    /// <summary>
    /// When to kill a solver given <paramref name="limit"/>: one with its own limit option gets a moment past it to stop
    /// and say so (1 s + 10 %), others are killed on time.
    /// </summary>
    public static TimeSpan KillAfter(TimeSpan limit, bool hasOwnLimit) =>
        hasOwnLimit ? TimeSpan.FromSeconds(WholeSeconds(limit)) + TimeSpan.FromSeconds(1) + limit * 0.1 : limit;

    /// <summary>Adds the time limit and the first line of standard error to a solver's Unknown answer.</summary>
    public static SolveResult.Unknown Explain(SolveResult.Unknown unknown, TimeSpan? timeout, string stderr)
    {
        var reason = unknown.Reason;
        if (timeout is { } given)
            reason += $" (time limit {given.TotalSeconds:0.###} s)";
        var firstError = FirstLine(stderr);
        if (firstError.Length > 0)
            reason += $"; stderr: '{firstError}'";
        return new SolveResult.Unknown(reason);
    }

    private static string FirstLine(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
                return trimmed.Length <= 120 ? trimmed : trimmed[..117] + "...";
        }
        return "";
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(DrainLimit);
        }
        catch (InvalidOperationException)
        {
            // Already exited between the timeout and the kill.
        }
        catch (Win32Exception)
        {
            // Could not signal it (it is gone or not ours); nothing more to do.
        }
    }
}
