using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Bnn.Import;

/// <summary>The outcome of an import: the model and what the importer established about it, or the one diagnostic that stopped it.</summary>
/// <param name="Model">The imported model, or null.</param>
/// <param name="Error">Why there is no model, or null.</param>
/// <param name="Notes">One line per fact worth telling the user (the output scale, disagreements between float and exact arithmetic, …).</param>
public sealed record ImportResult(BnnModel? Model, Diagnostic? Error, ImmutableArray<string> Notes)
{
    /// <summary>True when a model was imported.</summary>
    public bool Succeeded => Model is not null;

    /// <summary>A failed import.</summary>
    public static ImportResult Failed(Diagnostic error) => new(null, error, []);
}
