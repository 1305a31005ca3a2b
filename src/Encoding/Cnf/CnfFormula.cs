using System.Diagnostics;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Cnf;

/// <summary>A growing clause set: every clause's literal codes stored one after another in one array.</summary>
/// <remarks>
/// Clauses are kept flat (codes plus start offsets) rather than as one array each, because encodings
/// produce hundreds of thousands of short clauses and a DIMACS writer or a model check only walks them.
/// </remarks>
public sealed class CnfFormula : IClauseSink
{
    private readonly List<int> _codes = [];
    // _starts[i] is where clause i begins in _codes; one extra entry marks the end of the last clause.
    private readonly List<int> _starts = [0];

    /// <summary>How many variables exist (0 .. VariableCount-1).</summary>
    public int VariableCount { get; private set; }

    /// <summary>How many clauses have been added.</summary>
    public int ClauseCount => _starts.Count - 1;

    /// <summary>How many literal occurrences all clauses hold together.</summary>
    public int LiteralCount => _codes.Count;

    /// <inheritdoc/>
    public int NewVariable() => VariableCount++;

    /// <summary>Makes sure variables 0 .. <paramref name="count"/>-1 exist.</summary>
    public void EnsureVariables(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > VariableCount)
            VariableCount = count;
    }

    /// <inheritdoc/>
    public void AddClause(ReadOnlySpan<Lit> literals)
    {
        foreach (var lit in literals)
        {
            if (lit.Variable >= VariableCount)
                throw new ArgumentOutOfRangeException(nameof(literals), $"Literal {lit} names variable {lit.Variable}, but only {VariableCount} variables exist.");
            _codes.Add(lit.Code);
        }
        _starts.Add(_codes.Count);
    }

    /// <summary>The literal codes (<see cref="Lit.Code"/>) of clause <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> ClauseCodes(int index)
    {
        Debug.Assert(index >= 0 && index < ClauseCount);
        int start = _starts[index];
        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_codes).Slice(start, _starts[index + 1] - start);
    }

    /// <summary>The index of the first clause that <paramref name="assignment"/> (indexed by variable) falsifies, or -1 if none.</summary>
    public int FirstFalsifiedClause(ReadOnlySpan<bool> assignment)
    {
        if (assignment.Length < VariableCount)
            throw new ArgumentException($"The assignment covers {assignment.Length} variables; the formula has {VariableCount}.", nameof(assignment));
        var codes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_codes);
        for (int c = 0; c < ClauseCount; c++)
        {
            bool satisfied = false;
            for (int i = _starts[c]; i < _starts[c + 1]; i++)
            {
                int code = codes[i];
                if (assignment[code >> 1] != ((code & 1) != 0))
                {
                    satisfied = true;
                    break;
                }
            }
            if (!satisfied)
                return c;
        }
        return -1;
    }

    /// <summary>The clause at <paramref name="index"/> as text in DIMACS numbering, for messages.</summary>
    public string DescribeClause(int index)
    {
        var parts = new List<string>();
        foreach (int code in ClauseCodes(index))
            parts.Add(Lit.FromCode(code).ToDimacs().ToString(System.Globalization.CultureInfo.InvariantCulture));
        parts.Add("0");
        return string.Join(' ', parts);
    }
}
