using System.Text;

namespace BnnVerify.Tests.Golden;

/// <summary>
/// One golden end-to-end case: a file under tests/golden whose first line is the command
/// (<c>$ bnnverify eval models/xor.json</c>), followed by the exact expected output (standard output
/// and standard error, interleaved as written) and a last line <c>[exit N]</c>.
/// </summary>
public sealed record GoldenCase(string RelativePath, string[] Arguments, string ExpectedOutput, int ExpectedExitCode)
{
    private const string Prompt = "$ bnnverify";

    public override string ToString() => RelativePath;

    public static GoldenCase Load(string path)
    {
        string text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        int firstNewLine = text.IndexOf('\n', StringComparison.Ordinal);
        string command = text[..firstNewLine];
        if (!command.StartsWith(Prompt, StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: the first line must start with '{Prompt}'");
        string body = text[(firstNewLine + 1)..];
        int exitAt = body.LastIndexOf("[exit ", StringComparison.Ordinal);
        if (exitAt < 0)
            throw new InvalidDataException($"{path}: the last line must be '[exit N]'");
        int exitCode = int.Parse(body[(exitAt + 6)..body.IndexOf(']', exitAt)], System.Globalization.CultureInfo.InvariantCulture);
        string relative = System.IO.Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/');
        return new GoldenCase(relative, SplitArguments(command[Prompt.Length..]), body[..exitAt], exitCode);
    }

    /// <summary>The file text for an actual run (used to show a diff, and to update expectations on request).</summary>
    public string Render(string output, int exitCode) =>
        $"{Prompt} {string.Join(" ", Arguments.Select(Quote))}\n{output}[exit {exitCode}]\n";

    // Splits like a POSIX shell for the cases golden files need: spaces separate, single or double quotes group.
    private static string[] SplitArguments(string line)
    {
        var arguments = new List<string>();
        var current = new StringBuilder();
        bool inArgument = false;
        char quote = '\0';
        foreach (char c in line)
        {
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
                else
                    current.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inArgument = true;
            }
            else if (c == ' ')
            {
                if (inArgument)
                    arguments.Add(current.ToString());
                current.Clear();
                inArgument = false;
            }
            else
            {
                current.Append(c);
                inArgument = true;
            }
        }
        if (inArgument)
            arguments.Add(current.ToString());
        return [.. arguments];
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=,:".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument + "'";
}
