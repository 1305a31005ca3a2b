using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Robustness;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Robustness;

/// <summary>Which neighbourhood <c>robust</c> searches.</summary>
public enum RobustnessMode
{
    /// <summary>Every input within Hamming distance R.</summary>
    Hamming,

    /// <summary>Every image within L∞ distance ε (grey levels), as the input bits it can flip.</summary>
    Linf,

    /// <summary>The smallest Hamming distance of a counterexample, proved minimal.</summary>
    MinHamming,

    /// <summary>The smallest L∞ ε of a counterexample, proved minimal.</summary>
    MinLinf,
}

/// <summary>What to ask about each target.</summary>
/// <param name="Mode">The neighbourhood.</param>
/// <param name="Radius">R or ε (ignored by the minimal modes).</param>
/// <param name="Label">The class that must stay, or null for the class of the center.</param>
/// <param name="TieIsChange">A class tied with the label counts as a change.</param>
/// <param name="Count">Count every violation (ball search only).</param>
/// <param name="Backend"><c>enum</c>, or any <c>check</c> backend (<c>auto</c>, <c>z3-pb</c>, …), decided radius by radius.</param>
/// <param name="Options">Thread count, counterexamples kept, exhaustive bound for the backends that use it.</param>
/// <param name="TimeoutSeconds">Per target, or null.</param>
public sealed record RobustnessRequest(RobustnessMode Mode, int Radius, int? Label, bool TieIsChange, bool Count, string Backend,
    ExhaustiveOptions Options, double? TimeoutSeconds);

/// <summary>The answer for one target.</summary>
/// <param name="Target">The target.</param>
/// <param name="Label">The class that had to stay.</param>
/// <param name="Result">The decisive contract's result (the radius asked, or for a minimal mode the radius where the counterexample was found, or the last one tried).</param>
/// <param name="Distance">For a Hamming mode the radius of <see cref="Result"/>; for L∞ its ε.</param>
/// <param name="RobustBelow">Every radius (ε) below this is proved robust; null when nothing was proved.</param>
/// <param name="Method">What decided: <c>enumeration</c>, <c>attack</c>, <c>bounds</c>, or the solver backend's name.</param>
/// <param name="Evaluated">Candidates evaluated one by one, over every radius tried (ball search), else null.</param>
/// <param name="Spheres">The ball search's per-distance statistics (Hamming, enum backend), else empty.</param>
public sealed record RobustnessOutcome(RobustnessTarget Target, int Label, ContractResult Result, int Distance, int? RobustBelow, string Method,
    long? Evaluated, ImmutableArray<SphereStatistics> Spheres)
{
    /// <summary>True for the minimal modes.</summary>
    public bool IsMinimal { get; init; }

    /// <summary>The mode the outcome answers.</summary>
    public RobustnessMode Mode { get; init; }
}

/// <summary>
/// Decides one <c>robust</c> target: with <c>--backend enum</c> by <see cref="BallSearch"/> directly (one search gives
/// the minimal Hamming distance: it proceeds distance by distance), with any other backend by checking the
/// equivalent contract radius by radius. Every counterexample is replayed on the reference engine.
/// </summary>
public static class RobustnessRunner
{
    /// <summary>The backend name that means the ball search.</summary>
    public const string EnumBackend = "enum";

    /// <summary>Answers <paramref name="request"/> for <paramref name="target"/>; null with <paramref name="error"/> when the backend name is unknown.</summary>
    public static RobustnessOutcome? Run(PackedNetwork network, RobustnessTarget target, RobustnessRequest request, CancellationToken interrupt, out string? error)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        error = null;
        var model = network.Model;
        int label = request.Label ?? network.Evaluate(target.Center.AsSpan()).Class;
        using var timeout = request.TimeoutSeconds is { } seconds ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds)) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(interrupt, timeout.Token);
        var cancellation = linked.Token;
        bool isEnum = string.Equals(request.Backend.Trim(), EnumBackend, StringComparison.Ordinal);
        IContractChecker? checker = null;
        if (!isEnum)
        {
            checker = CheckerFactory.Create(request.Backend, network, request.Options, out error);
            if (checker is null)
                return null;
        }
        var outcome = request.Mode switch
        {
            RobustnessMode.Hamming or RobustnessMode.MinHamming => Hamming(network, target, request, label, checker, cancellation),
            _ => Linf(network, target, request, label, checker, cancellation),
        };
        if (outcome.Result.Verdict == Verdict.Unknown && timeout.IsCancellationRequested && !interrupt.IsCancellationRequested)
        {
            outcome = outcome with
            {
                Result = outcome.Result with
                {
                    Reason = string.Create(CultureInfo.InvariantCulture, $"timeout after {request.TimeoutSeconds}s") + (outcome.Result.Reason is null ? "" : "; " + outcome.Result.Reason),
                },
            };
        }
        return outcome with { Mode = request.Mode, IsMinimal = request.Mode is RobustnessMode.MinHamming or RobustnessMode.MinLinf };
    }

    /// <summary>The contract name of a target at a radius: <c>NAME_hamming_R</c> or <c>NAME_linf_E</c>.</summary>
    public static string ContractName(RobustnessTarget target, bool linf, int radius) =>
        string.Create(CultureInfo.InvariantCulture, $"{target.Identifier}_{(linf ? "linf" : "hamming")}_{radius}");

    private static RobustnessOutcome Hamming(PackedNetwork network, RobustnessTarget target, RobustnessRequest request, int label,
        IContractChecker? checker, CancellationToken cancellation)
    {
        var model = network.Model;
        var free = target.HammingFreeBits(model);
        bool minimal = request.Mode == RobustnessMode.MinHamming;
        int maxRadius = minimal ? free.Length : request.Radius;
        ElaboratedContract ContractAt(int r) =>
            RobustnessContract.Build(model, ContractName(target, false, r), target.Identifier + ".contract", target.Center, free, r, label, request.TieIsChange);
        if (checker is null)
        {
            var clock = Stopwatch.StartNew();
            var query = new BallQuery(target.Center, free, 0, maxRadius, Property(model, label, request.TieIsChange));
            var search = BallSearch.Run(network, query, new BallSearchOptions(Count: request.Count && !minimal,
                MaxCounterexamples: Math.Max(1, request.Options.MaxCounterexamples), Threads: request.Options.Threads), cancellation);
            int? found = search.CounterexampleDistance;
            // Without counting the search goes distance by distance, so every distance below the first counterexample (or
            // below the one interrupted) is proved robust; a count only says something about the whole ball. The beam's
            // counterexample may lie beyond the interrupted distance: then it bounds the minimum from above only.
            bool counting = request.Count && !minimal;
            int complete = search.Spheres.TakeWhile(s => !s.Violated && s.Complete).Count();
            int? robustBelow = search.Verdict == BallVerdict.Robust ? maxRadius + 1 : counting ? null : complete;
            int decisive = minimal ? found ?? (search.Interrupted ? complete : maxRadius) : request.Radius;
            var result = BallChecker.ToResult(network, ContractAt(decisive), search, request.Count && !minimal, request.Options.MaxCounterexamples,
                BallChecker.BackendName, clock.Elapsed);
            if (minimal && found is null && !search.Interrupted)
                result = result with { Reason = "no input at any distance changes the class" };
            if (minimal && found is { } distance && complete < distance)
            {
                result = result with
                {
                    Reason = string.Create(CultureInfo.InvariantCulture,
                        $"minimality unproved: the search was cut off at distance {complete}, so the minimal distance is between {complete} and {distance}"),
                };
            }
            return new RobustnessOutcome(target, label, result, decisive, robustBelow, search.Method,
                search.Evaluated, search.Spheres);
        }
        // Another backend: one contract per radius, smallest first when the minimum is asked for.
        int proved = 0;
        ContractResult? last = null;
        for (int r = minimal ? 0 : request.Radius; r <= maxRadius; r++)
        {
            last = checker.Check(ContractAt(r), null, cancellation);
            if (last.Verdict != Verdict.Holds && last.Verdict != Verdict.Vacuous)
                return new RobustnessOutcome(target, label, last, r, minimal ? proved : null, last.Backend, last.CandidatesEvaluated, []);
            proved = r + 1;
        }
        return new RobustnessOutcome(target, label, last!, maxRadius, proved, last!.Backend, last.CandidatesEvaluated, []);
    }

    private static RobustnessOutcome Linf(PackedNetwork network, RobustnessTarget target, RobustnessRequest request, int label,
        IContractChecker? checker, CancellationToken cancellation)
    {
        var model = network.Model;
        var input = model.ImageInput!;
        var distances = input.FlipDistances(target.Image!.Levels.AsSpan());
        bool minimal = request.Mode == RobustnessMode.MinLinf;
        // The L∞ ball grows one flip distance at a time: between two of them it admits the same bits.
        var steps = minimal
            ? distances.Where(d => d != Bnn.Model.ImageInput.NeverFlips).Distinct().Order().ToList()
            : [request.Radius];
        // ε = 0 admits the center alone; it comes first when the center itself already breaks the property.
        var centerScores = network.Evaluate(target.Center.AsSpan()).Scores;
        if (minimal && !Property(model, label, request.TieIsChange).Holds(centerScores.AsSpan()))
            steps.Insert(0, 0);
        int? robustBelow = null;
        RobustnessOutcome? outcome = null;
        long evaluated = 0;
        foreach (int epsilon in steps)
        {
            // Every earlier step was robust, and between two flip distances the ball admits the same bits.
            robustBelow = minimal ? epsilon : null;
            var free = target.LinfFreeBits(model, epsilon);
            var contract = RobustnessContract.Build(model, ContractName(target, true, epsilon), target.Identifier + ".contract", target.Center, free,
                free.Length, label, request.TieIsChange);
            ContractResult result;
            string method;
            var clock = Stopwatch.StartNew();
            if (checker is null)
            {
                var query = new BallQuery(target.Center, free, 0, free.Length, Property(model, label, request.TieIsChange));
                // Any candidate of the ball that changes the class settles ε, whatever its number of flips, so the
                // beam search may go as deep as the ball.
                var search = BallSearch.Run(network, query, new BallSearchOptions(Count: request.Count && !minimal,
                    MaxCounterexamples: Math.Max(1, request.Options.MaxCounterexamples), Threads: request.Options.Threads,
                    FewestFlips: false, BeamDepth: Math.Min(free.Length, LinfBeamDepth)), cancellation);
                result = BallChecker.ToResult(network, contract, search, request.Count && !minimal, request.Options.MaxCounterexamples, BallChecker.BackendName, clock.Elapsed);
                method = search.Method;
                evaluated += search.Evaluated;
            }
            else
            {
                result = checker.Check(contract, null, cancellation);
                method = result.Backend;
            }
            outcome = new RobustnessOutcome(target, label, result, epsilon, robustBelow, method, checker is null ? evaluated : null, []);
            if (result.Verdict is not (Verdict.Holds or Verdict.Vacuous))
                return outcome;
        }
        if (outcome is null)
        {
            // No pixel can flip a bit: robust at every ε.
            var contract = RobustnessContract.Build(model, ContractName(target, true, ImageInputMax), target.Identifier + ".contract", target.Center, [], 0, label, request.TieIsChange);
            var result = new ExhaustiveChecker(network, request.Options).Check(contract, null, cancellation);
            return new RobustnessOutcome(target, label, result, ImageInputMax, minimal ? ImageInputMax + 1 : null, result.Backend, null, []);
        }
        return outcome with { RobustBelow = minimal ? ImageInputMax + 1 : outcome.RobustBelow, Result = minimal ? outcome.Result with { Reason = "no change of any grey level changes the class" } : outcome.Result };
    }

    private const int ImageInputMax = Bnn.Model.ImageInput.MaxLevel;

    // The beam search's deepest try in an L∞ ball: the MNIST counterexamples at ε = 1 flip 5 to 40 bits (docs/robustness.md).
    private const int LinfBeamDepth = 128;

    private static ScoreProperty Property(Bnn.Model.BnnModel model, int label, bool tieIsChange) => ScoreProperty.ClassStays(model, label, tieIsChange);
}
