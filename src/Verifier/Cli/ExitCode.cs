namespace BnnVerify.Verifier.Cli;

/// <summary>The process exit codes of every verb; documented in README.md and relied on by CI gates.</summary>
public enum ExitCode
{
    /// <summary>The verb did its job; for <c>check</c>, every contract holds.</summary>
    Success = 0,

    /// <summary>A contract is violated (or two models differ): a counterexample was found and replayed.</summary>
    Violated = 1,

    /// <summary>The input was invalid: bad command line, missing file, malformed model or spec.</summary>
    InvalidInput = 2,

    /// <summary>No verdict: a bound refused the job, a solver timed out or is missing, or the run was interrupted.</summary>
    Unknown = 3,

    /// <summary><c>solve</c> only, the SAT-competition convention: the problem is satisfiable (an <c>s SATISFIABLE</c> line and the model follow).</summary>
    Satisfiable = 10,

    /// <summary><c>solve</c> only, the SAT-competition convention: the problem is unsatisfiable.</summary>
    Unsatisfiable = 20,

    /// <summary>A bug in bnnverify (for example a solver model that does not replay); please report it.</summary>
    InternalError = 4,
}
