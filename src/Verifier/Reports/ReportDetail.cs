namespace BnnVerify.Verifier.Reports;

/// <summary>How much a text report says: <c>--quiet</c>, the default, or <c>--verbose</c>.</summary>
public enum ReportDetail
{
    /// <summary>Only the verdict line of each contract that is violated or unknown; nothing when all are proved.</summary>
    Quiet,

    /// <summary>Every contract's verdict, its counterexamples and the summary; the same from run to run.</summary>
    Normal,

    /// <summary>As <see cref="Normal"/>, plus a line per contract saying which backend decided and in how long.</summary>
    Verbose,
}
