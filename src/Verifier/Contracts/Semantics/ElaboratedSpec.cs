using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Verifier.Contracts.Syntax;

namespace BnnVerify.Verifier.Contracts.Semantics;

/// <summary>A spec checked against a model: its contracts as formulas, and its rendering hint.</summary>
/// <param name="Path">The root spec file.</param>
/// <param name="Contracts">The contracts in declaration order (included files first, in include order).</param>
/// <param name="Render">The rendering hint, or null.</param>
public sealed record ElaboratedSpec(string Path, ImmutableArray<ElaboratedContract> Contracts, RenderHint? Render);

/// <summary>One contract: it holds iff every input satisfying all <see cref="Requires"/> satisfies all <see cref="Ensures"/>.</summary>
public sealed record ElaboratedContract(string Name, SourceLocation Location, ImmutableArray<ContractClause> Requires, ImmutableArray<ContractClause> Ensures)
{
    /// <summary>The conjunction of the preconditions (true when there are none).</summary>
    public Formula Precondition { get; } = Formulas.And(Requires.Select(c => c.Formula));
}

/// <summary>One clause as written (canonical text, location) and as a formula.</summary>
public sealed record ContractClause(ClauseKind Kind, SourceLocation Location, string Text, Formula Formula);

/// <summary>Draws inputs as a grid: cell k (row-major) of layer f shows <see cref="RenderLayer.Symbol"/> when its input is true.</summary>
public sealed record RenderHint(int Rows, int Columns, ImmutableArray<RenderLayer> Layers);

/// <summary>One family of a grid: which input each cell reads, and the symbol for true.</summary>
public sealed record RenderLayer(string Family, string Symbol, ImmutableArray<int> InputByCell);

/// <summary>The outcome of loading a spec: the elaborated spec (when there are no errors) and every diagnostic, warnings included.</summary>
public sealed record SpecLoadResult(ElaboratedSpec? Spec, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when the spec loaded without errors.</summary>
    public bool Succeeded => Spec is not null && !Diagnostics.Any(d => d.IsError);
}
