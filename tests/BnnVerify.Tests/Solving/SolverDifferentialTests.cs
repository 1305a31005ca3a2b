using System.Globalization;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;
using BnnVerify.Encoding.Backends;
using BnnVerify.Tests.Contracts.Reference;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Robustness;
using BnnVerify.Verifier.Contracts.Semantics;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace BnnVerify.Tests.Solving;

/// <summary>
/// Every backend the CLI accepts against exhaustive checking, on random models (up to 18 inputs) and random
/// contracts: the same verdict (a vacuous contract is vacuous for every backend), every counterexample checked by the
/// independent reference interpreter on the naive evaluator's outputs, exactly as many counterexamples as
/// asked for (or as exist), and the result naming the backend that decided — so that no row silently tests
/// a default. <c>auto</c> must leave small scopes to exhaustive checking and scopes beyond --max-inputs to the
/// solver, and may give either in between (it races them). Results decided by constant propagation alone
/// (<c>simplifier</c>) are counted, and the solver must decide a good part of each row.
/// </summary>
public sealed class SolverDifferentialTests(ITestOutputHelper log) : IDisposable
{
    /// <summary>What a row saw, printed at the end and checked for coverage.</summary>
    private sealed class Tally
    {
        public int Cases;
        public int Contracts;
        public int Holds;
        public int Violated;
        public int Vacuous;
        public int Simplifier;
        public int Solver;
        public int Exhaustive;
        public int LargeModelSolver;
        public int Raced;
        public int Refused;
        public int Counterexamples;
        public TimeSpan Load;
        public TimeSpan Reference;
        public TimeSpan Checking;
        public TimeSpan Replay;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Cases} cases, {Contracts} contracts ({Holds} hold, {Violated} violated, {Vacuous} vacuous): decided by the solver {Solver} " +
            $"(of which {LargeModelSolver} on models with more than 10 inputs), by the simplifier {Simplifier}, exhaustively {Exhaustive}, raced {Raced}, refused {Refused}; " +
            $"{Counterexamples} counterexamples replayed; time loading specs {Load.TotalSeconds:0.0} s, reference {Reference.TotalSeconds:0.0} s, " +
            $"checking {Checking.TotalSeconds:0.0} s, replaying {Replay.TotalSeconds:0.0} s");
    }

    private readonly string _folder = Directory.CreateTempSubdirectory("bnnverify-solver-differential-").FullName;
    private int _caseNumber;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, int, int, int> Backends() => SolvingBackends.Rows();

    [Theory]
    [MemberData(nameof(Backends))]
    public void Backend_agrees_with_exhaustive_checking_on_random_contracts(string backend, int smallCases, int largeCases, int maxInputs)
    {
        var tally = new Tally();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // auto decides exhaustively within --max-inputs and with a solver beyond it: a third of the cases get a
        // bound that almost every scope exceeds, a third the default, so that both happen in every run.
        var bounds = backend == "auto"
            ? Gen.Frequency((1, Gen.Elements(0L, 1L)), (1, Gen.Elements(8L, 100L, 5000L)), (1, Gen.Constant(ExhaustiveOptions.DefaultMaxInputs)))
            : Gen.Constant(ExhaustiveOptions.DefaultMaxInputs);
        var config = Config.QuickThrowOnFailure;
        // Random cases sometimes miss what a row must show (a run in CI drew 12 contracts that all held; another,
        // two large models whose contracts constant propagation settled alone), so a row draws its cases again,
        // a few rounds at most, until it has seen everything below; every round checks every verdict it draws.
        int rounds = 0;
        do
        {
            Prop.ForAll(Arb.From(SolverCases.Generate(SolverCases.SmallModels(Math.Min(maxInputs, 10)), bounds)), c => Check(backend, c, tally))
                .Check(config.WithMaxTest(smallCases));
            if (largeCases > 0)
            {
                Prop.ForAll(Arb.From(SolverCases.Generate(SolverCases.LargeModels(maxInputs), bounds)), c => Check(backend, c, tally))
                    .Check(config.WithMaxTest(largeCases));
            }
            rounds++;
        }
        while (rounds < MaxRounds && MissingCoverage(backend, tally, largeCases) is not null);
        log.WriteLine($"{backend}: {tally} in {clock.Elapsed.TotalSeconds:0.0} s, {rounds} round(s)");

        Assert.Equal(rounds * (smallCases + largeCases), tally.Cases);
        string? missing = MissingCoverage(backend, tally, largeCases);
        Assert.True(missing is null, $"{backend} after {rounds} round(s): {missing} ({tally})");
    }

    /// <summary>How many times a row may draw its cases before it fails for not having shown what it must.</summary>
    private const int MaxRounds = 4;

    /// <summary>What a row has not shown yet, or null: both verdicts, and the backend itself doing a good part of the work.</summary>
    private static string? MissingCoverage(string backend, Tally tally, int largeCases)
    {
        if (tally.Holds == 0 || tally.Violated == 0)
            return "both verdicts must occur";
        if (backend == "auto")
            return tally.Exhaustive > 0 && tally.Solver > 0 ? null : "auto must use both of its halves";
        // Constant propagation alone settles about a third of the random contracts (those that hold by their form).
        if (tally.Solver < Math.Max(1, tally.Contracts / 5))
            return "the solver decided too little";
        if (largeCases > 0 && tally.LargeModelSolver == 0)
            return "no model with more than 10 inputs reached the solver";
        if (backend == "bruteforce" && tally.Refused * 2 >= tally.Contracts)
            return "bruteforce refused most contracts";
        return null;
    }

    [Fact]
    public void The_backend_list_covers_every_name_the_cli_accepts()
    {
        var rows = SolvingBackends.All().Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in CheckerFactory.Names)
        {
            if (SolvingBackends.Excluded.ContainsKey(name) || (name.StartsWith("kissat/", StringComparison.Ordinal) && !SolvingBackends.KissatPresent))
                continue;
            Assert.Contains(name, rows);
        }
        Assert.Contains(SolvingBackends.ExternalCadical, rows);
        // Every row is a name the CLI accepts.
        var network = PackedNetwork.Compile(XorModel());
        foreach (var row in rows)
            Assert.True(CheckerFactory.Create(row, network, new ExhaustiveOptions(16, 1), out var error) is not null, $"{row}: {error}");
    }

    [Fact]
    public void Cms_native_is_refused_with_the_reason_and_gives_unknown()
    {
        var model = XorModel();
        var spec = SpecLoader.Load("specs/xor.contract", model).Spec!;
        var checker = CheckerFactory.Create("cms-native", PackedNetwork.Compile(model), new ExhaustiveOptions(16, 1), out _)!;
        foreach (var contract in spec.Contracts)
        {
            var result = checker.Check(contract, null, CancellationToken.None);
            Assert.Equal(Verdict.Unknown, result.Verdict);
            Assert.Equal("cms-native", result.Backend);
            Assert.Contains("wrong UNSAT", result.Reason, StringComparison.Ordinal);
            Assert.Contains("cms/<encoding>", result.Reason, StringComparison.Ordinal);
            Assert.Empty(result.Counterexamples);
        }
        Assert.Throws<BackendUnavailableException>(() => SolverBackends.Create("cms-native"));
    }

    private bool Check(string backend, DifferentialCase c, Tally tally)
    {
        var model = c.Shape.Model;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (spec, _) = SolverCases.Load(c, _folder, Interlocked.Increment(ref _caseNumber));
        tally.Load += watch.Elapsed;
        var network = PackedNetwork.Compile(model);
        var reference = new ExhaustiveChecker(network, new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, 0));
        // As a user who asked for c.MaxCounterexamples: solver backends look for that many too (one by default).
        var options = new ExhaustiveOptions(c.MaxInputs, c.MaxCounterexamples) { SolverCounterexamples = c.MaxCounterexamples };
        var checker = CheckerFactory.Create(backend, network, options, out string? error);
        Assert.True(checker is not null, error);
        var references = c.Spec.ContractsInFileOrder;
        tally.Load += watch.Elapsed;
        for (int k = 0; k < spec.Contracts.Length; k++)
        {
            var contract = spec.Contracts[k];
            string where = $"{backend}, contract {contract.Name}";
            watch.Restart();
            var expected = FromExhaustive(reference.Check(contract, null, CancellationToken.None), where);
            tally.Reference += watch.Elapsed;

            // A contract takes milliseconds to a second; a minute means a hard instance, reported as unknown below.
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            watch.Restart();
            var result = checker!.Check(contract, null, limit.Token);
            tally.Checking += watch.Elapsed;
            if (backend == "bruteforce" && result.Verdict == Verdict.Unknown && result.Reason!.Contains("at most 20 variables", StringComparison.Ordinal))
            {
                // The brute-force backend's bound, reported as unknown: the only unknown a row accepts.
                Assert.Empty(result.Counterexamples);
                tally.Refused++;
                tally.Contracts++;
                continue;
            }
            Assert.True(result.Verdict != Verdict.Unknown, $"{where}: unknown ({result.Reason}) from {result.Backend}");

            var decider = ExpectedDecider(backend, expected.InScope, c.MaxInputs);
            bool byExhaustive = result.Backend == ExhaustiveChecker.BackendName;
            // Every backend tells a vacuous contract apart: a solver checks the precondition alone once the violation has no model.
            var verdict = expected.Violations > 0 ? Verdict.Violated : expected.InScope == 0 ? Verdict.Vacuous : Verdict.Holds;
            Assert.True(verdict == result.Verdict, $"{where}: expected {verdict}, {result.Backend} says {result.Verdict}");

            if (byExhaustive)
            {
                Assert.True(decider != Decider.Solver, $"{where}: decided exhaustively although {expected.InScope} inputs in scope exceed --max-inputs {c.MaxInputs}");
                Assert.Equal(expected.InScope, result.InputsInScope);
                Assert.Equal(verdict == Verdict.Vacuous ? null : expected.Violations, result.Violations);
                tally.Exhaustive++;
            }
            else
            {
                Assert.True(decider != Decider.Exhaustive,
                    $"{where}: {result.Backend} decided although auto checks {expected.InScope} inputs in scope exhaustively alone (bound {Math.Min(c.MaxInputs, AutoChecker.ExhaustiveAloneInputs)})");
                if (backend == "auto" && result.Backend == BallChecker.BackendName)
                {
                    // A Hamming-ball contract: auto races the ball search (auto's enumeration side for balls) against the solver.
                    tally.Exhaustive++;
                }
                else if (result.Backend == "simplifier")
                {
                    // Constant propagation alone refuted "precondition ∧ ¬postcondition": a contract that holds, or a vacuous one.
                    Assert.True(result.Verdict is Verdict.Holds or Verdict.Vacuous, $"{where}: the simplifier says {result.Verdict}");
                    tally.Simplifier++;
                }
                else
                {
                    Assert.Equal(SolvingBackends.SolverNameOf(backend), result.Backend);
                    tally.Solver++;
                    if (model.InputCount > 10)
                        tally.LargeModelSolver++;
                }
            }
            if (decider == Decider.Either)
                tally.Raced++;

            // As many counterexamples as asked for, or as exist; distinct; each a real one under the reference.
            // The ball search stops at its first counterexample (the one with the fewest flips).
            long wanted = result.Backend == BallChecker.BackendName ? Math.Min(1, c.MaxCounterexamples) : c.MaxCounterexamples;
            Assert.Equal((int)Math.Min(wanted, expected.Violations), result.Counterexamples.Length);
            Assert.Equal(result.Counterexamples.Length, result.Counterexamples.Select(x => DifferentialCase.Key(x.Inputs)).Distinct().Count());
            watch.Restart();
            foreach (var counterexample in result.Counterexamples)
            {
                IsCounterexample(model, references[k], contract, counterexample, where);
                tally.Counterexamples++;
            }
            tally.Replay += watch.Elapsed;

            tally.Contracts++;
            switch (verdict)
            {
                case Verdict.Holds:
                    tally.Holds++;
                    break;
                case Verdict.Violated:
                    tally.Violated++;
                    break;
                default:
                    tally.Vacuous++;
                    break;
            }
        }
        tally.Cases++;
        return true;
    }

    /// <summary>Who may decide a contract: <c>auto</c> depends on the scope, every other row names a solver.</summary>
    private enum Decider
    {
        Exhaustive,
        Solver,
        Either,
    }

    /// <summary>
    /// auto checks exhaustively alone up to <see cref="AutoChecker.ExhaustiveAloneInputs"/> inputs in scope (and
    /// within --max-inputs), races exhaustive checking against the solver up to --max-inputs, and leaves larger
    /// scopes to the solver.
    /// </summary>
    private static Decider ExpectedDecider(string backend, long inScope, long maxInputs) =>
        backend != "auto" ? Decider.Solver
        : inScope <= Math.Min(maxInputs, AutoChecker.ExhaustiveAloneInputs) ? Decider.Exhaustive
        : inScope > maxInputs ? Decider.Solver
        : Decider.Either;

    /// <summary>What the reference says: inputs satisfying the preconditions, and how many of them violate the contract.</summary>
    private readonly record struct Expected(long InScope, long Violations);

    private static Expected FromExhaustive(ContractResult result, string where)
    {
        Assert.True(result.Verdict != Verdict.Unknown, $"{where}: the exhaustive reference is unknown ({result.Reason})");
        return new Expected(result.InputsInScope!.Value, result.Violations ?? 0);
    }

    /// <summary>The independent interpreter must find the preconditions true and exactly the reported clauses false.</summary>
    internal static void IsCounterexample(BnnModel model, RefContract reference, ElaboratedContract contract, Counterexample counterexample, string where)
    {
        var inputs = counterexample.Inputs.ToArray();
        string key = DifferentialCase.Key(inputs);
        var point = DifferentialCase.ReferencePoint(model, inputs);
        Assert.True(reference.Requires.All(r => r.Eval(point, null)), $"{where}: the counterexample {key} does not satisfy the preconditions");
        var failed = contract.Ensures.Where((_, i) => !reference.Ensures[i].Eval(point, null)).ToList();
        Assert.True(failed.Count > 0, $"{where}: the counterexample {key} satisfies every postcondition");
        Assert.Equal(failed, counterexample.FailedClauses);
        Assert.Equal(point.Class, counterexample.Output.Class);
        Assert.Equal(point.Scores, counterexample.Output.Scores.Select(s => (long)s));
        Assert.Equal(point.Bits, counterexample.Output.Bits);
    }

    private static BnnModel XorModel() => ModelReader.ReadFile("models/xor.json").Model!;
}
