using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Encoding.ProblemFiles;

/// <summary>What a solver said about an exported problem.</summary>
public enum SolverAnswerStatus
{
    /// <summary>A model: the exported contract is violated.</summary>
    Satisfiable,

    /// <summary>No model exists: the contract holds.</summary>
    Unsatisfiable,

    /// <summary>The solver gave up (time limit, unknown, INDET).</summary>
    Unknown,
}

/// <summary>The output forms <see cref="SolverAnswerReader"/> recognises.</summary>
public enum SolverAnswerForm
{
    /// <summary>SAT- and PB-competition output: <c>s SATISFIABLE</c> and <c>v</c> lines of DIMACS literals ended by 0, or of <c>x3</c>/<c>-x3</c> (OPB solvers).</summary>
    Competition,

    /// <summary>MiniSat's result file (its second argument): <c>SAT</c> and a line of literals ended by 0, <c>UNSAT</c> or <c>INDET</c>.</summary>
    MiniSatResult,

    /// <summary>SMT-LIB output of <c>(check-sat)(get-model)</c> (z3, cvc5): <c>sat</c> and <c>(define-fun v3 () Bool true)</c> entries.</summary>
    SmtModel,
}

/// <summary>A solver's answer: the status, and for a model the value of every variable it assigned (1-based numbers, as in the exported file).</summary>
/// <param name="Status">What the solver concluded.</param>
/// <param name="Form">How the output was written.</param>
/// <param name="Values">Variable number to value; variables the solver left out are absent.</param>
public sealed record SolverAnswer(SolverAnswerStatus Status, SolverAnswerForm Form, ImmutableDictionary<int, bool> Values);

/// <summary>
/// Reads what a solver printed or wrote about a problem <c>bnnverify export</c> wrote, so that <c>bnnverify decode</c>
/// can turn its model into a counterexample: SAT-competition output (CaDiCaL, kissat, CryptoMiniSat, <c>bnnverify solve</c>),
/// MiniSat's result file, PB-competition output (clasp, MiniSat+, RoundingSat on the OPB export), and z3's or cvc5's
/// answer to <c>(check-sat)(get-model)</c> on the SMT-LIB export. Every problem is a diagnostic with line and column.
/// </summary>
public static partial class SolverAnswerReader
{
    /// <summary>The solver output cannot be read, or is in none of the recognised forms.</summary>
    public const string UnreadableId = "BNN0963";

    /// <summary>A value in the solver output is malformed or contradicts another (a variable both true and false).</summary>
    public const string MalformedValueId = "BNN0965";

    /// <summary>Reads the file at <paramref name="path"/>; throws <see cref="DiagnosticException"/> on any problem.</summary>
    public static SolverAnswer Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            throw new DiagnosticException(Diagnostic.Error(UnreadableId, SourceLocation.OfFile(path), $"cannot read the solver output: {why}"));
        }
        return Parse(path, text);
    }

    /// <summary>Parses <paramref name="text"/>, the contents of <paramref name="path"/>.</summary>
    public static SolverAnswer Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int first = Array.FindIndex(lines, l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("c ", StringComparison.Ordinal) && l.Trim() != "c");
        if (first < 0)
            throw Error(UnreadableId, path, 1, 1, "the solver output is empty: expected 's SATISFIABLE' and 'v' lines, MiniSat's 'SAT' result file, or 'sat' and a (get-model) answer");
        string head = lines[first].Trim();
        if (head is "sat" or "unsat" or "unknown" || head.StartsWith('('))
            return ParseSmt(path, lines, first);
        if (head is "SAT" or "UNSAT" or "INDET")
            return ParseMiniSat(path, lines, first);
        return ParseCompetition(path, lines);
    }

    private static SolverAnswer ParseCompetition(string path, string[] lines)
    {
        SolverAnswerStatus? status = null;
        var values = new Values(path);
        bool ended = false, sawModel = false;
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd();
            if (line.StartsWith("s ", StringComparison.Ordinal))
            {
                string word = line[2..].Trim();
                SolverAnswerStatus parsed = word switch
                {
                    "SATISFIABLE" => SolverAnswerStatus.Satisfiable,
                    "UNSATISFIABLE" => SolverAnswerStatus.Unsatisfiable,
                    "UNKNOWN" or "INDETERMINATE" => SolverAnswerStatus.Unknown,
                    // PB competition: OPTIMUM FOUND is a model too.
                    "OPTIMUM FOUND" => SolverAnswerStatus.Satisfiable,
                    _ => throw Error(UnreadableId, path, n + 1, 3, $"unrecognised status 's {word}': expected SATISFIABLE, UNSATISFIABLE or UNKNOWN"),
                };
                if (status is { } earlier && earlier != parsed)
                    throw Error(UnreadableId, path, n + 1, 1, "a second, different status line");
                status = parsed;
            }
            else if (line.StartsWith("v ", StringComparison.Ordinal) || line == "v")
            {
                sawModel = true;
                foreach (var (token, column) in Tokens(line, 1))
                {
                    if (ended)
                        throw Error(MalformedValueId, path, n + 1, column, "a model value after the terminating 0");
                    if (token == "0")
                    {
                        ended = true;
                        continue;
                    }
                    bool negative = token.StartsWith('-');
                    string digits = token.TrimStart('-');
                    // PB solvers write x3 / -x3 (and some ~x3); SAT solvers write 3 / -3.
                    if (digits.StartsWith('~'))
                    {
                        negative = !negative;
                        digits = digits[1..];
                    }
                    if (digits.StartsWith('x'))
                        digits = digits[1..];
                    values.Add(digits, !negative, n + 1, column, token);
                }
            }
        }
        if (status is null)
        {
            throw Error(UnreadableId, path, 1, 1, sawModel
                ? "'v' lines but no status line: expected 's SATISFIABLE'"
                : "no status line: expected SAT-competition output ('s SATISFIABLE' and 'v' lines), MiniSat's result file ('SAT' and a model line) or an SMT solver's 'sat' and (get-model) answer");
        }
        if (status == SolverAnswerStatus.Satisfiable && !sawModel)
            throw Error(UnreadableId, path, 1, 1, "'s SATISFIABLE' but no model: run the solver so that it prints 'v' lines (most do by default; MiniSat writes them to its result file, its second argument)");
        return new SolverAnswer(status.Value, SolverAnswerForm.Competition, values.ToImmutable());
    }

    private static SolverAnswer ParseMiniSat(string path, string[] lines, int first)
    {
        string head = lines[first].Trim();
        if (head != "SAT")
            return new SolverAnswer(head == "UNSAT" ? SolverAnswerStatus.Unsatisfiable : SolverAnswerStatus.Unknown, SolverAnswerForm.MiniSatResult, ImmutableDictionary<int, bool>.Empty);
        var values = new Values(path);
        bool ended = false;
        int lastModelLine = first + 2;
        for (int n = first + 1; n < lines.Length && !ended; n++)
        {
            foreach (var (token, column) in Tokens(lines[n], 0))
            {
                lastModelLine = n + 1;
                if (ended)
                    throw Error(MalformedValueId, path, n + 1, column, "a model value after the terminating 0");
                if (token == "0")
                    ended = true;
                else
                    values.Add(token.TrimStart('-'), !token.StartsWith('-'), n + 1, column, token);
            }
        }
        if (!ended)
            throw Error(MalformedValueId, path, lastModelLine, 1, "MiniSat's model line is not ended by 0 (truncated file?)");
        return new SolverAnswer(SolverAnswerStatus.Satisfiable, SolverAnswerForm.MiniSatResult, values.ToImmutable());
    }

    private static SolverAnswer ParseSmt(string path, string[] lines, int first)
    {
        string head = lines[first].Trim();
        if (head.StartsWith("(error", StringComparison.Ordinal))
            throw Error(UnreadableId, path, first + 1, 1, $"the SMT solver reported an error: {Shorten(head)}");
        if (head is "unsat" or "unknown")
            return new SolverAnswer(head == "unsat" ? SolverAnswerStatus.Unsatisfiable : SolverAnswerStatus.Unknown, SolverAnswerForm.SmtModel, ImmutableDictionary<int, bool>.Empty);
        if (head != "sat")
            throw Error(UnreadableId, path, first + 1, 1, "an SMT answer must start with 'sat', 'unsat' or 'unknown' (the answer to (check-sat))");
        var values = new Values(path);
        bool sawModel = false;
        for (int n = first + 1; n < lines.Length; n++)
        {
            string line = lines[n];
            if (line.Contains("(error", StringComparison.Ordinal))
                throw Error(UnreadableId, path, n + 1, line.IndexOf("(error", StringComparison.Ordinal) + 1, $"the SMT solver reported an error: {Shorten(line.Trim())}");
            sawModel |= line.Contains("define-fun", StringComparison.Ordinal);
        }
        // z3 breaks a definition over two lines ("(define-fun v3 () Bool\n    true)"), so match over the whole text.
        string rest = string.Join("\n", lines.Skip(first + 1));
        int lineOffset = first + 2;
        foreach (Match m in Definition().Matches(rest))
        {
            var (line, column) = Position(rest, m.Index, lineOffset);
            values.Add(m.Groups["var"].Value, m.Groups["value"].Value == "true", line, column, m.Value);
        }
        if (!sawModel)
            throw Error(UnreadableId, path, first + 1, 1, "'sat' but no model: the problem must end with (get-model), as bnnverify's SMT-LIB export does");
        return new SolverAnswer(SolverAnswerStatus.Satisfiable, SolverAnswerForm.SmtModel, values.ToImmutable());
    }

    private static (int Line, int Column) Position(string text, int index, int lineOffset)
    {
        int line = lineOffset, start = 0;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                start = i + 1;
            }
        }
        return (line, index - start + 1);
    }

    // The value the SMT-LIB export declares for variable n: (declare-const vN Bool).
    [GeneratedRegex(@"\(define-fun\s+v(?<var>[0-9]+)\s+\(\)\s+Bool\s+(?<value>true|false)\s*\)")]
    private static partial Regex Definition();

    private static IEnumerable<(string Token, int Column)> Tokens(string line, int from)
    {
        int i = from;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
                i++;
            int start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i]))
                i++;
            if (i > start)
                yield return (line[start..i], start + 1);
        }
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..97] + "...";

    private static DiagnosticException Error(string id, string path, int line, int column, string message) =>
        new(Diagnostic.Error(id, new SourceLocation(path, line, column), message));

    /// <summary>Collects variable values, refusing malformed numbers and contradictions.</summary>
    private sealed class Values(string path)
    {
        private readonly ImmutableDictionary<int, bool>.Builder _values = ImmutableDictionary.CreateBuilder<int, bool>();

        public void Add(string digits, bool value, int line, int column, string token)
        {
            if (digits.Length == 0 || !digits.All(char.IsAsciiDigit) || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int variable) || variable == 0)
                throw Error(MalformedValueId, path, line, column, $"'{Shorten(token)}' is not a literal: expected a variable number (3, -3, x3 or -x3)");
            if (_values.TryGetValue(variable, out bool earlier) && earlier != value)
                throw Error(MalformedValueId, path, line, column, $"variable {variable} is assigned both true and false");
            _values[variable] = value;
        }

        public ImmutableDictionary<int, bool> ToImmutable() => _values.ToImmutable();
    }
}
