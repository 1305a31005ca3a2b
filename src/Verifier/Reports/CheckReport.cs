using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Reports;

/// <summary>Everything a report shows about one <c>check</c> run.</summary>
/// <param name="ModelPath">The model file as named on the command line.</param>
/// <param name="SpecPath">The spec file as named on the command line.</param>
/// <param name="Model">The model.</param>
/// <param name="Spec">The elaborated spec (for its rendering hint).</param>
/// <param name="Results">One result per contract checked, in spec order.</param>
/// <param name="Warnings">Warnings from loading the spec and from checking (e.g. vacuous contracts).</param>
/// <param name="ShowAllInputs">Counterexamples list every input, not only the true ones.</param>
public sealed record CheckReport(string ModelPath, string SpecPath, BnnModel Model, ElaboratedSpec Spec,
    ImmutableArray<ContractResult> Results, ImmutableArray<Diagnostic> Warnings, bool ShowAllInputs)
{
    /// <summary>How much the text report says (<c>--quiet</c>, <c>--verbose</c>); other formats always say everything.</summary>
    public ReportDetail Detail { get; init; } = ReportDetail.Normal;

    /// <summary>Which counterexamples solver backends were asked for (<c>--counterexamples</c>): canonical, or as found.</summary>
    public CounterexampleForm CounterexampleForm { get; init; } = CounterexampleForm.Canonical;

    /// <summary>The CI gate: 1 if any contract is violated, else 3 if any is unknown, else 0.</summary>
    public ExitCode ExitCode =>
        Results.Any(r => r.Verdict == Verdict.Violated) ? ExitCode.Violated
        : Results.Any(r => r.Verdict == Verdict.Unknown) ? ExitCode.Unknown
        : ExitCode.Success;

    /// <summary>How many results have <paramref name="verdict"/>.</summary>
    public int Count(Verdict verdict) => Results.Count(r => r.Verdict == verdict);
}
