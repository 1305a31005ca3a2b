namespace BnnVerify.Encoding.Backends.Z3;

/// <summary>How the Z3 backend states a reified cardinality constraint to Z3.</summary>
public enum Z3Formulation
{
    /// <summary>
    /// Z3's native pseudo-Boolean terms: <c>output ⇔ atleast(l…, k)</c>, <c>atmost</c> when most literals are
    /// negative, and <c>pbge</c> with coefficients when literals repeat. Z3 decides them with its
    /// pseudo-Boolean/cardinality theory. Backend name <c>z3-pb</c>.
    /// </summary>
    PseudoBoolean,

    /// <summary>
    /// Linear integer arithmetic: <c>output ⇔ (Σ ite(l, m, 0) ≥ k)</c>, m the literal's multiplicity. Z3's
    /// arithmetic solver handles it; see docs/encodings.md for when this beats <see cref="PseudoBoolean"/>.
    /// Backend name <c>z3-intsum</c>.
    /// </summary>
    IntegerSum,

    /// <summary>
    /// Clauses from one of the CNF encodings (<see cref="Cardinality.CardinalityEncoding"/>), so Z3 acts as a plain
    /// SAT solver. Backend name <c>z3-cnf/&lt;encoding&gt;</c>.
    /// </summary>
    Cnf,
}
