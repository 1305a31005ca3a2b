namespace BnnVerify.Verifier.Checking;

/// <summary>Which counterexamples a solver backend reports (<c>check --counterexamples</c>, docs/report-format.md).</summary>
public enum CounterexampleForm
{
    /// <summary>
    /// The smallest in <see cref="CanonicalOrder"/>, the same whichever backend found them: each model is minimised, which
    /// may take up to 8 times as long as finding it took (at least 5 s). The default.
    /// </summary>
    Canonical,

    /// <summary>
    /// As the solver found them (replayed on the reference engine all the same): no minimising, so a large network's
    /// check ends as soon as the solver answers, but the counterexamples may differ from run to run and backend to backend.
    /// </summary>
    AsFound,
}
