using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using BnnVerify.Bnn.Engine;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Robustness;

namespace BnnVerify.Verifier.Checking;

/// <summary>Limits and knobs of exhaustive checking.</summary>
/// <param name="MaxInputs">Refuse (verdict unknown) when more inputs than this satisfy the precondition.</param>
/// <param name="MaxCounterexamples">How many counterexamples to keep (all violations are still counted).</param>
/// <param name="Threads">Worker threads (0 = one per core).</param>
/// <param name="BallSearch">Decide Hamming-ball contracts with the ball search (false: the generic precondition search, for comparison).</param>
public sealed record ExhaustiveOptions(long MaxInputs, int MaxCounterexamples, int Threads = 0, bool BallSearch = true)
{
    /// <summary>
    /// How many counterexamples a solver backend looks for: each further one is another solve (with the earlier ones
    /// blocked), so one unless the user asked for more with <c>--max-counterexamples</c>.
    /// </summary>
    public int SolverCounterexamples { get; init; } = 1;

    /// <summary>Whether a solver backend makes its counterexamples canonical (the default) or reports them as found.</summary>
    public CounterexampleForm SolverCounterexampleForm { get; init; } = CounterexampleForm.Canonical;

    /// <summary>
    /// How far enumeration goes once a violation is known. Exact for library callers, which expect exact counts;
    /// <c>bnnverify check</c> defaults to <see cref="ViolationCounting.WithinBudget"/>.
    /// </summary>
    public ViolationCounting Counting { get; init; } = ViolationCounting.Exact;

    /// <summary>With <c>--certify</c>: the native solver logs a proof of every UNSAT answer, and it is checked (docs/proofs.md); else null.</summary>
    public CertificationOptions? Certification { get; init; }

    /// <summary>With <see cref="ViolationCounting.WithinBudget"/>, how long a violated contract's count may run (from the start of its check).</summary>
    public TimeSpan CountingBudget { get; init; } = DefaultCountingBudget;

    /// <summary>
    /// The default counting budget, 10 s: long enough for exact counts on every bundled exhaustive contract (the slowest,
    /// digits and tictactoe-winner, take about a second), short against the minutes a scope near --max-inputs takes.
    /// </summary>
    public static readonly TimeSpan DefaultCountingBudget = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When block-shaped preconditions (<see cref="BlockPrecondition"/>) are walked by the incremental block enumeration,
    /// first-layer sums updated per flip, instead of the generic precondition search.
    /// </summary>
    public BlockEnumerationUse BlockEnumeration { get; init; } = BlockEnumerationUse.WhereItWins;

    /// <summary>The default bound: 2^28 inputs, a few minutes for a small model on two cores.</summary>
    public const long DefaultMaxInputs = 1L << 28;
}

/// <summary>When exhaustive checking uses the block enumeration for a block-shaped precondition.</summary>
public enum BlockEnumerationUse
{
    /// <summary>Never: the generic precondition search for every contract (for comparison).</summary>
    Never,

    /// <summary>Where it was measured to win (docs/benchmarks.md): see <c>BlockPrecondition.Worthwhile</c>.</summary>
    WhereItWins,

    /// <summary>For every block-shaped precondition (for tests and measurements).</summary>
    Always,
}

/// <summary>How exhaustive checking walks a contract's scope.</summary>
public enum ExhaustiveEnumeration
{
    /// <summary>The generic precondition search (<c>PreconditionSearch</c>), its inputs evaluated in batches.</summary>
    PreconditionSearch,

    /// <summary>The precondition's blocks in Gray order, first-layer sums updated per flip (<c>BlockPrecondition</c>).</summary>
    BlockEnumeration,

    /// <summary>A Hamming ball, by the ball search.</summary>
    BallSearch,
}

/// <summary>Receives progress of a long check (inputs checked out of the inputs in scope).</summary>
public interface ICheckProgress
{
    /// <summary>Called when a contract's check starts, with the number of inputs in scope.</summary>
    void Start(string contract, long total);

    /// <summary>Called from worker threads with the number of inputs checked so far.</summary>
    void Report(long checkedSoFar);

    /// <summary>Called when the contract's check ends.</summary>
    void Stop();
}

/// <summary>
/// Decides a contract by evaluating the network on every input that satisfies the precondition, with the
/// packed reference engine, on all cores. Counts violations exactly and keeps the smallest counterexamples (CanonicalOrder)
/// in a deterministic order.
/// </summary>
public sealed class ExhaustiveChecker : IContractChecker
{
    /// <summary>The name results carry.</summary>
    public const string BackendName = "exhaustive";

    private const int BatchSize = 256;

    private readonly PackedNetwork _network;
    private readonly ExhaustiveOptions _options;

    /// <summary>Creates a checker for <paramref name="network"/>.</summary>
    public ExhaustiveChecker(PackedNetwork network, ExhaustiveOptions options)
    {
        _network = network;
        _options = options;
    }

    /// <summary>
    /// Counts the inputs satisfying <paramref name="contract"/>'s precondition, or returns null when
    /// there are more than <see cref="ExhaustiveOptions.MaxInputs"/> (or the search for them is too large).
    /// </summary>
    public long? CountInScope(ElaboratedContract contract, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return ScopeCounter.Count(contract.Precondition, _network.InputCount, _options.MaxInputs, cancellation);
    }

    /// <summary>
    /// How <see cref="Check"/> walks <paramref name="contract"/>'s scope with these options (lists the precondition's
    /// blocks to tell, which costs a search over each block's inputs).
    /// </summary>
    public ExhaustiveEnumeration EnumerationFor(ElaboratedContract contract, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (_options.BallSearch && BallChecker.Match(contract, _network) is not null)
            return ExhaustiveEnumeration.BallSearch;
        return BlockPrecondition.Match(contract.Precondition, _network, _options.BlockEnumeration, cancellation) is not null
            ? ExhaustiveEnumeration.BlockEnumeration
            : ExhaustiveEnumeration.PreconditionSearch;
    }

    /// <summary>Checks one contract exhaustively.</summary>
    public ContractResult Check(ElaboratedContract contract, ICheckProgress? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var clock = Stopwatch.StartNew();
        long? inScope = CountInScope(contract, cancellation);
        // Interrupted while counting, the count is partial (0 when cancelled before it began): claim none.
        if (cancellation.IsCancellationRequested)
            return Interrupted(contract, clock, null, 0);
        if (inScope is not { } total)
        {
            return new ContractResult(contract, Verdict.Unknown, BackendName, [], clock.Elapsed)
            {
                Reason = string.Create(CultureInfo.InvariantCulture,
                    $"the precondition admits more than {_options.MaxInputs} input{(_options.MaxInputs == 1 ? "" : "s")}, above the exhaustive bound; raise --max-inputs or use a solver backend (--backend auto, sat or z3)"),
            };
        }
        if (total == 0)
            return new ContractResult(contract, Verdict.Vacuous, BackendName, [], clock.Elapsed) { InputsInScope = 0 };
        // A Hamming ball: the ball search visits the same inputs with incremental sums and bounds, and counts exactly.
        if (_options.BallSearch && BallChecker.Match(contract, _network) is { } ball)
        {
            // The ball search settles most of a ball by bounds and counts quickly, so only --fail-fast stops it early.
            bool failFast = _options.Counting == ViolationCounting.FirstCounterexample;
            var decided = BallChecker.Decide(_network, contract, ball, counting: !failFast, _options, BackendName, cancellation) with { Elapsed = clock.Elapsed };
            return failFast && decided.Verdict == Verdict.Violated && decided.Reason is null ? decided with { Reason = StoppedAtFirst } : decided;
        }

        // Inputs in independent blocks: walk their product with incremental sums, never evaluating the precondition.
        var blocks = BlockPrecondition.Match(contract.Precondition, _network, _options.BlockEnumeration, cancellation);
        if (cancellation.IsCancellationRequested)
            return Interrupted(contract, clock, total, 0);
        Debug.Assert(blocks is null || blocks.Count == total, "the blocks' product is the counted scope");
        var search = blocks is null ? new PreconditionSearch(contract.Precondition, _network.InputCount) : null;
        int taskCount = blocks?.TaskCount ?? search!.TaskCount;
        var perTask = new List<Counterexample>?[taskCount];
        // Stops the enumeration once the counting policy has what it needs; the caller's token still stops it too.
        using var enough = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var counters = new SharedCounters(progress, _options, clock, enough);
        int keep = _options.Counting == ViolationCounting.FirstCounterexample ? Math.Min(1, _options.MaxCounterexamples) : _options.MaxCounterexamples;
        progress?.Start(contract.Name, total);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Threads > 0 ? _options.Threads : Environment.ProcessorCount };
        try
        {
            Parallel.For(0, taskCount, parallel,
                () => new Worker(_network, contract, keep, counters, incremental: blocks is not null),
                (task, _, worker) =>
                {
                    if (enough.IsCancellationRequested)
                        return worker;
                    worker.BeginTask();
                    if (blocks is not null)
                        blocks.Enumerate(task, worker.Evaluator!, worker, enough.Token);
                    else
                        search!.Enumerate(task, worker, enough.Token);
                    worker.Flush();
                    perTask[task] = worker.TakeCounterexamples();
                    return worker;
                },
                _ => { });
        }
        finally
        {
            progress?.Stop();
        }

        long checkedCount = counters.Checked, violations = counters.Violations;
        if (cancellation.IsCancellationRequested)
            return Interrupted(contract, clock, total, checkedCount, violations, Merge(perTask, keep));
        var counterexamples = Merge(perTask, keep);
        if (enough.IsCancellationRequested && checkedCount < total)
        {
            Debug.Assert(violations > 0, "the counting policy stops only violated contracts");
            return new ContractResult(contract, Verdict.Violated, BackendName, counterexamples, clock.Elapsed)
            {
                InputsInScope = total,
                InputsChecked = checkedCount,
                Violations = violations,
                Reason = _options.Counting == ViolationCounting.FirstCounterexample
                    ? StoppedAtFirst
                    : string.Create(CultureInfo.InvariantCulture,
                        $"counting stopped by the counting budget ({_options.CountingBudget.TotalSeconds:0.#} s); the count covers the inputs checked so far, --count counts them all"),
            };
        }
        Debug.Assert(checkedCount == total, "the enumeration visits exactly the counted inputs");
        return new ContractResult(contract, violations == 0 ? Verdict.Holds : Verdict.Violated, BackendName, counterexamples, clock.Elapsed)
        {
            InputsInScope = total,
            InputsChecked = checkedCount,
            Violations = violations,
        };
    }

    /// <summary>The reason a --fail-fast result carries.</summary>
    private const string StoppedAtFirst = "stopped at the first counterexample (--fail-fast); --count counts every violation";

    // Each task kept its smallest counterexamples in the canonical order; the smallest of all are among them.
    private static ImmutableArray<Counterexample> Merge(List<Counterexample>?[] perTask, int keep) =>
        [.. perTask.Where(list => list is not null).SelectMany(list => list!).Order(Comparer<Counterexample>.Create(CanonicalOrder.Compare)).Take(keep)];

    private static ContractResult Interrupted(ElaboratedContract contract, Stopwatch clock, long? total, long checkedCount, long violations = 0,
        ImmutableArray<Counterexample> counterexamples = default)
    {
        // A violation found before the interruption is still a definite verdict.
        if (violations > 0)
        {
            return new ContractResult(contract, Verdict.Violated, BackendName, counterexamples, clock.Elapsed)
            {
                InputsInScope = total,
                InputsChecked = checkedCount,
                Violations = violations,
                Reason = "interrupted: the count covers the inputs checked so far",
            };
        }
        string covered = total is > 0 ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * checkedCount / total.Value:0.##}% of {total} inputs checked") : "before the inputs were counted";
        return new ContractResult(contract, Verdict.Unknown, BackendName, [], clock.Elapsed)
        {
            InputsInScope = total,
            InputsChecked = checkedCount,
            Reason = $"interrupted: {covered}, no violation among them",
        };
    }

    /// <summary>Totals shared by the workers, updated once per batch; they stop the enumeration when the counting policy says so.</summary>
    private sealed class SharedCounters(ICheckProgress? progress, ExhaustiveOptions options, Stopwatch clock, CancellationTokenSource enough)
    {
        private long _checked, _violations;

        public long Checked => Interlocked.Read(ref _checked);

        public long Violations => Interlocked.Read(ref _violations);

        public void Add(long checkedInputs, long violations)
        {
            long done = Interlocked.Add(ref _checked, checkedInputs);
            long found = violations > 0 ? Interlocked.Add(ref _violations, violations) : Interlocked.Read(ref _violations);
            progress?.Report(done);
            if (found == 0 || enough.IsCancellationRequested)
                return;
            if (options.Counting == ViolationCounting.FirstCounterexample
                || (options.Counting == ViolationCounting.WithinBudget && clock.Elapsed >= options.CountingBudget))
                enough.Cancel();
        }
    }

    /// <summary>
    /// One thread's evaluation state: buffers a batch of models, evaluates them, checks the postconditions; or, under the
    /// block enumeration, checks the postconditions on inputs its incremental evaluator has evaluated.
    /// </summary>
    private sealed class Worker : IModelVisitor, IEvaluatedInputVisitor
    {
        private readonly PackedNetwork _network;
        private readonly ElaboratedContract _contract;
        private readonly int _maxCounterexamples;
        private readonly EvaluationWorkspace _workspace;
        private readonly BatchWorkspace? _batchWorkspace;
        private readonly Assignment _assignment;
        private readonly ulong[] _batch;
        private readonly ulong[] _results = new ulong[BatchSize];
        private readonly int _words;
        private readonly SharedCounters _counters;
        private int _pending;
        private int _unreported;
        private long _violations;
        private List<Counterexample>? _counterexamples;
        private List<ulong[]>? _counterexampleInputs;

        public Worker(PackedNetwork network, ElaboratedContract contract, int maxCounterexamples, SharedCounters counters, bool incremental)
        {
            Evaluator = incremental ? new IncrementalEvaluator(network) : null;
            _counters = counters;
            _network = network;
            _contract = contract;
            _maxCounterexamples = maxCounterexamples;
            _workspace = network.CreateWorkspace();
            _assignment = new Assignment(network.InputCount, network.OutputCount);
            _words = network.InputWords;
            _batch = new ulong[BatchSize * _words];
            // Batches give one word per input: the class, or up to 64 output bits. Scores need one evaluation at a time.
            bool needsScores = contract.Ensures.Any(c => MentionsScores(c.Formula));
            bool fitsOneWord = network.IsArgmax || network.OutputCount <= 64;
            _batchWorkspace = !incremental && !needsScores && fitsOneWord ? network.CreateBatchWorkspace(BatchSize) : null;
        }

        /// <summary>The evaluator the block enumeration drives (null for the precondition search).</summary>
        public IncrementalEvaluator? Evaluator { get; }

        public void BeginTask()
        {
            _counterexamples = null;
            _counterexampleInputs = null;
        }

        public void Visit(ReadOnlySpan<ulong> packedInput)
        {
            packedInput.CopyTo(_batch.AsSpan(_pending * _words, _words));
            if (++_pending == BatchSize)
                Flush();
        }

        public void Visit(ReadOnlySpan<ulong> input, EvaluationWorkspace result)
        {
            input.CopyTo(_assignment.InputBits);
            _assignment.SetOutput(result);
            CheckEnsures(input);
            if (++_unreported == BatchSize)
                Report();
        }

        public void Flush()
        {
            Report();
            if (_pending == 0)
                return;
            if (_batchWorkspace is not null)
                _network.EvaluateBatch(_batch, _pending, _results, _batchWorkspace);
            for (int item = 0; item < _pending; item++)
            {
                var input = _batch.AsSpan(item * _words, _words);
                input.CopyTo(_assignment.InputBits);
                if (_batchWorkspace is null)
                {
                    _network.Evaluate(input, _workspace);
                    _assignment.SetOutput(_workspace);
                }
                else if (_network.IsArgmax)
                {
                    _assignment.Class = (int)_results[item];
                }
                else
                {
                    _assignment.OutputBits[0] = _results[item];
                }
                CheckEnsures(input);
            }
            _counters.Add(_pending, _violations);
            _violations = 0;
            _pending = 0;
        }

        // Adds the inputs checked since the last report to the shared totals (which may stop the enumeration).
        private void Report()
        {
            if (_unreported == 0)
                return;
            _counters.Add(_unreported, _violations);
            _violations = 0;
            _unreported = 0;
        }

        private void CheckEnsures(ReadOnlySpan<ulong> input)
        {
            bool violated = false;
            foreach (var clause in _contract.Ensures)
            {
                if (!clause.Formula.Evaluate(_assignment))
                {
                    violated = true;
                    break;
                }
            }
            if (!violated)
                return;
            _violations++;
            _counterexamples ??= [];
            _counterexampleInputs ??= [];
            if (_maxCounterexamples == 0)
                return;
            // Keep the smallest in the canonical order (sorted), not the first found, so that every backend reports the same ones.
            int at = _counterexampleInputs.Count;
            while (at > 0 && CanonicalOrder.Compare(input, _counterexampleInputs[at - 1]) < 0)
                at--;
            if (at >= _maxCounterexamples)
                return;
            if (_counterexamples.Count == _maxCounterexamples)
            {
                _counterexamples.RemoveAt(_counterexamples.Count - 1);
                _counterexampleInputs.RemoveAt(_counterexampleInputs.Count - 1);
            }
            // Re-evaluate with the full engine so the counterexample carries scores, whatever path found it.
            var values = PackedBits.Unpack(input, _network.InputCount);
            var output = _network.Evaluate(values);
            var failed = _contract.Ensures.Where(c => !c.Formula.Evaluate(_assignment)).ToImmutableArray();
            _counterexamples.Insert(at, new Counterexample([.. values], output, failed));
            _counterexampleInputs.Insert(at, input.ToArray());
        }

        public List<Counterexample>? TakeCounterexamples()
        {
            var taken = _counterexamples;
            _counterexamples = null;
            _counterexampleInputs = null;
            return taken;
        }

        private static bool MentionsScores(Formula formula) => formula switch
        {
            ComparisonFormula c => c.Sum.Terms.Any(t => t.Indicator is null || MentionsScores(t.Indicator)),
            NotFormula n => MentionsScores(n.Operand),
            JunctionFormula j => j.Operands.Any(MentionsScores),
            XorFormula x => MentionsScores(x.Left) || MentionsScores(x.Right),
            _ => false,
        };
    }
}
