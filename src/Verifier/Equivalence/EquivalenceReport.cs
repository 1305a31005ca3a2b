using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Equivalence;

/// <summary>The domain of a comparison: every input, or the inputs satisfying one contract's preconditions.</summary>
/// <param name="Precondition">The formula the inputs of the domain satisfy.</param>
/// <param name="Contract">The contract whose <c>requires</c> define it, or null for every input.</param>
/// <param name="SpecPath">The spec of that contract, or null.</param>
/// <param name="Render">The spec's rendering hint, or null.</param>
internal sealed record EquivalenceDomain(Formula Precondition, ElaboratedContract? Contract, string? SpecPath, RenderHint? Render)
{
    /// <summary>Every input of the model.</summary>
    public static EquivalenceDomain AllInputs { get; } = new(Formulas.True, null, null, null);

    /// <summary>The domain for people: <c>every input</c> or <c>the inputs satisfying the requires of contract c (file(3,1))</c>.</summary>
    public string Description => Contract is null ? "every input" : $"the inputs satisfying the requires of contract {Contract.Name} ({Contract.Location})";
}

/// <summary>Everything the report writers show: what was compared, on which domain, and the result.</summary>
internal sealed record EquivalenceReport(string ModelPath, BnnModel Model, string Reference, OutputSpace Space, EquivalenceDomain Domain, EquivalenceResult Result, bool ShowAllInputs)
{
    /// <summary>The exit code of the verdict: 0 equivalent, 1 differ, 3 unknown.</summary>
    public ExitCode ExitCode => Result.Verdict switch
    {
        EquivalenceVerdict.Equivalent => ExitCode.Success,
        EquivalenceVerdict.Differ => ExitCode.Violated,
        _ => ExitCode.Unknown,
    };

    /// <summary>The reference network's model when the reference is one, else null.</summary>
    public BnnModel? ReferenceModel { get; init; }

    /// <summary>The reference's answer on a difference, for people: a reference network's class and scores, or the answer.</summary>
    public string ReferenceAnswerText(Difference difference) =>
        ReferenceModel is not null && difference.ReferenceOutput is { } own
            ? Reports.CounterexampleText.Output(ReferenceModel, own)["output: ".Length..]
            : Space.Describe(difference.ReferenceAnswer);

    /// <summary>The network's output on a difference, for people: class and scores, or the bits.</summary>
    public string NetworkOutputText(NetworkOutput output) => Reports.CounterexampleText.Output(Model, output)["output: ".Length..];
}
