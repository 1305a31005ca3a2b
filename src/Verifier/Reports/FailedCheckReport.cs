using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Verifier.Reports;

/// <summary>
/// What a <c>check</c> run that could not start reports (a malformed model or spec): the diagnostics, so that a CI
/// system reading the JSON, JUnit or SARIF file shows why nothing was checked instead of finding no file.
/// </summary>
/// <param name="ModelPath">The model file as named on the command line.</param>
/// <param name="SpecPath">The spec file as named on the command line.</param>
/// <param name="Diagnostics">The errors (and warnings) that stopped the run, in the order printed.</param>
public sealed record FailedCheckReport(string ModelPath, string SpecPath, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>Always <see cref="Cli.ExitCode.InvalidInput"/>: a run that could not start.</summary>
    public static Cli.ExitCode ExitCode => Cli.ExitCode.InvalidInput;
}
