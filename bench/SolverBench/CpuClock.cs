using System.Globalization;

namespace BnnVerify.SolverBench;

/// <summary>
/// CPU seconds used by this process and by its finished children (external solvers), from /proc/self/stat.
/// On a shared machine CPU time is steadier than wall time; both are recorded.
/// </summary>
internal static class CpuClock
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>utime + stime + cutime + cstime in seconds, or 0 where /proc is missing.</summary>
    public static double Seconds()
    {
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            // The command name (field 2) may contain spaces; the fields after it start past the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state), so field f is fields[f - 3]: utime 14, stime 15, cutime 16, cstime 17.
            long ticks = 0;
            for (int f = 14; f <= 17; f++)
                ticks += long.Parse(fields[f - 3], CultureInfo.InvariantCulture);
            return ticks / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
