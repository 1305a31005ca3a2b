using System.Collections.Immutable;

namespace BnnVerify.Bnn.Robustness;

/// <summary>
/// A Hamming ball (or shell) around a center input and the property to decide on it: the candidates are the inputs
/// that differ from <see cref="Center"/> in between <see cref="MinDistance"/> and <see cref="MaxDistance"/> of the
/// <see cref="FreeBits"/> and agree with it everywhere else.
/// </summary>
/// <param name="Center">The center input (true = +1), one value per model input; fixed bits keep these values.</param>
/// <param name="FreeBits">The inputs that may flip, distinct, each in range.</param>
/// <param name="MinDistance">The fewest flips of a candidate (0 for a ball).</param>
/// <param name="MaxDistance">The most flips of a candidate (the radius).</param>
/// <param name="Property">What must hold on every candidate.</param>
public sealed record BallQuery(ImmutableArray<bool> Center, ImmutableArray<int> FreeBits, int MinDistance, int MaxDistance, ScoreProperty Property);

/// <summary>How a ball search runs.</summary>
/// <param name="Count">Count every violating candidate instead of stopping at the first.</param>
/// <param name="MaxCounterexamples">How many counterexamples to keep, in search order (fewest flips first).</param>
/// <param name="Threads">Worker threads (0 = one per core).</param>
/// <param name="Attack">Before enumerating, try a beam search for a quick counterexample (not when counting).</param>
/// <param name="FewestFlips">
/// Whether the counterexample must have the fewest flips (a Hamming radius, whose minimum is asked for). An L∞ ball
/// only asks whether some candidate breaks the property, so the beam's counterexample settles it at once.
/// </param>
/// <param name="BeamWidth">How many flip sets the beam search keeps per depth.</param>
/// <param name="BeamDepth">The most flips the beam search tries.</param>
public sealed record BallSearchOptions(bool Count = false, int MaxCounterexamples = 1, int Threads = 0, bool Attack = true,
    bool FewestFlips = true, int BeamWidth = 32, int BeamDepth = 12);

/// <summary>The outcome of a ball search.</summary>
public enum BallVerdict
{
    /// <summary>The property holds on every candidate.</summary>
    Robust,

    /// <summary>Some candidate violates the property; see the counterexamples.</summary>
    Violated,

    /// <summary>Interrupted before a verdict.</summary>
    Unknown,
}

/// <summary>What the search did at one distance from the center.</summary>
/// <param name="Distance">The number of flips.</param>
/// <param name="Candidates">How many candidates lie at that distance (saturated at <see cref="UInt128.MaxValue"/>).</param>
/// <param name="Evaluated">Candidates evaluated one by one (the rest were settled by bounds).</param>
/// <param name="Violated">Whether a counterexample was found at that distance.</param>
/// <param name="Method">What settled it: <c>enumeration</c>, <c>attack</c> (the beam search found the counterexample) or <c>bounds</c>.</param>
/// <param name="Elapsed">Wall-clock time spent on it.</param>
public sealed record SphereStatistics(int Distance, UInt128 Candidates, long Evaluated, bool Violated, string Method, TimeSpan Elapsed)
{
    /// <summary>Evaluations of the layers after the first (the evaluated candidates whose first-layer outputs were new at their node).</summary>
    public long NetworkEvaluations { get; init; }

    /// <summary>Search nodes whose subtrees were bounded.</summary>
    public long NodesBounded { get; init; }

    /// <summary>Subtrees the bounds settled.</summary>
    public long SubtreesSettled { get; init; }

    /// <summary>False when the search was interrupted at this distance: then "no counterexample" covers only the candidates evaluated.</summary>
    public bool Complete { get; init; } = true;
}

/// <summary>The result of a ball search.</summary>
/// <param name="Verdict">Robust, violated or unknown.</param>
/// <param name="Counterexamples">Violating inputs (full input vectors), fewest flips first.</param>
/// <param name="Spheres">Per distance searched, in order.</param>
/// <param name="Elapsed">Wall-clock time of the whole search.</param>
public sealed record BallSearchResult(BallVerdict Verdict, ImmutableArray<ImmutableArray<bool>> Counterexamples, ImmutableArray<SphereStatistics> Spheres, TimeSpan Elapsed)
{
    /// <summary>With <see cref="BallSearchOptions.Count"/>, the exact number of violating candidates (saturated); else null.</summary>
    public UInt128? Violations { get; init; }

    /// <summary>Candidates in the ball (saturated).</summary>
    public UInt128 Candidates { get; init; }

    /// <summary>Candidates evaluated one by one, over all distances.</summary>
    public long Evaluated { get; init; }

    /// <summary>Search nodes whose subtrees were bounded.</summary>
    public long NodesBounded { get; init; }

    /// <summary>Subtrees the bounds settled without enumerating them.</summary>
    public long SubtreesSettled { get; init; }

    /// <summary>The fewest flips of a counterexample when one was found (with a ball search, the minimal distance in the ball), else null.</summary>
    public int? CounterexampleDistance { get; init; }

    /// <summary>True when cancellation stopped the search before it covered the ball (a violation found still counts).</summary>
    public bool Interrupted { get; init; }

    /// <summary>What decided: <c>enumeration</c>, <c>attack</c> or <c>bounds</c>.</summary>
    public string Method { get; init; } = "enumeration";
}
