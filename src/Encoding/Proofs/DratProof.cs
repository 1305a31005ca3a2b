using System.Globalization;

namespace BnnVerify.Encoding.Proofs;

/// <summary>
/// A clausal proof in DRAT's sense, kept in memory as the solver writes it: a sequence of lemma additions and
/// deletions over literal codes (<c>2·variable + sign</c>). An addition claims that the lemma follows from the
/// clauses present at that point by unit propagation (RUP); a deletion removes a clause from that set.
/// </summary>
/// <remarks>
/// Steps are stored flat in one int list, each as a header <c>(length &lt;&lt; 1) | deleted</c> followed by its
/// literal codes: a proof of a hard problem has millions of short lemmas.
/// </remarks>
public sealed class DratProof
{
    private readonly List<int> _steps = [];

    /// <summary>How many lemmas were added (deletions not counted).</summary>
    public int LemmaCount { get; private set; }

    /// <summary>How many clauses were deleted.</summary>
    public int DeletionCount { get; private set; }

    /// <summary>Whether the empty clause was added: the proof claims unsatisfiability.</summary>
    public bool DerivesEmptyClause { get; private set; }

    /// <summary>Adds the lemma of <paramref name="literals"/> (literal codes; the empty span is the empty clause).</summary>
    public void AddLemma(ReadOnlySpan<int> literals) => Append(literals, deleted: false);

    /// <summary>Deletes the clause of <paramref name="literals"/> (the order of its literals does not matter).</summary>
    public void DeleteClause(ReadOnlySpan<int> literals) => Append(literals, deleted: true);

    private void Append(ReadOnlySpan<int> literals, bool deleted)
    {
        _steps.Add((literals.Length << 1) | (deleted ? 1 : 0));
        foreach (int l in literals)
            _steps.Add(l);
        if (deleted)
        {
            DeletionCount++;
            return;
        }
        LemmaCount++;
        if (literals.IsEmpty)
            DerivesEmptyClause = true;
    }

    /// <summary>The steps in order, each a deletion flag and its literal codes (valid until the next step is added).</summary>
    public IEnumerable<(bool Deleted, ReadOnlyMemory<int> Literals)> Steps()
    {
        var all = _steps.ToArray();
        for (int i = 0; i < all.Length;)
        {
            int header = all[i++];
            int length = header >> 1;
            yield return ((header & 1) != 0, new ReadOnlyMemory<int>(all, i, length));
            i += length;
        }
    }

    /// <summary>A copy of this proof with step <paramref name="index"/> rewritten by <paramref name="change"/> (null drops it); for tests of the checker.</summary>
    public DratProof With(int index, Func<int[], int[]?> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var copy = new DratProof();
        int i = 0;
        foreach (var (deleted, literals) in Steps())
        {
            var lits = literals.ToArray();
            var changed = i++ == index ? change(lits) : lits;
            if (changed is not null)
                copy.Append(changed, deleted);
        }
        return copy;
    }

    /// <summary>Writes the proof in the text DRAT format that drat-trim reads: one step a line, DIMACS numbering, <c>d</c> before a deletion.</summary>
    public void WriteText(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var (deleted, literals) in Steps())
        {
            if (deleted)
                writer.Write("d ");
            foreach (int code in literals.Span)
            {
                int dimacs = (code & 1) == 0 ? (code >> 1) + 1 : -((code >> 1) + 1);
                writer.Write(dimacs.ToString(CultureInfo.InvariantCulture));
                writer.Write(' ');
            }
            writer.Write("0\n");
        }
    }
}
