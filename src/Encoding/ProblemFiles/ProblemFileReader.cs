using System.Globalization;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Files;

namespace BnnVerify.Encoding.ProblemFiles;

/// <summary>
/// Reads the two problem formats <c>bnnverify solve</c> accepts, so that the native solver can be compared with other
/// solvers on exactly the same file: EEV's cardinality CNF (DIMACS plus lines <c>ℓ₁ … ℓₙ &gt;= k # y</c>, as
/// <c>bnnverify export --format cardnf</c> writes them and MiniSatCS reads them) and the OPB format of the
/// pseudo-Boolean competitions (linear constraints only). Mistakes are diagnostics with line and column.
/// </summary>
/// <remarks>
/// A comment <c>c bnnverify inputs N</c> (OPB: <c>* bnnverify inputs N</c>), written by <c>bnnverify export</c>,
/// names variables 1 … N as the network's inputs, which the solver may branch on first.
/// </remarks>
public static class ProblemFileReader
{
    /// <summary>The marker of the comment naming the inputs, after the comment character.</summary>
    public const string InputsComment = "bnnverify inputs";

    /// <summary>Reads <paramref name="path"/>: OPB when its name ends in <c>.opb</c> or its first line starts with <c>*</c>, else cardinality CNF.</summary>
    public static PseudoBooleanProblem Read(string path)
    {
        string text = InputFileReader.Read(path, "the problem file", ProblemFileDiagnosticIds.FileUnreadable).TextOrThrow();
        bool opb = path.EndsWith(".opb", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('*');
        return opb ? ReadOpb(path, text) : ReadCardinalityCnf(path, text);
    }

    /// <summary>Reads cardinality CNF from <paramref name="text"/>; <paramref name="path"/> names it in diagnostics.</summary>
    public static PseudoBooleanProblem ReadCardinalityCnf(string path, string text)
    {
        var clauses = new List<int[]>();
        var constraints = new List<PseudoBooleanConstraint>();
        int declared = -1, used = 0, inputs = 0;
        var lines = text.Split('\n');
        var current = new List<int>();
        for (int n = 0; n < lines.Length; n++)
        {
            var tokens = new Tokens(path, n + 1, lines[n].TrimEnd('\r'));
            if (!tokens.Next(out var first, out int column))
                continue;
            if (first is "c")
            {
                inputs = Math.Max(inputs, tokens.InputCount());
                continue;
            }
            if (first is "p")
            {
                if (!tokens.Next(out var kind, out int kindColumn) || kind is not "cnf")
                    throw tokens.Error(kindColumn, ProblemFileDiagnosticIds.Syntax, "expected 'p cnf VARIABLES CLAUSES'");
                declared = (int)tokens.Integer(int.MaxValue, "the variable count");
                tokens.Integer(long.MaxValue, "the clause count");
                continue;
            }
            tokens.Rewind();
            if (lines[n].Contains(">=", StringComparison.Ordinal) || lines[n].Contains("<=", StringComparison.Ordinal))
            {
                constraints.Add(CardinalityLine(tokens, declared, ref used));
                continue;
            }
            while (tokens.Next(out var token, out int tokenColumn))
            {
                int literal = tokens.Literal(token, tokenColumn, declared, ref used);
                if (literal < 0)
                {
                    clauses.Add([.. current]);
                    current.Clear();
                }
                else
                {
                    current.Add(literal);
                }
            }
        }
        if (current.Count > 0)
            clauses.Add([.. current]);
        int variables = Math.Max(declared, used);
        return new PseudoBooleanProblem(variables, clauses, constraints, [.. Enumerable.Range(0, Math.Min(inputs, variables))]);
    }

    // ℓ₁ … ℓₙ >= k [# y]  or  ℓ₁ … ℓₙ <= k [# y]; repeated literals carry weight.
    private static PseudoBooleanConstraint CardinalityLine(Tokens tokens, int declared, ref int used)
    {
        var literals = new List<int>();
        while (tokens.Next(out var token, out int column))
        {
            if (token is ">=" or "<=")
            {
                bool atMost = token is "<=";
                long bound = tokens.Integer(int.MaxValue, "the bound", allowNegative: true);
                int? output = null;
                if (tokens.Next(out var hash, out int hashColumn))
                {
                    if (hash is not "#")
                        throw tokens.Error(hashColumn, ProblemFileDiagnosticIds.Syntax, $"expected '# OUTPUT' or the end of the line after the bound, found '{hash}'");
                    if (!tokens.Next(out var y, out int yColumn))
                        throw tokens.Error(hashColumn, ProblemFileDiagnosticIds.Syntax, "expected the output literal after '#'");
                    int literal = tokens.Literal(y, yColumn, declared, ref used);
                    if (literal < 0)
                        throw tokens.Error(yColumn, ProblemFileDiagnosticIds.Syntax, "the output literal cannot be 0");
                    output = literal;
                    tokens.End();
                }
                var weights = Enumerable.Repeat(1, literals.Count).ToArray();
                var lits = literals.ToArray();
                if (atMost)
                {
                    // Σℓ ≤ k  ⇔  Σ¬ℓ ≥ n − k.
                    for (int i = 0; i < lits.Length; i++)
                        lits[i] ^= 1;
                    bound = lits.Length - bound;
                }
                return new PseudoBooleanConstraint(lits, weights, bound, output);
            }
            int l = tokens.Literal(token, column, declared, ref used);
            if (l < 0)
                throw tokens.Error(column, ProblemFileDiagnosticIds.Syntax, "a cardinality line has no 0; it ends with '>= K # OUTPUT'");
            literals.Add(l);
        }
        throw tokens.Error(tokens.EndColumn, ProblemFileDiagnosticIds.Syntax, "expected '>= K' in a cardinality line");
    }

    /// <summary>Reads OPB (linear constraints <c>+3 x1 -2 ~x4 &gt;= 1 ;</c>, also <c>=</c> and <c>&lt;=</c>) from <paramref name="text"/>.</summary>
    public static PseudoBooleanProblem ReadOpb(string path, string text)
    {
        var constraints = new List<PseudoBooleanConstraint>();
        int declared = -1, used = 0, inputs = 0;
        var lines = text.Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd('\r');
            var tokens = new Tokens(path, n + 1, line);
            if (line.TrimStart().StartsWith('*'))
            {
                int at = line.IndexOf("#variable=", StringComparison.Ordinal);
                if (at >= 0)
                {
                    var header = new Tokens(path, n + 1, line[(at + "#variable=".Length)..], at + "#variable=".Length);
                    declared = (int)header.Integer(int.MaxValue, "the variable count");
                }
                var comment = new Tokens(path, n + 1, line.TrimStart()[1..]);
                inputs = Math.Max(inputs, comment.InputCount());
                continue;
            }
            if (!tokens.Next(out var first, out int firstColumn))
                continue;
            if (first.StartsWith("min:", StringComparison.Ordinal) || first.StartsWith("max:", StringComparison.Ordinal))
                throw tokens.Error(firstColumn, ProblemFileDiagnosticIds.Unsupported, "objective functions are not supported: bnnverify solve decides satisfiability only");
            tokens.Rewind();
            var terms = new List<(long Coefficient, int Literal)>();
            string? relation = null;
            long bound = 0;
            while (tokens.Next(out var token, out int column))
            {
                if (token is ">=" or "=" or "<=")
                {
                    relation = token.ToString();
                    bound = tokens.Integer(long.MaxValue / 4, "the bound", allowNegative: true);
                    if (!tokens.Next(out var end, out int endColumn) || end is not ";")
                        throw tokens.Error(endColumn, ProblemFileDiagnosticIds.Syntax, "expected ';' after the bound");
                    tokens.End();
                    break;
                }
                long coefficient = tokens.ParseInteger(token, column, long.MaxValue / 4, "a coefficient", allowNegative: true);
                if (!tokens.Next(out var variable, out int variableColumn))
                    throw tokens.Error(tokens.EndColumn, ProblemFileDiagnosticIds.Syntax, "expected a variable after the coefficient");
                bool negated = variable.StartsWith('~');
                var name = negated ? variable[1..] : variable;
                if (name.Length < 2 || name[0] != 'x' || !int.TryParse(name[1..], NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index < 1)
                    throw tokens.Error(variableColumn, ProblemFileDiagnosticIds.Syntax, $"expected a variable x1, x2, … or ~x1, found '{variable}'");
                if (tokens.PeekIsVariable())
                    throw tokens.Error(variableColumn, ProblemFileDiagnosticIds.Unsupported, "non-linear terms (products of variables) are not supported");
                if (declared >= 0 && index > declared)
                    throw tokens.Error(variableColumn, ProblemFileDiagnosticIds.VariableOutOfRange, $"variable x{index} is beyond the header's #variable= {declared}");
                used = Math.Max(used, index);
                terms.Add((coefficient, 2 * (index - 1) + (negated ? 1 : 0)));
            }
            if (relation is null)
                throw tokens.Error(tokens.EndColumn, ProblemFileDiagnosticIds.Syntax, "expected '>= K ;', '= K ;' or '<= K ;' to end the constraint");
            if (relation is ">=" or "=")
                constraints.Add(Normalize(tokens, terms, bound, negate: false));
            if (relation is "<=" or "=")
                constraints.Add(Normalize(tokens, terms, bound, negate: true));
        }
        int variables = Math.Max(declared, used);
        return new PseudoBooleanProblem(variables, [], constraints, [.. Enumerable.Range(0, Math.Min(inputs, variables))]);
    }

    // Σ c·ℓ ≥ k (or ≤ k when negated) with positive weights: −c·ℓ = c·¬ℓ − c.
    private static PseudoBooleanConstraint Normalize(Tokens tokens, List<(long Coefficient, int Literal)> terms, long bound, bool negate)
    {
        var literals = new List<int>();
        var weights = new List<int>();
        long k = negate ? -bound : bound;
        foreach (var (coefficient, literal) in terms)
        {
            long c = negate ? -coefficient : coefficient;
            int l = literal;
            if (c < 0)
            {
                k -= c;
                c = -c;
                l ^= 1;
            }
            if (c == 0)
                continue;
            if (c > int.MaxValue)
                throw tokens.Error(1, ProblemFileDiagnosticIds.NumberTooLarge, $"coefficient {c} is too large (at most {int.MaxValue})");
            literals.Add(l);
            weights.Add((int)c);
        }
        return new PseudoBooleanConstraint([.. literals], [.. weights], k, null);
    }

    /// <summary>
    /// The whitespace-separated tokens of one line, with their 1-based columns: slices of the line, so that reading a
    /// file of a hundred thousand literals allocates no string per literal.
    /// </summary>
    private sealed class Tokens(string path, int line, string text, int columnOffset = 0)
    {
        private int _position;

        public int EndColumn => columnOffset + text.Length + 1;

        public void Rewind() => _position = 0;

        public bool Next(out ReadOnlySpan<char> token, out int column)
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
                _position++;
            column = columnOffset + _position + 1;
            if (_position >= text.Length)
            {
                token = [];
                return false;
            }
            int start = _position;
            while (_position < text.Length && !char.IsWhiteSpace(text[_position]))
                _position++;
            token = text.AsSpan(start, _position - start);
            return true;
        }

        public bool PeekIsVariable()
        {
            int saved = _position;
            bool isVariable = Next(out var token, out _) && (token.StartsWith('x') || token.StartsWith("~x", StringComparison.Ordinal));
            _position = saved;
            return isVariable;
        }

        public void End()
        {
            if (Next(out var extra, out int column))
                throw Error(column, ProblemFileDiagnosticIds.Syntax, $"unexpected '{extra}' at the end of the line");
        }

        public long Integer(long max, string what, bool allowNegative = false)
        {
            if (!Next(out var token, out int column))
                throw Error(column, ProblemFileDiagnosticIds.Syntax, $"expected {what}");
            return ParseInteger(token, column, max, what, allowNegative);
        }

        public long ParseInteger(ReadOnlySpan<char> token, int column, long max, string what, bool allowNegative)
        {
            var style = allowNegative ? NumberStyles.AllowLeadingSign : NumberStyles.None;
            if (!long.TryParse(token, style, CultureInfo.InvariantCulture, out long value))
                throw Error(column, ProblemFileDiagnosticIds.Syntax, $"expected {what} (an integer), found '{token}'");
            if (Math.Abs(value) > max)
                throw Error(column, ProblemFileDiagnosticIds.NumberTooLarge, $"{what} {value} is too large (at most {max})");
            return value;
        }

        // A DIMACS literal: its code, or −1 for the terminating 0.
        public int Literal(ReadOnlySpan<char> token, int column, int declared, ref int used)
        {
            if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int dimacs))
                throw Error(column, ProblemFileDiagnosticIds.Syntax, $"expected a literal (a non-zero integer) or 0, found '{token}'");
            if (dimacs == 0)
                return -1;
            int variable = Math.Abs(dimacs);
            if (declared >= 0 && variable > declared)
                throw Error(column, ProblemFileDiagnosticIds.VariableOutOfRange, $"literal {dimacs} is beyond the header's {declared} variables");
            used = Math.Max(used, variable);
            return 2 * (variable - 1) + (dimacs < 0 ? 1 : 0);
        }

        // "bnnverify inputs N" after the comment character: N, else 0.
        public int InputCount()
        {
            string rest = text[_position..].Trim();
            if (!rest.StartsWith(InputsComment, StringComparison.Ordinal))
                return 0;
            return int.TryParse(rest.AsSpan(InputsComment.Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;
        }

        public DiagnosticException Error(int column, string id, string message) =>
            new(Diagnostic.Error(id, new SourceLocation(path, line, column), message));
    }
}
