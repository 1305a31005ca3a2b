namespace BnnVerify.Encoding.Cardinality;

/// <summary>How a reified cardinality constraint <c>output ⇔ (Σ literals ≥ k)</c> is turned into clauses.</summary>
/// <remarks>
/// Every member encodes both directions of the equivalence, so the output can be assumed true or false.
/// Sizes are given for n inputs and threshold k after <see cref="ReifiedCardinality"/> has simplified
/// the constraint (so 2 ≤ k ≤ (n+1)/2); docs/encodings.md has the exact counts and measurements.
/// </remarks>
public enum CardinalityEncoding
{
    /// <summary>
    /// Sequential counter: C. Sinz, "Towards an Optimal CNF Encoding of Boolean Cardinality Constraints",
    /// CP 2005. Registers s(i,j) ⇔ "at least j of the first i inputs"; kept only where they can still
    /// reach k, which leaves k(n−k+1) registers and about 4 clauses each.
    /// </summary>
    SequentialCounter,

    /// <summary>
    /// Totalizer: O. Bailleux and Y. Boufkhad, "Efficient CNF Encoding of Boolean Cardinality Constraints",
    /// CP 2003. A balanced tree of unary adders; every node counts only up to k (the usual k-simplification),
    /// giving O(n log n) variables and O(n k) clauses.
    /// </summary>
    Totalizer,

    /// <summary>
    /// Cardinality network: R. Asín, R. Nieuwenhuis, A. Oliveras and E. Rodríguez-Carbonell, "Cardinality
    /// Networks: a theoretical and empirical study", Constraints 16(2), 2011. Odd-even sorting of blocks of
    /// k (Batcher's merges, as in Eén and Sörensson, JSAT 2006) joined by simplified merges that keep only
    /// the top k outputs: O(n log² k) clauses; comparators outside the output's cone are not emitted.
    /// </summary>
    SortingNetwork,

    /// <summary>
    /// Per constraint, whichever of <see cref="SequentialCounter"/>, <see cref="Totalizer"/> and <see cref="SortingNetwork"/>
    /// makes the fewest clauses for its (n, k), counted exactly before anything is emitted (ties go to the earlier one
    /// in the order totalizer, sorting network, sequential counter). The totalizer wins for small k, the cardinality
    /// network for k near n/2 with n from about 64 up (docs/encodings.md), which is what a neuron with many
    /// inputs needs; docs/benchmarks.md measures the effect on whole verification problems.
    /// </summary>
    Smallest,
}
