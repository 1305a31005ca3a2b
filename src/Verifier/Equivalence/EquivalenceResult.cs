using System.Collections.Immutable;
using BnnVerify.Bnn.Engine;

namespace BnnVerify.Verifier.Equivalence;

/// <summary>The verdict of a comparison. Only <see cref="Equivalent"/> means "proved" (or counted) on the whole domain.</summary>
public enum EquivalenceVerdict
{
    /// <summary>The network and the reference agree on every input of the domain.</summary>
    Equivalent,

    /// <summary>They differ on some input of the domain; see the differences.</summary>
    Differ,

    /// <summary>No verdict: a bound, a timeout, a failing reference or solver. Never reported as equivalence.</summary>
    Unknown,
}

/// <summary>One input of the domain on which the network and the reference answer differently.</summary>
/// <param name="Inputs">The input values (true = +1), in the network's input order.</param>
/// <param name="Output">The network's output on them, with scores.</param>
/// <param name="ReferenceAnswer">The reference's answer, in the network's output space (<see cref="OutputSpace"/>).</param>
/// <param name="ReferenceOutput">A reference network's own output with its scores (model references only), else null.</param>
public sealed record Difference(ImmutableArray<bool> Inputs, NetworkOutput Output, ulong ReferenceAnswer, NetworkOutput? ReferenceOutput);

/// <summary>The outcome of <c>bnnverify equiv</c>.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Method">How it was decided: <c>exhaustive</c> (every input of the domain evaluated) or <c>miter</c> (one solver problem).</param>
/// <param name="Backend">The solver of a miter, or <c>exhaustive</c>.</param>
/// <param name="Differences">Up to the requested number of differences, in enumeration order.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record EquivalenceResult(EquivalenceVerdict Verdict, string Method, string Backend, ImmutableArray<Difference> Differences, TimeSpan Elapsed)
{
    /// <summary>The method name of enumeration.</summary>
    public const string Exhaustive = "exhaustive";

    /// <summary>The method name of the solver comparison of two networks.</summary>
    public const string Miter = "miter";

    /// <summary>How many inputs the domain has, when counted, else null.</summary>
    public long? InputsInDomain { get; init; }

    /// <summary>How many inputs were compared (all of the domain unless interrupted or failed).</summary>
    public long InputsChecked { get; init; }

    /// <summary>On how many compared inputs the two differ, when counted exactly, else null.</summary>
    public long? DifferenceCount { get; init; }

    /// <summary>Why the verdict is unknown (or a note on a partial count), or null.</summary>
    public string? Reason { get; init; }
}
