using System.Collections.Immutable;
using System.Globalization;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Robustness;

namespace BnnVerify.Verifier.Reports.Robustness;

/// <summary>The answers of one <c>bnnverify robust</c> run, for every report format.</summary>
/// <param name="ModelPath">The model file as given.</param>
/// <param name="Model">The model.</param>
/// <param name="Request">What was asked.</param>
/// <param name="Outcomes">One per target, in the order given.</param>
public sealed record RobustReport(string ModelPath, BnnModel Model, RobustnessRequest Request, ImmutableArray<RobustnessOutcome> Outcomes)
{
    /// <summary>Like <c>check</c>: 1 when a counterexample was found, else 3 when something is unknown, else 0.</summary>
    public ExitCode ExitCode =>
        Outcomes.Any(o => o.Result.Verdict == Checking.Verdict.Violated) ? ExitCode.Violated
        : Outcomes.Any(o => o.Result.Verdict == Checking.Verdict.Unknown) ? ExitCode.Unknown
        : ExitCode.Success;

    /// <summary>"hamming radius 2", "minimal Hamming distance", "L∞ ε 3", "minimal L∞ ε".</summary>
    public string Question => Request.Mode switch
    {
        RobustnessMode.Hamming => string.Create(CultureInfo.InvariantCulture, $"Hamming radius {Request.Radius}"),
        RobustnessMode.Linf => string.Create(CultureInfo.InvariantCulture, $"L∞ ε {Request.Radius}"),
        RobustnessMode.MinHamming => "minimal Hamming distance",
        _ => "minimal L∞ ε",
    };

    /// <summary>The short verdict of one outcome: <c>robust</c>, <c>not robust</c>, <c>unknown</c>, <c>minimal 3</c>, <c>at most 5 (robust below 4)</c>.</summary>
    public static string VerdictText(RobustnessOutcome outcome)
    {
        var c = CultureInfo.InvariantCulture;
        return outcome.Result.Verdict switch
        {
            Checking.Verdict.Violated when outcome.IsMinimal && outcome.RobustBelow < outcome.Distance =>
                string.Create(c, $"at most {outcome.Distance} (robust below {outcome.RobustBelow})"),
            Checking.Verdict.Violated when outcome.IsMinimal => string.Create(c, $"minimal {outcome.Distance}"),
            Checking.Verdict.Violated => "not robust",
            Checking.Verdict.Unknown => outcome.RobustBelow is > 0 ? string.Create(c, $"unknown (robust below {outcome.RobustBelow})") : "unknown",
            _ => outcome.IsMinimal ? "robust everywhere" : "robust",
        };
    }

    /// <summary>The flipped inputs of a counterexample against its center, as <c>px_1_2 (0→1)</c>.</summary>
    public string Flips(RobustnessOutcome outcome, Counterexample counterexample)
    {
        var flips = new List<string>();
        for (int i = 0; i < Model.InputCount; i++)
        {
            if (counterexample.Inputs[i] != outcome.Target.Center[i])
                flips.Add($"{Model.InputNames[i]} ({(outcome.Target.Center[i] ? "1→0" : "0→1")})");
        }
        return flips.Count == 0 ? "(none: the center itself)" : string.Join(", ", flips);
    }
}
