using System.Diagnostics;
using System.Globalization;
using BnnVerify.Encoding.Cnf;

namespace BnnVerify.Encoding.Proofs;

/// <summary>
/// An independent forward checker of clausal proofs: each added lemma must follow from the clauses present at that
/// point by unit propagation alone (RUP: assigning the negation of every literal of the lemma propagates to a
/// conflict); deletions remove clauses; the proof must derive the empty clause.
/// </summary>
/// <remarks>
/// <para>This is the trusted part of <c>--certify</c>, so it is small and shares nothing with the native solver it
/// checks: its own clause store, its own two-watched-literal propagation, its own trail. RAT lemmas are not accepted
/// (the native solver never needs them). Facts found at the top level stay when a clause that gave them is deleted,
/// as in drat-trim: they follow from the formula whichever clause gave them.</para>
/// <para>Literals are codes, <c>2·variable + sign</c>, as in <see cref="CnfFormula"/>. Clauses lie one after another
/// in one array and watch lists are plain arrays: a reference formula of a tic-tac-toe network has two million
/// clauses, and an array per clause made loading it take seconds.</para>
/// </remarks>
public sealed class RupChecker
{
    // Clause c's literals are _literals[_start[c] .. _start[c] + _length[c]); its first two are the watched ones.
    private int[] _literals = new int[1024];
    private int _literalCount;
    private int[] _start = new int[256];
    private int[] _length = new int[256];
    private bool[] _deleted = new bool[256];
    private int _clauseCount;

    // Lemmas by content, for deletions; a deletion that names no lemma looks through the formula's clauses.
    private readonly Dictionary<int[], List<int>> _lemmasByContent = new(new ClauseContentComparer());
    private int _formulaClauses;

    private sbyte[] _value = [];

    // Per literal: the clauses watching it, as pairs (clause, blocker): a blocker is another literal of the clause,
    // and when it is true the clause is skipped without being read.
    private int[][] _watches = [];
    private int[] _watchCount = [];
    private int[] _trail = [];
    private int _trailCount;
    private int _head;
    private bool _refuted;
    private int[] _scratch = new int[64];

    private RupChecker()
    {
    }

    /// <summary>Checks <paramref name="proof"/> against <paramref name="formula"/> within <paramref name="budget"/>.</summary>
    public static ProofCheckResult Check(CnfFormula formula, DratProof proof, ProofCheckBudget budget, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(budget);
        var clock = Stopwatch.StartNew();
        var checker = new RupChecker();
        checker.Allocate(Math.Max(formula.VariableCount, HighestVariable(proof) + 1));
        for (int c = 0; c < formula.ClauseCount; c++)
            checker.Insert(formula.ClauseCodes(c), lemma: false);
        checker._formulaClauses = checker._clauseCount;

        int lemmas = 0, ignored = 0;
        foreach (var (deleted, memory) in proof.Steps())
        {
            var literals = memory.Span;
            if (deleted)
            {
                if (!checker.Remove(literals))
                    ignored++;
                continue;
            }
            if (lemmas >= budget.MaxLemmas || cancellation.IsCancellationRequested || (budget.TimeLimit is { } limit && clock.Elapsed > limit))
            {
                return new ProofCheckResult(ProofCheckOutcome.Stopped, lemmas, proof.LemmaCount, clock.Elapsed, null,
                    $"the proof check stopped after {lemmas} of {proof.LemmaCount} lemmas (time or lemma budget, or cancellation)") { IgnoredDeletions = ignored };
            }
            if (!checker.IsRup(literals))
            {
                return new ProofCheckResult(ProofCheckOutcome.Rejected, lemmas, proof.LemmaCount, clock.Elapsed, lemmas + 1,
                    $"lemma {lemmas + 1} of {proof.LemmaCount} ({Describe(literals)}) does not follow by unit propagation from the formula and the lemmas before it")
                { IgnoredDeletions = ignored };
            }
            lemmas++;
            if (literals.IsEmpty)
                return new ProofCheckResult(ProofCheckOutcome.Verified, lemmas, proof.LemmaCount, clock.Elapsed, null, null) { IgnoredDeletions = ignored };
            checker.Insert(literals, lemma: true);
        }
        return new ProofCheckResult(ProofCheckOutcome.Rejected, lemmas, proof.LemmaCount, clock.Elapsed, lemmas + 1,
            $"the proof ends after {lemmas} lemmas without deriving the empty clause") { IgnoredDeletions = ignored };
    }

    private static int HighestVariable(DratProof proof)
    {
        int highest = -1;
        foreach (var (_, literals) in proof.Steps())
        {
            foreach (int code in literals.Span)
                highest = Math.Max(highest, code >> 1);
        }
        return highest;
    }

    private void Allocate(int variables)
    {
        _value = new sbyte[2 * variables];
        _watches = new int[2 * variables][];
        _watchCount = new int[2 * variables];
        for (int i = 0; i < _watches.Length; i++)
            _watches[i] = new int[8];
        _trail = new int[variables];
    }

    /// <summary>The literals sorted, without repeats, in the scratch buffer; returns how many.</summary>
    private int SortedDistinct(ReadOnlySpan<int> literals)
    {
        if (_scratch.Length < literals.Length)
            _scratch = new int[Math.Max(literals.Length, 2 * _scratch.Length)];
        var sorted = _scratch.AsSpan(0, literals.Length);
        literals.CopyTo(sorted);
        sorted.Sort();
        int distinct = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            if (distinct == 0 || sorted[i] != sorted[distinct - 1])
                sorted[distinct++] = sorted[i];
        }
        return distinct;
    }

    /// <summary>
    /// Adds a clause at the top level: a clause true there is only stored (for deletion), one with a single literal
    /// left asserts it, one with none refutes the formula, and any other watches two literals that are not false.
    /// </summary>
    private void Insert(ReadOnlySpan<int> literals, bool lemma)
    {
        int size = SortedDistinct(literals);
        int c = _clauseCount++;
        if (c == _start.Length)
        {
            Array.Resize(ref _start, 2 * c);
            Array.Resize(ref _length, 2 * c);
            Array.Resize(ref _deleted, 2 * c);
        }
        if (_literalCount + size > _literals.Length)
            Array.Resize(ref _literals, Math.Max(2 * _literals.Length, _literalCount + size));
        int first = _literalCount;
        _scratch.AsSpan(0, size).CopyTo(_literals.AsSpan(first));
        _literalCount += size;
        _start[c] = first;
        _length[c] = size;
        if (lemma)
        {
            var key = _scratch.AsSpan(0, size).ToArray();
            if (!_lemmasByContent.TryGetValue(key, out var same))
                _lemmasByContent[key] = same = [];
            same.Add(c);
        }
        if (_refuted)
            return;

        var clause = _literals.AsSpan(first, size);
        int open = 0;
        for (int i = 0; i < clause.Length; i++)
        {
            sbyte v = _value[clause[i]];
            if (v > 0)
                return;
            if (v == 0)
            {
                (clause[open], clause[i]) = (clause[i], clause[open]);
                open++;
            }
        }
        if (open == 0)
        {
            _refuted = true;
            return;
        }
        if (open == 1)
        {
            Assign(clause[0]);
            if (!Propagate())
                _refuted = true;
            return;
        }
        Watch(clause[0], c, clause[1]);
        Watch(clause[1], c, clause[0]);
    }

    private void Watch(int literal, int clause, int blocker)
    {
        ref var list = ref _watches[literal];
        int at = _watchCount[literal];
        if (at + 2 > list.Length)
            Array.Resize(ref list, 2 * list.Length);
        list[at] = clause;
        list[at + 1] = blocker;
        _watchCount[literal] = at + 2;
    }

    // A deleted clause leaves the watch lists of its first two literals (where it is watched, if at all).
    private void Unwatch(int c)
    {
        if (_length[c] < 2)
            return;
        for (int w = 0; w < 2; w++)
        {
            int literal = _literals[_start[c] + w];
            var list = _watches[literal];
            int count = _watchCount[literal];
            for (int i = 0; i < count; i += 2)
            {
                if (list[i] != c)
                    continue;
                list[i] = list[count - 2];
                list[i + 1] = list[count - 1];
                _watchCount[literal] = count - 2;
                break;
            }
        }
    }

    /// <summary>Deletes one stored clause with these literals; false when there is none.</summary>
    private bool Remove(ReadOnlySpan<int> literals)
    {
        int size = SortedDistinct(literals);
        var key = _scratch.AsSpan(0, size);
        if (_lemmasByContent.TryGetValue(key.ToArray(), out var same) && same.Count > 0)
        {
            _deleted[same[^1]] = true;
            Unwatch(same[^1]);
            same.RemoveAt(same.Count - 1);
            return true;
        }
        for (int c = 0; c < _formulaClauses; c++)
        {
            if (!_deleted[c] && _length[c] == size && IsSameSet(c, key))
            {
                _deleted[c] = true;
                Unwatch(c);
                return true;
            }
        }
        return false;
    }

    private bool IsSameSet(int c, ReadOnlySpan<int> sortedKey)
    {
        var clause = _literals.AsSpan(_start[c], _length[c]);
        foreach (int l in clause)
        {
            if (sortedKey.BinarySearch(l) < 0)
                return false;
        }
        return true;
    }

    /// <summary>Whether assigning the negation of every literal of the lemma propagates to a conflict; undoes what it assigned.</summary>
    private bool IsRup(ReadOnlySpan<int> lemma)
    {
        if (_refuted)
            return true;
        int mark = _trailCount;
        bool conflict = false;
        foreach (int l in lemma)
        {
            sbyte v = _value[l];
            if (v > 0)
            {
                conflict = true; // true already: its negation contradicts what is known
                break;
            }
            if (v == 0)
                Assign(l ^ 1);
        }
        if (!conflict)
            conflict = !Propagate();
        for (int i = _trailCount - 1; i >= mark; i--)
        {
            int l = _trail[i];
            _value[l] = 0;
            _value[l ^ 1] = 0;
        }
        _trailCount = mark;
        _head = mark;
        return conflict;
    }

    private void Assign(int literal)
    {
        _value[literal] = 1;
        _value[literal ^ 1] = -1;
        _trail[_trailCount++] = literal;
    }

    /// <summary>Unit propagation to a fixpoint; false on a conflict. Each watched clause keeps its two watched literals first.</summary>
    private bool Propagate()
    {
        var value = _value;
        var all = _literals;
        while (_head < _trailCount)
        {
            int falsified = _trail[_head++] ^ 1;
            var watching = _watches[falsified];
            int count = _watchCount[falsified];
            int kept = 0;
            int i = 0;
            bool conflict = false;
            for (; i < count; i += 2)
            {
                int c = watching[i];
                int blocker = watching[i + 1];
                if (value[blocker] > 0)
                {
                    watching[kept++] = c;
                    watching[kept++] = blocker;
                    continue;
                }
                int first = _start[c];
                if (all[first] == falsified)
                {
                    all[first] = all[first + 1];
                    all[first + 1] = falsified;
                }
                int other = all[first];
                if (other != blocker && value[other] > 0)
                {
                    watching[kept++] = c;
                    watching[kept++] = other;
                    continue;
                }
                int end = first + _length[c];
                int replacement = -1;
                for (int k = first + 2; k < end; k++)
                {
                    if (value[all[k]] >= 0)
                    {
                        replacement = k;
                        break;
                    }
                }
                if (replacement >= 0)
                {
                    all[first + 1] = all[replacement];
                    all[replacement] = falsified;
                    Watch(all[first + 1], c, other);
                    continue;
                }
                watching[kept++] = c;
                watching[kept++] = other;
                if (value[other] < 0)
                {
                    conflict = true;
                    i += 2;
                    break;
                }
                Assign(other);
            }
            for (; i < count; i++)
                watching[kept++] = watching[i];
            _watchCount[falsified] = kept;
            if (conflict)
                return false;
        }
        return true;
    }

    private static string Describe(ReadOnlySpan<int> literals)
    {
        if (literals.IsEmpty)
            return "the empty clause";
        var parts = new List<string>();
        foreach (int code in literals[..Math.Min(literals.Length, 12)])
            parts.Add(((code & 1) == 0 ? (code >> 1) + 1 : -((code >> 1) + 1)).ToString(CultureInfo.InvariantCulture));
        return string.Join(' ', parts) + (literals.Length > 12 ? " …" : "") + " 0";
    }

    /// <summary>Compares clauses by their sorted, duplicate-free literals.</summary>
    private sealed class ClauseContentComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] clause)
        {
            var hash = new HashCode();
            foreach (int l in clause)
                hash.Add(l);
            return hash.ToHashCode();
        }
    }
}
