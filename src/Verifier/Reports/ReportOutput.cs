namespace BnnVerify.Verifier.Reports;

/// <summary>Where a verb's report goes: standard output, or a file with the text summary still on standard output.</summary>
internal static class ReportOutput
{
    /// <summary>
    /// Writes <paramref name="report"/> with <paramref name="format"/> to <paramref name="path"/> (UTF-8, LF) and then the
    /// text summary to <paramref name="output"/>, or, without a path, the formatted report to <paramref name="output"/>.
    /// Returns false, with one located message on <paramref name="error"/>, when the file cannot be written.
    /// </summary>
    public static bool Write<TReport>(TReport report, Action<TReport, TextWriter> format, Action<TReport, TextWriter> text, string? path,
        TextWriter output, TextWriter error)
    {
        if (path is null)
        {
            format(report, output);
            return true;
        }
        try
        {
            using (var file = new StreamWriter(path, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
                format(report, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{path}: error: cannot write the report: {e.Message}");
            return false;
        }
        // The people watching the CI log still see what happened.
        text(report, output);
        return true;
    }
}
