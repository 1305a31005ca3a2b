using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Robustness;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Robustness;

/// <summary>A contract the ball search can decide: its precondition as a ball, its postconditions as score constraints.</summary>
/// <param name="Ball">The Hamming ball with fixed bits.</param>
/// <param name="Property">The conjunction of the ensures clauses.</param>
internal sealed record BallProblem(HammingBall Ball, ScoreProperty Property)
{
    /// <summary>The query for the engine.</summary>
    public BallQuery Query => new(Ball.Center, Ball.FreeBits, Ball.MinDistance, Ball.MaxDistance, Property);
}

/// <summary>
/// <c>--backend enum</c>: decides robustness contracts (<c>requires hamming(img) &lt;= r</c>, optionally with fixed
/// bits; <c>ensures class == L</c> or score comparisons) with <see cref="BallSearch"/>, which settles whole parts of
/// the ball by bounds and stops at the first counterexample (the one with the fewest flips). Contracts of other
/// shapes go to exhaustive checking. Exhaustive checking itself uses the ball search in counting mode for these
/// contracts, so that it still counts every violation.
/// </summary>
public sealed class BallChecker : IContractChecker
{
    /// <summary>The name results carry.</summary>
    public const string BackendName = "ball-enum";

    private readonly PackedNetwork _network;
    private readonly ExhaustiveOptions _options;

    /// <summary>Creates the strategy for <paramref name="network"/>; <paramref name="options"/> serve the exhaustive fallback and the thread count.</summary>
    public BallChecker(PackedNetwork network, ExhaustiveOptions options)
    {
        _network = network;
        _options = options;
    }

    /// <inheritdoc/>
    public ContractResult Check(ElaboratedContract contract, ICheckProgress? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (Match(contract, _network) is not { } problem)
            return new ExhaustiveChecker(_network, _options).Check(contract, progress, cancellation);
        return Decide(_network, contract, problem, counting: false, _options, BackendName, cancellation);
    }

    /// <summary>True when <paramref name="contract"/> has the shape the ball search decides.</summary>
    public static bool Handles(ElaboratedContract contract, PackedNetwork network) => Match(contract, network) is not null;

    /// <summary>The contract as a ball problem, or null when it is not of that shape (or its ball is empty).</summary>
    internal static BallProblem? Match(ElaboratedContract contract, PackedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (!network.IsArgmax || contract.Ensures.IsEmpty)
            return null;
        if (HammingBall.Match(contract.Precondition, network.InputCount, coverAll: true) is not { } ball)
            return null;
        var constraints = ImmutableArray.CreateBuilder<ScoreConstraint>();
        foreach (var clause in contract.Ensures)
        {
            if (!AddConstraints(clause.Formula, network, constraints))
                return null;
        }
        return new BallProblem(ball, new ScoreProperty(constraints.ToImmutable(), network.OutputCount));
    }

    /// <summary>
    /// Runs the ball search on <paramref name="problem"/> and turns its answer into a contract result, after replaying
    /// every counterexample on the reference engine against the contract's own formulas.
    /// </summary>
    internal static ContractResult Decide(PackedNetwork network, ElaboratedContract contract, BallProblem problem, bool counting,
        ExhaustiveOptions options, string backend, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var search = BallSearch.Run(network, problem.Query,
            new BallSearchOptions(Count: counting, MaxCounterexamples: Math.Max(1, options.MaxCounterexamples), Threads: options.Threads), cancellation);
        return ToResult(network, contract, search, counting, options.MaxCounterexamples, backend, clock.Elapsed);
    }

    /// <summary>The contract result of a finished ball search (counterexamples replayed).</summary>
    internal static ContractResult ToResult(PackedNetwork network, ElaboratedContract contract, BallSearchResult search, bool counting,
        int maxCounterexamples, string backend, TimeSpan elapsed)
    {
        var counterexamples = search.Counterexamples.Take(Math.Max(0, maxCounterexamples)).Select(input => Replay(network, contract, input)).ToImmutableArray();
        long? total = search.Candidates <= long.MaxValue ? (long)search.Candidates : null;
        long? violations = search.Violations is { } v ? (long)UInt128.Min(v, long.MaxValue) : null;
        var result = new ContractResult(contract, search.Verdict switch
        {
            BallVerdict.Robust => Verdict.Holds,
            BallVerdict.Violated => Verdict.Violated,
            _ => Verdict.Unknown,
        }, backend, counterexamples, elapsed)
        {
            InputsInScope = total,
            InputsChecked = search.Interrupted ? 0 : total ?? 0,
            Violations = counting ? violations : null,
            CandidatesEvaluated = search.Evaluated,
        };
        // A counterexample found before the interruption answers a question without a count in full.
        if (search.Interrupted && (counting || search.Verdict != BallVerdict.Violated))
        {
            result = result with
            {
                Reason = search.Verdict == BallVerdict.Violated
                    ? "interrupted (Ctrl-C or --timeout); the count covers the part of the ball searched so far"
                    : string.Create(CultureInfo.InvariantCulture, $"interrupted: the ball search evaluated {search.Evaluated} candidates, no violation among them"),
            };
        }
        return result;
    }

    private static Counterexample Replay(PackedNetwork network, ElaboratedContract contract, ImmutableArray<bool> input)
    {
        var workspace = network.CreateWorkspace();
        var assignment = new Assignment(network.InputCount, network.OutputCount);
        PackedBits.Pack(input.AsSpan(), assignment.InputBits);
        network.Evaluate(assignment.InputBits, workspace);
        assignment.SetOutput(workspace);
        var failed = contract.Ensures.Where(c => !c.Formula.Evaluate(assignment)).ToImmutableArray();
        if (!contract.Precondition.Evaluate(assignment) || failed.IsEmpty)
            throw new SolverReplayMismatchException($"the ball search's counterexample for contract '{contract.Name}' does not violate it on the reference engine; this is a bug in bnnverify");
        return new Counterexample(input, workspace.ToOutput(), failed);
    }

    // class == L becomes "L beats every other class under the tie rule"; a comparison of scores is one constraint.
    private static bool AddConstraints(Formula formula, PackedNetwork network, ImmutableArray<ScoreConstraint>.Builder constraints)
    {
        switch (formula)
        {
            case JunctionFormula { IsConjunction: true } and:
                return and.Operands.All(operand => AddConstraints(operand, network, constraints));
            case ClassIsFormula isClass:
                constraints.AddRange(ScoreProperty.ClassStays(network.Model, isClass.ClassIndex, tieIsChange: false).Constraints);
                return true;
            case ComparisonFormula { Comparison: Comparison.AtLeastZero } comparison:
            {
                var coefficients = new int[network.OutputCount];
                foreach (var term in comparison.Sum.Terms)
                {
                    if (term.Indicator is not null || term.ScoreClass < 0 || Math.Abs(term.Coefficient) > 1 << 16)
                        return false;
                    coefficients[term.ScoreClass] += (int)term.Coefficient;
                }
                constraints.Add(new ScoreConstraint([.. coefficients], comparison.Sum.Constant));
                return true;
            }
            default:
                return false;
        }
    }
}
