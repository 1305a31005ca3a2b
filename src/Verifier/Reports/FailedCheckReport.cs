using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Verifier.Reports;

/// <summary>
/// What a <c>check</c> run that could not start reports (a malformed model or spec, an option it cannot use): the diagnostics, so that a CI
/// system reading the JSON, JUnit or SARIF file shows why nothing was checked instead of finding no file.
/// </summary>
/// <param name="ModelPath">The model file as named on the command line.</param>
/// <param name="SpecPath">The spec file as named on the command line.</param>
/// <param name="Diagnostics">The errors (and warnings) that stopped the run, in the order printed.</param>
public sealed record FailedCheckReport(string ModelPath, string SpecPath, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>Always <see cref="Cli.ExitCode.InvalidInput"/>: a run that could not start.</summary>
    public static Cli.ExitCode ExitCode => Cli.ExitCode.InvalidInput;

    /// <summary>
    /// True when <paramref name="location"/> is an option's name (<c>--backend</c>), where diagnostics about the command
    /// line are located (Cli.OptionRules), rather than a file: machine reports then name no file.
    /// </summary>
    public static bool IsOnTheCommandLine(SourceLocation location) =>
        location.File.StartsWith("--", StringComparison.Ordinal) && location.Line == 0;
}
