using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Verifier.Cli;

/// <summary>
/// The checks every verb applies to its numeric and path options while the command line is parsed, so that a value no
/// verb could use (NaN seconds, an empty path, a directory where a file is written) is one located diagnostic with
/// exit 2 before any work starts (docs/limits.md). The location of such a diagnostic is the option's name.
/// </summary>
internal static class OptionRules
{
    /// <summary>A number option that is not a finite number in its range.</summary>
    public const string BadNumberId = "BNN0902";

    /// <summary>A path option given the empty string.</summary>
    public const string EmptyPathId = "BNN0903";

    /// <summary>A file to be written that is an existing directory.</summary>
    public const string OutputIsDirectoryId = "BNN0904";

    /// <summary>A folder to be written into that is an existing file.</summary>
    public const string FolderIsFileId = "BNN0905";

    /// <summary>
    /// The longest <c>--timeout</c> in seconds (about 11.6 days): a cancellation timer holds at most 2³¹−1 milliseconds,
    /// so a longer limit cannot be set, and a run meant to be unbounded simply omits the option.
    /// </summary>
    public const double MaxTimeoutSeconds = 1_000_000;

    /// <summary>Requires a timeout to be a finite number of seconds in (0, <see cref="MaxTimeoutSeconds"/>].</summary>
    public static Option<double?> Seconds(this Option<double?> option)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out double? value) && value is { } seconds && !(seconds > 0 && seconds <= MaxTimeoutSeconds))
                Reject(result, option, BadNumberId, $"expected a positive number of seconds, at most {Format(MaxTimeoutSeconds)}, found {Format(seconds)}");
        });
        return option;
    }

    /// <summary>
    /// The most worker threads a verb starts. Each thread of the exhaustive checker and of the ball search keeps its own
    /// workspace, and more threads than this gain nothing on any machine that runs the tool, while 10⁵ of them would
    /// allocate 10⁵ workspaces before the first input is checked.
    /// </summary>
    public const int MaxThreads = 1024;

    /// <summary>Requires <c>--threads</c> to be in 0..<see cref="MaxThreads"/>, where 0 means one per core.</summary>
    public static Option<int> Threads(this Option<int> option)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out int threads) && threads is < 0 or > MaxThreads)
                Reject(result, option, BadNumberId, $"expected a number of worker threads in 0..{MaxThreads} (0: one per core), found {threads}");
        });
        return option;
    }

    /// <summary>Requires a number to be finite and in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<double> Within(this Option<double> option, double min, double max)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out double value) && !(value >= min && value <= max))
                Reject(result, option, BadNumberId, $"expected a number in [{Format(min)}, {Format(max)}], found {Format(value)}");
        });
        return option;
    }

    /// <summary>Requires the path of a file to be written (a string option, required or not): not empty, and not an existing directory.</summary>
    public static Option<TPath> OutputFile<TPath>(this Option<TPath> option)
        where TPath : class?
    {
        option.Validators.Add(result => CheckOutputFile(result, option, result.GetValueOrDefault<TPath>() as string));
        return option;
    }

    /// <summary>Requires the path of a folder to be written into: not empty, and not an existing file.</summary>
    public static Option<string?> OutputFolder(this Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            string? path = result.GetValueOrDefault<string?>();
            if (path is null)
                return;
            if (path.Length == 0)
                Reject(result, option, EmptyPathId, "expected the path of a folder, found an empty string");
            else if (File.Exists(path))
                Reject(result, option, FolderIsFileId, $"'{path}' is a file; this option names a folder to write into (it is created when missing)");
        });
        return option;
    }

    /// <summary>Requires <c>external:PATH</c>, where a backend names a DIMACS solver binary, to give the path.</summary>
    public static Option<string> ExternalSolverPath(this Option<string> option)
    {
        option.Validators.Add(result =>
        {
            string? backend = result.GetValueOrDefault<string>()?.Trim();
            if (backend is not null && backend.StartsWith(Checking.CheckerFactory.ExternalPrefix, StringComparison.Ordinal)
                && string.IsNullOrWhiteSpace(backend[Checking.CheckerFactory.ExternalPrefix.Length..]))
            {
                Reject(result, option, EmptyPathId, $"'{backend}' names no solver; give the path of a DIMACS solver binary after the colon, e.g. {Checking.CheckerFactory.ExternalPrefix}/usr/bin/kissat");
            }
        });
        return option;
    }

    /// <summary>True when a parse error's message is one of ours, already a located diagnostic.</summary>
    public static bool IsDiagnostic(string message) => message.Contains(": error BNN", StringComparison.Ordinal);

    /// <summary>
    /// The diagnostic a parse error's message of ours was made from (<see cref="Reject"/> writes it as
    /// <c>--option: error BNNnnnn: message</c>), so that a report can carry it; null for the parser's own messages.
    /// </summary>
    public static Diagnostic? ReadDiagnostic(string message)
    {
        const string Marker = ": error ";
        int at = message.IndexOf(Marker, StringComparison.Ordinal);
        if (!IsDiagnostic(message) || at <= 0)
            return null;
        string rest = message[(at + Marker.Length)..];
        int colon = rest.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0)
            return null;
        return Diagnostic.Error(rest[..colon], SourceLocation.OfFile(message[..at]), rest[(colon + 2)..]);
    }

    private static void CheckOutputFile(OptionResult result, Option option, string? path)
    {
        if (path is null)
            return;
        if (path.Length == 0)
            Reject(result, option, EmptyPathId, "expected the path of a file to write, found an empty string");
        else if (Directory.Exists(path))
            Reject(result, option, OutputIsDirectoryId, $"'{path}' is a directory; this option names a file to write");
    }

    /// <summary>
    /// The option's value, or false when its text is not of the option's type (<c>--threads many</c>): the parser reports
    /// that itself, and reading the value would throw, out of the parse and past the handler of internal errors.
    /// </summary>
    private static bool TryGetValue<T>(OptionResult result, out T? value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    private static void Reject(OptionResult result, Option option, string id, string message) =>
        result.AddError(Diagnostic.Error(id, SourceLocation.OfFile(option.Name), message).ToString());

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
