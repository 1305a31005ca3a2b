using System.Globalization;
using System.Text;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Export;

/// <summary>
/// Collects linear pseudo-Boolean constraints <c>Σ cᵢ·xᵢ ≥ k</c> and writes them in the OPB format of the PB
/// competitions (positive variables only, <c>x1</c> is variable 0). Used by <c>bnnverify export --format opb</c>
/// and by the clasp backend, so both hand a solver exactly the same file for the same constraints.
/// </summary>
/// <remarks>
/// Every constraint is normalised before it is written: a negative literal becomes <c>c·¬x = c − c·x</c>, the
/// terms of one variable are merged into one coefficient (a literal repeated n times carries weight n; x and ¬x
/// cancel), zero coefficients are dropped. A constraint left without terms is either true (skipped) or false
/// (the problem is then stated as <c>x1 ∧ ¬x1</c>), so no written line has an empty left-hand side.
/// </remarks>
public sealed class OpbWriter
{
    private readonly StringBuilder _body = new();
    // The constraint being built: its variables in first-occurrence order and their merged coefficients.
    private readonly List<int> _variables = [];
    private readonly Dictionary<int, long> _coefficients = [];
    // Σ of the constants that rewriting negative literals moved out of the terms.
    private long _pendingConstant;
    private bool _unsatisfiable;

    /// <summary>How many constraints will be written (including the two of a contradiction).</summary>
    public int ConstraintCount { get; private set; }

    /// <summary>Whether a constraint that no assignment satisfies was added.</summary>
    public bool IsUnsatisfiable => _unsatisfiable;

    /// <summary>Adds the clause <c>ℓ₁ ∨ … ∨ ℓₙ</c> as <c>Σ ℓᵢ ≥ 1</c>; an empty clause makes the problem unsatisfiable.</summary>
    public void AddClause(ReadOnlySpan<Lit> literals)
    {
        foreach (var literal in literals)
            AddTerm(1, literal);
        EndConstraint(1);
    }

    /// <summary>Adds the clause whose literals are given by their codes (<see cref="Lit.Code"/>).</summary>
    public void AddClauseCodes(ReadOnlySpan<int> codes)
    {
        foreach (int code in codes)
            AddTerm(1, Lit.FromCode(code));
        EndConstraint(1);
    }

    /// <summary>Adds the unit constraint <paramref name="literal"/> (an assumption, a fixed bit).</summary>
    public void AddUnit(Lit literal) => AddClause([literal]);

    /// <summary>Makes the problem unsatisfiable.</summary>
    public void AddFalse() => _unsatisfiable = true;

    /// <summary>
    /// Adds <c>output ⇔ (at least <paramref name="atLeast"/> of <paramref name="literals"/>)</c> (a repeated literal
    /// counts once per occurrence) as two linear constraints: <c>Σℓ + k·¬y ≥ k</c> (y ⇒ at least k) and
    /// <c>Σ¬ℓ + (n−k+1)·y ≥ n−k+1</c> (¬y ⇒ at most k−1). A threshold of at most 0 or above n fixes y instead.
    /// </summary>
    public void AddReifiedAtLeast(ReadOnlySpan<Lit> literals, int atLeast, Lit output)
    {
        long n = literals.Length, k = atLeast;
        if (k <= 0)
        {
            AddUnit(output);
            return;
        }
        if (k > n)
        {
            AddUnit(!output);
            return;
        }
        foreach (var literal in literals)
            AddTerm(1, literal);
        AddTerm(k, !output);
        EndConstraint(k);
        foreach (var literal in literals)
            AddTerm(1, !literal);
        AddTerm(n - k + 1, output);
        EndConstraint(n - k + 1);
    }

    /// <summary>
    /// Writes the header (<c>* #variable= … #constraint= …</c>), <paramref name="commentLines"/> as <c>*</c> comments,
    /// then the constraints. <paramref name="variableCount"/> is the number of variables of the problem.
    /// </summary>
    public void Write(TextWriter writer, int variableCount, IEnumerable<string> commentLines)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(commentLines);
        var (variables, constraints) = HeaderCounts(variableCount);
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"* #variable= {variables} #constraint= {constraints}\n"));
        foreach (var line in commentLines)
            writer.Write("* " + line + "\n");
        if (_unsatisfiable)
            writer.Write("+1 x1 >= 1 ;\n-1 x1 >= 0 ;\n");
        foreach (var chunk in _body.GetChunks())
            writer.Write(chunk.Span);
    }

    /// <summary>The counts the header states for a problem of <paramref name="variableCount"/> variables.</summary>
    public (int Variables, int Constraints) HeaderCounts(int variableCount) =>
        // A contradiction needs a variable to state it with, and takes two constraints.
        (_unsatisfiable ? Math.Max(variableCount, 1) : variableCount, ConstraintCount + (_unsatisfiable ? 2 : 0));

    private void AddTerm(long coefficient, Lit literal)
    {
        long c = coefficient;
        if (literal.IsNegative)
        {
            // c·¬x = c − c·x: the constant goes to the right-hand side when the constraint ends.
            _pendingConstant += c;
            c = -c;
        }
        int variable = literal.Variable;
        if (_coefficients.TryGetValue(variable, out long existing))
        {
            _coefficients[variable] = existing + c;
        }
        else
        {
            _coefficients[variable] = c;
            _variables.Add(variable);
        }
    }

    private void EndConstraint(long atLeast)
    {
        long rhs = atLeast - _pendingConstant;
        var line = new StringBuilder();
        foreach (int variable in _variables)
        {
            long c = _coefficients[variable];
            if (c == 0)
                continue;
            line.Append(c > 0 ? "+" : "").Append(c.ToString(CultureInfo.InvariantCulture)).Append(" x")
                .Append((variable + 1).ToString(CultureInfo.InvariantCulture)).Append(' ');
        }
        _variables.Clear();
        _coefficients.Clear();
        _pendingConstant = 0;
        if (line.Length == 0)
        {
            // No terms left: 0 ≥ rhs is true or false outright.
            if (rhs > 0)
                _unsatisfiable = true;
            return;
        }
        line.Append(">= ").Append(rhs.ToString(CultureInfo.InvariantCulture)).Append(" ;\n");
        _body.Append(line);
        ConstraintCount++;
    }
}
