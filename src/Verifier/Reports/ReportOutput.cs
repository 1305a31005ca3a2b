using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Verifier.Reports;

/// <summary>Where a verb's report goes: standard output, or a file with the text summary still on standard output.</summary>
internal static class ReportOutput
{
    /// <summary>
    /// Creates the folder of the report file <paramref name="path"/> when it is missing, so that a long check does not
    /// end in "cannot write" (call it before checking). Returns false, with diagnostic BNN0950 on
    /// <paramref name="error"/>, when the folder cannot be created.
    /// </summary>
    public static bool PrepareFolder(string? path, TextWriter error)
    {
        if (string.IsNullOrEmpty(path))
            return true;
        // A file in the current folder needs none made; any other is said with the path as the user wrote it.
        string? folder = Path.GetDirectoryName(path);
        return string.IsNullOrEmpty(folder) || CreateFolder(folder, why => Diagnostic.Error(ReportDiagnosticIds.CannotCreateFolder, SourceLocation.OfFile(path),
            $"cannot create the folder '{folder}' of the report (--output): {why}"), error);
    }

    /// <summary>
    /// Creates <paramref name="folder"/> and its parents when missing. Returns false, with the diagnostic
    /// <paramref name="failure"/> makes of the reason on <paramref name="error"/>, when that cannot be done.
    /// </summary>
    public static bool CreateFolder(string folder, Func<string, Diagnostic> failure, TextWriter error)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The system's message names the absolute path; a file in the way is said with the path as given.
            string why = e switch
            {
                UnauthorizedAccessException => "permission denied",
                IOException when FileOnTheWay(folder) is { } file => $"'{file}' is a file, not a folder",
                _ => e.Message,
            };
            error.WriteLine(failure(why));
            return false;
        }
    }

    /// <summary>The first part of <paramref name="folder"/> (as given) that exists as a file, or null.</summary>
    private static string? FileOnTheWay(string folder)
    {
        for (string? part = folder; !string.IsNullOrEmpty(part); part = Path.GetDirectoryName(part))
        {
            if (File.Exists(part))
                return part;
        }
        return null;
    }

    /// <summary>
    /// Writes <paramref name="report"/> with <paramref name="format"/> to <paramref name="path"/> (UTF-8, LF; its folder
    /// is created when missing) and then the text summary to <paramref name="output"/>, or, without a path, the formatted
    /// report to <paramref name="output"/>. Returns false, with diagnostic BNN0951 on <paramref name="error"/>, when the
    /// file cannot be written. With a null <paramref name="text"/> nothing goes to <paramref name="output"/> besides.
    /// </summary>
    public static bool Write<TReport>(TReport report, Action<TReport, TextWriter> format, Action<TReport, TextWriter>? text, string? path,
        TextWriter output, TextWriter error)
    {
        if (path is null)
        {
            format(report, output);
            return true;
        }
        if (!PrepareFolder(path, error))
            return false;
        try
        {
            using (var file = new StreamWriter(path, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
                format(report, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine(Diagnostic.Error(ReportDiagnosticIds.CannotWrite, SourceLocation.OfFile(path), $"cannot write the report: {e.Message}"));
            return false;
        }
        // The people watching the CI log still see what happened.
        text?.Invoke(report, output);
        return true;
    }
}
