using System.Numerics;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Checking;

/// <summary>
/// Counts the inputs that satisfy a precondition, up to a cap, without enumerating them where it can:
/// the top-level conjuncts are grouped into independent parts (no input in common), each part is counted
/// by the pruned search over its own inputs only, and the counts multiply, times 2 for every input the
/// precondition never mentions. A part that is one count of input literals (a Hamming ball, an <c>atmost</c>), or such
/// a count with unit literals fixing some inputs (<see cref="HammingBall"/>), is counted in closed form. "Every base is one of A, C, G, T" over 60 positions is thus 4⁶⁰ at once,
/// where a single search would have to visit more than the cap of models before giving up.
/// </summary>
internal static class ScopeCounter
{
    /// <summary>Search nodes allowed for counting before exhaustive checking is declared out of reach.</summary>
    public const long NodeBudget = 20_000_000;

    /// <summary>The number of models, or null when it exceeds <paramref name="cap"/> or the search for it exceeds the budget.</summary>
    public static long? Count(Formula precondition, int inputCount, long cap, CancellationToken cancellation)
    {
        var parts = IndependentParts(precondition, inputCount, out int unmentioned);
        // One part without models makes the whole scope empty, even when another part is too large to count.
        bool tooLarge = unmentioned >= 62 || (1L << unmentioned) > cap;
        long total = unmentioned >= 62 ? 0 : 1L << unmentioned;
        long budget = NodeBudget;
        foreach (var part in parts)
        {
            long? count = CountPart(part, inputCount, cap, ref budget, cancellation);
            if (cancellation.IsCancellationRequested)
                return null;
            if (count == 0)
                return 0;
            if (count is null || tooLarge || !MultiplyCapped(ref total, count.Value, cap))
                tooLarge = true;
        }
        return tooLarge ? null : total;
    }

    private static long? CountPart(Formula part, int inputCount, long cap, ref long budget, CancellationToken cancellation)
    {
        if (InputCount.Match(part) is { } literalCount)
            return CountInClosedForm(literalCount, cap);
        // A ball whose fixed bits share inputs with its count: still Σ C(free, d), not a search.
        if (HammingBall.Match(part, inputCount, coverAll: false) is { } ball)
            return ball.Size > cap ? null : (long)ball.Size;
        var search = new PreconditionSearch(part, inputCount, onlyMentioned: true);
        long count = 0;
        for (int task = 0; task < search.TaskCount; task++)
        {
            if (cancellation.IsCancellationRequested)
                return null;
            long piece = search.CountModels(task, cap, ref budget, cancellation);
            if (piece == long.MaxValue || budget < 0)
                return null;
            count += piece;
            if (count > cap)
                return null;
        }
        return count;
    }

    /// <summary>
    /// Σ C(n, s) over the numbers s of true literals the count allows: a Hamming ball of radius 8 around 64 inputs has
    /// 5.3·10⁹ members, which the search would have to visit 2^28 of before giving up.
    /// </summary>
    private static long? CountInClosedForm(InputCount count, long cap)
    {
        int n = count.Literals.Length;
        BigInteger total = BigInteger.Zero, binomial = BigInteger.One;
        for (int s = 0; s <= n; s++)
        {
            if (count.Allows(s))
                total += binomial;
            // C(n, s + 1) = C(n, s) · (n − s) / (s + 1), exact at every step.
            binomial = binomial * (n - s) / (s + 1);
        }
        return total > cap ? null : (long)total;
    }

    /// <summary>
    /// Groups the top-level conjuncts of <paramref name="precondition"/> by shared inputs (union-find over inputs): parts
    /// with no input in common, whose models combine freely, and the number of inputs no part mentions.
    /// </summary>
    internal static List<Formula> IndependentParts(Formula precondition, int inputCount, out int unmentioned)
    {
        var conjuncts = precondition is JunctionFormula { IsConjunction: true } and ? [.. and.Operands] : new List<Formula> { precondition };
        var parent = Enumerable.Range(0, inputCount).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
                x = parent[x] = parent[parent[x]];
            return x;
        }
        var inputsOf = new List<List<int>>();
        var mentioned = new bool[inputCount];
        foreach (var conjunct in conjuncts)
        {
            var inputs = new List<int>();
            conjunct.CollectInputs(inputs, []);
            inputsOf.Add(inputs);
            foreach (int input in inputs)
            {
                mentioned[input] = true;
                parent[Find(input)] = Find(inputs[0]);
            }
        }
        unmentioned = mentioned.Count(m => !m);
        var groups = new Dictionary<int, List<Formula>>();
        var constants = new List<Formula>();
        for (int c = 0; c < conjuncts.Count; c++)
        {
            if (inputsOf[c].Count == 0)
            {
                constants.Add(conjuncts[c]);
                continue;
            }
            int root = Find(inputsOf[c][0]);
            if (!groups.TryGetValue(root, out var group))
                groups[root] = group = [];
            group.Add(conjuncts[c]);
        }
        var parts = groups.Values.Select(Formulas.And).ToList();
        // A conjunct without inputs is a constant: false makes everything vacuous, true changes nothing.
        if (constants.Any(c => Formulas.IsConstant(c, false)))
            return [Formulas.False];
        return parts;
    }

    private static bool MultiplyCapped(ref long total, long factor, long cap)
    {
        if (factor != 0 && total > cap / factor)
            return false;
        total *= factor;
        return total <= cap;
    }
}
