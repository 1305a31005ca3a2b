using System.Globalization;

namespace BnnVerify.Encoding.Backends.External;

/// <summary>
/// Reads what an external solver produced: the SAT-competition convention (exit code 10/20, an <c>s</c> status
/// line, <c>v</c> model lines ended by 0), MiniSat's result file (<c>SAT</c> and a model line, <c>UNSAT</c>,
/// <c>INDET</c>), or the PB-competition convention clasp follows on OPB (<c>v x1 -x2</c>). Anything it cannot stand behind becomes <see cref="SolveResult.Unknown"/> naming the solver.
/// </summary>
/// <remarks>The model is not checked against the clauses here; <see cref="CnfBackend"/> does that.</remarks>
internal static class SolverOutputParser
{
    /// <summary>The exit status a process killed by signal N reports on Unix (.NET follows the shell: 128 + N).</summary>
    private const int SignalBase = 128;

    /// <summary>Parses SAT-competition output on standard output.</summary>
    public static SolveResult ParseCompetition(string solver, int exitCode, string stdout, int variableCount) =>
        Parse(solver, exitCode, stdout, variableCount, opb: false);

    /// <summary>
    /// Parses PB-competition output on standard output, as clasp prints it: an <c>s</c> status line and <c>v</c> lines of
    /// <c>x3</c> / <c>-x3</c> (no terminating 0). Exit codes 10 and 30 (clasp: a model, search space exhausted) mean
    /// satisfiable, 20 unsatisfiable; 0 is accepted for either, as for SAT solvers.
    /// </summary>
    public static SolveResult ParsePbCompetition(string solver, int exitCode, string stdout, int variableCount) =>
        Parse(solver, exitCode, stdout, variableCount, opb: true);

    private static SolveResult Parse(string solver, int exitCode, string stdout, int variableCount, bool opb)
    {
        if (exitCode > SignalBase && exitCode < SignalBase + 65)
            return new SolveResult.Unknown($"{solver} was killed by signal {exitCode - SignalBase}");
        string? status = null;
        var values = new List<int>();
        bool modelEnded = false;
        bool sawModelLine = false;
        foreach (var rawLine in stdout.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.StartsWith("s ", StringComparison.Ordinal) || line == "s")
            {
                string value = line.Length > 2 ? line[2..].Trim() : "";
                if (status is not null && status != value)
                    return new SolveResult.Unknown($"{solver} printed two different status lines: 's {status}' and 's {value}'");
                status = value;
            }
            else if (line.StartsWith("v ", StringComparison.Ordinal) || line == "v")
            {
                sawModelLine = true;
                if (modelEnded)
                    return new SolveResult.Unknown($"{solver} printed model values after the terminating 0");
                foreach (var token in line[1..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                {
                    int value;
                    if (opb)
                    {
                        if (!TryParseOpbLiteral(token, out value))
                            return new SolveResult.Unknown($"{solver} printed a model value that is not a literal x<n> or -x<n>: '{Shorten(token)}'");
                        values.Add(value);
                        continue;
                    }
                    if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
                        return new SolveResult.Unknown($"{solver} printed a model value that is not an integer: '{Shorten(token)}'");
                    if (modelEnded)
                        return new SolveResult.Unknown($"{solver} printed model values after the terminating 0");
                    if (value == 0)
                        modelEnded = true;
                    else
                        values.Add(value);
                }
            }
        }
        switch (status)
        {
            case "SATISFIABLE":
                if (exitCode != 10 && exitCode != 0 && !(opb && exitCode == 30))
                    return new SolveResult.Unknown($"{solver} said SATISFIABLE but exited with code {exitCode}");
                if (!sawModelLine)
                    return new SolveResult.Unknown($"{solver} said SATISFIABLE but printed no model ('v' lines)");
                if (!modelEnded && !opb)
                    return new SolveResult.Unknown($"{solver} said SATISFIABLE but its model is not terminated by 0 (truncated output?)");
                return BuildModel(solver, values, variableCount);
            case "UNSATISFIABLE":
                if (exitCode != 20 && exitCode != 0)
                    return new SolveResult.Unknown($"{solver} said UNSATISFIABLE but exited with code {exitCode}");
                return new SolveResult.Unsatisfiable();
            case "UNKNOWN":
            case "INDETERMINATE":
                return new SolveResult.Unknown($"{solver} answered {status} (exit code {exitCode})");
            // No status line: the exit code alone follows the convention (20 unsatisfiable, 10 satisfiable with v lines).
            case null when exitCode == 20 && !sawModelLine:
                return new SolveResult.Unsatisfiable();
            case null when exitCode == 10 && sawModelLine && (modelEnded || opb):
                return BuildModel(solver, values, variableCount);
            case null when exitCode == 10:
                return new SolveResult.Unknown($"{solver} printed no 's' status line and no model ('v' lines ended by 0), though it exited with code 10 (satisfiable){Excerpt(stdout)}"
                    + (opb ? "" : "; a solver that writes its model to a file, as MiniSat does, is run that way when its binary is named after it (minisat, minisat-2.2) or with --backend minisat"));
            case null:
                return new SolveResult.Unknown($"{solver} printed no 's' status line (exit code {exitCode}){Excerpt(stdout)}");
            default:
                return new SolveResult.Unknown($"{solver} printed an unrecognised status 's {Shorten(status)}' (exit code {exitCode})");
        }
    }

    /// <summary>Parses MiniSat's result file (its second command-line argument).</summary>
    public static SolveResult ParseMiniSatResult(string solver, int exitCode, string? resultFile, int variableCount)
    {
        if (exitCode > SignalBase && exitCode < SignalBase + 65)
            return new SolveResult.Unknown($"{solver} was killed by signal {exitCode - SignalBase}");
        if (resultFile is null)
            return new SolveResult.Unknown($"{solver} wrote no result file (exit code {exitCode})");
        var lines = resultFile.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
            return new SolveResult.Unknown($"{solver} wrote an empty result file (exit code {exitCode})");
        switch (lines[0])
        {
            case "SAT":
                if (exitCode != 10 && exitCode != 0)
                    return new SolveResult.Unknown($"{solver} wrote SAT but exited with code {exitCode}");
                if (lines.Length < 2)
                    return new SolveResult.Unknown($"{solver} wrote SAT but no model line");
                var values = new List<int>();
                bool ended = false;
                foreach (var token in lines[1].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
                        return new SolveResult.Unknown($"{solver} wrote a model value that is not an integer: '{Shorten(token)}'");
                    if (ended)
                        return new SolveResult.Unknown($"{solver} wrote model values after the terminating 0");
                    if (value == 0)
                        ended = true;
                    else
                        values.Add(value);
                }
                if (!ended)
                    return new SolveResult.Unknown($"{solver} wrote a model that is not terminated by 0");
                return BuildModel(solver, values, variableCount);
            case "UNSAT":
                if (exitCode != 20 && exitCode != 0)
                    return new SolveResult.Unknown($"{solver} wrote UNSAT but exited with code {exitCode}");
                return new SolveResult.Unsatisfiable();
            case "INDET":
                return new SolveResult.Unknown($"{solver} answered INDET (exit code {exitCode})");
            default:
                return new SolveResult.Unknown($"{solver} wrote an unrecognised result '{Shorten(lines[0])}' (exit code {exitCode})");
        }
    }

    /// <summary>Reads <c>x3</c> as DIMACS 3 and <c>-x3</c> as -3 (variables are numbered from 1).</summary>
    private static bool TryParseOpbLiteral(string token, out int value)
    {
        value = 0;
        bool negative = token.StartsWith('-');
        var digits = token.AsSpan(negative ? 1 : 0);
        if (digits.Length < 2 || digits[0] != 'x' || !char.IsAsciiDigit(digits[1]))
            return false;
        if (!int.TryParse(digits[1..], NumberStyles.None, CultureInfo.InvariantCulture, out int variable) || variable == 0)
            return false;
        value = negative ? -variable : variable;
        return true;
    }

    private static SolveResult BuildModel(string solver, List<int> values, int variableCount)
    {
        // Variables the solver leaves out are free; false is as good as any value, and the model check
        // afterwards decides whether the result stands.
        var model = new bool[variableCount];
        var seen = new bool[variableCount];
        foreach (int value in values)
        {
            long variable = Math.Abs((long)value) - 1;
            if (variable >= variableCount)
                return new SolveResult.Unknown($"{solver} assigned variable {variable + 1}, but the formula has only {variableCount}");
            bool positive = value > 0;
            int index = (int)variable;
            if (seen[index] && model[index] != positive)
                return new SolveResult.Unknown($"{solver} assigned variable {variable + 1} both true and false");
            seen[index] = true;
            model[index] = positive;
        }
        return new SolveResult.Satisfiable(model);
    }

    private static string Excerpt(string stdout)
    {
        var trimmed = stdout.Trim();
        return trimmed.Length == 0 ? "; it printed nothing" : $"; it printed: '{Shorten(trimmed)}'";
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
