using System.Globalization;
using BnnVerify.Bnn.Training;

namespace BnnVerify.Verifier.Reports;

/// <summary>
/// Shows training progress. On a terminal: one line redrawn in place with a carriage return (a bar,
/// the epoch, loss and accuracies), no ANSI escape codes. Elsewhere (a pipe, a file, a test): one plain
/// line per epoch, best epochs marked with '*'.
/// </summary>
internal sealed class TrainingProgressText(TextWriter output, bool interactive, bool quiet)
{
    private const int BarWidth = 24;
    private int _lastWidth;

    /// <summary>True when <paramref name="output"/> is the console's standard output and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb";

    public void Report(EpochReport report)
    {
        if (quiet)
            return;
        string line = Describe(report);
        if (!interactive)
        {
            output.WriteLine(line);
            return;
        }
        int done = (int)((long)report.Epoch * BarWidth / report.Epochs);
        string bar = "[" + new string('#', done) + new string('.', BarWidth - done) + "] "
            + report.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture) + " s  ";
        string text = bar + line;
        // Pad over the previous, possibly longer, line instead of using an erase-line escape code.
        output.Write("\r" + text.PadRight(_lastWidth));
        _lastWidth = text.Length;
        output.Flush();
    }

    /// <summary>Ends the redrawn line, if any, so that what follows starts on a fresh line.</summary>
    public void Finish()
    {
        if (interactive && !quiet && _lastWidth > 0)
            output.WriteLine();
    }

    private static string Describe(EpochReport report)
    {
        var culture = CultureInfo.InvariantCulture;
        int digits = report.Epochs.ToString(culture).Length;
        string text = string.Create(culture,
            $"epoch {report.Epoch.ToString(culture).PadLeft(digits)}/{report.Epochs}  loss {report.Loss:F4}  train {Percent(report.TrainingAccuracy)}");
        if (report.ValidationAccuracy is double validation)
            text += "  validation " + Percent(validation);
        if (report.IsBest)
            text += "  *";
        return text;
    }

    public static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + "%";
}
