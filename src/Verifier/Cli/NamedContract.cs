using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;
using BnnVerify.Verifier.Inputs;

namespace BnnVerify.Verifier.Cli;

/// <summary>
/// The contract that a saved file names (a counterexample file for <c>replay</c>, an export's variable map for
/// <c>decode</c>): its spec loaded against the model, the contract found by name, every error printed.
/// </summary>
internal static class NamedContract
{
    /// <summary>
    /// Loads <paramref name="specPath"/> against <paramref name="model"/> and returns the spec with its contract
    /// <paramref name="name"/>, or null after printing the spec's errors, or that the spec has no such contract (named by <paramref name="namedBy"/>).
    /// </summary>
    public static (ElaboratedSpec Spec, ElaboratedContract Contract)? Load(string specPath, BnnModel model, string name, string namedBy, TextWriter error)
    {
        var loaded = SpecLoader.Load(specPath, model);
        foreach (var diagnostic in loaded.Diagnostics.Where(d => d.IsError))
            error.WriteLine(diagnostic.ToString());
        if (!loaded.Succeeded)
            return null;
        var contract = loaded.Spec!.Contracts.FirstOrDefault(c => c.Name == name);
        if (contract is null)
        {
            error.WriteLine(Diagnostic.Error(ContractDiagnosticIds.MissingPart, SourceLocation.OfFile(specPath),
                $"the spec has no contract '{name}' (named by {namedBy}){NameSuggestions.DidYouMean(name, loaded.Spec.Contracts.Select(c => c.Name))}"));
            return null;
        }
        return (loaded.Spec, contract);
    }
}
