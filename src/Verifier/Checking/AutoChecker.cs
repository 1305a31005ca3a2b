using System.Diagnostics;
using System.Runtime.ExceptionServices;
using BnnVerify.Bnn.Engine;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Robustness;

namespace BnnVerify.Verifier.Checking;

/// <summary>
/// <c>--backend auto</c>. When at most <see cref="ExhaustiveAloneInputs"/> inputs satisfy the preconditions, exhaustive
/// checking alone: it takes about a second at most, counts violations exactly and needs no solver. Above that and up
/// to the exhaustive bound, exhaustive checking and the solver backend race and the first verdict wins, because which
/// of them is faster depends on the answer (docs/benchmarks.md, digits sweep: at radius 4 a solver finds a counterexample
/// in about a second where the exhaustive search takes 9–14 s; at radius 2 solvers need seconds to tens of seconds for
/// proofs the exhaustive search finishes in milliseconds). Beyond the bound the exhaustive side gives up and the solver
/// decides alone. A Hamming-ball contract is raced by the ball search instead (<see cref="BallChecker"/>), which has no
/// scope bound: it settles most of a ball by bounds and stops at the first counterexample.
/// </summary>
public sealed class AutoChecker : IContractChecker
{
    /// <summary>
    /// Scopes up to this many inputs are checked exhaustively without a solver: 2^16, about a second at the slowest
    /// rate measured (about 20 µs per input, enumerating Hamming balls around the digits images on 2 cores; docs/benchmarks.md).
    /// </summary>
    public const long ExhaustiveAloneInputs = 1L << 16;

    private readonly ExhaustiveChecker _exhaustive;
    private readonly ExhaustiveChecker _racing;
    private readonly ExhaustiveChecker _smallScope;
    private readonly IContractChecker _solver;
    private readonly PackedNetwork _network;
    private readonly BallChecker _ball;

    /// <summary>Creates the strategy for <paramref name="network"/> with the exhaustive <paramref name="options"/> and a solver.</summary>
    public AutoChecker(PackedNetwork network, ExhaustiveOptions options, IContractChecker solver)
    {
        ArgumentNullException.ThrowIfNull(options);
        _exhaustive = new ExhaustiveChecker(network, options);
        // Racing a solver, the exhaustive search leaves it a core (unless the user fixed the thread count).
        // It keeps as many counterexamples as the solver finds, so that both sides report the same smallest ones.
        _racing = new ExhaustiveChecker(network, options with
        {
            Threads = options.Threads > 0 ? options.Threads : Math.Max(1, Environment.ProcessorCount - 1),
            MaxCounterexamples = options.SolverCounterexamples,
        });
        // Only for counting the scope up to the small bound, which stops early on large scopes.
        _smallScope = new ExhaustiveChecker(network, options with { MaxInputs = Math.Min(options.MaxInputs, ExhaustiveAloneInputs) });
        _solver = solver;
        _network = network;
        _ball = new BallChecker(network, options with { Threads = options.Threads > 0 ? options.Threads : Math.Max(1, Environment.ProcessorCount - 1) });
    }

    /// <inheritdoc/>
    public ContractResult Check(ElaboratedContract contract, ICheckProgress? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        if (_smallScope.CountInScope(contract, cancellation) is not null)
            return _exhaustive.Check(contract, progress, cancellation);
        if (cancellation.IsCancellationRequested)
            return _exhaustive.Check(contract, progress, cancellation);

        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        // Each side blocks for the whole check (on a solver process, or on its worker threads): dedicated threads, so
        // that the race does not hold thread-pool threads that timeout timers and the exhaustive workers need.
        var solver = Task.Factory.StartNew(() => _solver.Check(contract, null, race.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // A Hamming ball is raced by the ball search, which has no scope bound and stops at the first counterexample.
        IContractChecker racer = BallChecker.Handles(contract, _network) ? _ball : _racing;
        var exhaustive = Task.Factory.StartNew(() => racer.Check(contract, progress, race.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // Not cancellable here: both sides watch the same token and return promptly when it fires.
        var first = Task.WaitAny([solver, exhaustive], CancellationToken.None) == 0 ? solver : exhaustive;
        if (Decided(first) || IsReplayMismatch(first))
            race.Cancel();
        // Wait for the loser too, so that no solver process or worker thread outlives the check.
        WaitQuietly(solver);
        WaitQuietly(exhaustive);
        return Outcome(first, first == solver ? exhaustive : solver, solver) with { Elapsed = clock.Elapsed, DecidedByRace = true };
    }

    /// <summary>
    /// The race's answer once both sides have stopped. A solver model that failed its replay is a bug and is always
    /// reported. Otherwise the first verdict wins: the loser was cancelled, and an exhaustive search cancelled after
    /// finding violations reports "violated" with a partial count, which must not replace the winner's answer. A
    /// verdict wins over a failure (a missing solver does not stop a check the exhaustive side finished); with
    /// neither deciding, a failure is reported, else the solver's reason, which explains more (the exhaustive side
    /// only says its bound was exceeded).
    /// </summary>
    private static ContractResult Outcome(Task<ContractResult> first, Task<ContractResult> second, Task<ContractResult> solver)
    {
        Task<ContractResult>[] both = [first, second];
        if (both.FirstOrDefault(IsReplayMismatch) is { } mismatch)
            Rethrow(mismatch);
        if (both.FirstOrDefault(Decided) is { } decided)
            return decided.Result;
        if (both.FirstOrDefault(t => t.IsFaulted) is { } failed)
            Rethrow(failed);
        return solver.Result;
    }

    private static bool Decided(Task<ContractResult> task) => task.IsCompletedSuccessfully && task.Result.Verdict != Verdict.Unknown;

    private static bool IsReplayMismatch(Task task) => task.IsFaulted && task.Exception!.InnerException is SolverReplayMismatchException;

    private static void Rethrow(Task task) => ExceptionDispatchInfo.Capture(task.Exception!.InnerException ?? task.Exception!).Throw();

    private static void WaitQuietly(Task task)
    {
        try
        {
            task.Wait();
        }
        catch (AggregateException)
        {
            // Observed by Outcome.
        }
    }
}
