using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using BnnVerify.Bnn.Engine;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Equivalence;

/// <summary>
/// Compares a network with a reference on every input of a domain: the inputs satisfying a precondition, enumerated
/// by the precondition search <c>check</c> uses, in batches — the network on the packed engine, the reference through
/// its batch interface. Counts the differences exactly and keeps the first ones in a deterministic order. In-process
/// references run on every core; a process reference sees one stream of batches.
/// </summary>
internal static class ExhaustiveEquivalence
{
    /// <summary>Compares <paramref name="network"/> with <paramref name="reference"/> on the models of <paramref name="domain"/>.</summary>
    public static EquivalenceResult Compare(PackedNetwork network, IEquivalenceReference reference, Formula domain, ExhaustiveOptions options, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        long? counted = ScopeCounter.Count(domain, network.InputCount, options.MaxInputs, cancellation);
        if (cancellation.IsCancellationRequested)
            return Unknown(clock, null, 0, "interrupted before the inputs of the domain were counted");
        if (counted is not { } total)
        {
            return Unknown(clock, null, 0, string.Create(CultureInfo.InvariantCulture,
                $"the domain has more than {options.MaxInputs} inputs, above the exhaustive bound; raise --max-inputs, or, against a model: reference, use a solver backend (--backend auto, sat or z3)"));
        }

        var search = new PreconditionSearch(domain, network.InputCount);
        var perTask = new List<Difference>?[search.TaskCount];
        var totals = new Totals();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        string? failure = null;
        void Fail(string message)
        {
            Interlocked.CompareExchange(ref failure, message, null);
            stop.Cancel();
        }

        // One thread is also the deterministic order: the first failing input is the one reported.
        if (reference.IsThreadSafe && options.Threads != 1)
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : Environment.ProcessorCount };
            Parallel.For(0, search.TaskCount, parallel,
                () => new Worker(network, reference, options.MaxCounterexamples, totals, stop.Token),
                (task, _, worker) =>
                {
                    if (stop.IsCancellationRequested)
                        return worker;
                    try
                    {
                        search.Enumerate(task, worker, stop.Token);
                        worker.Flush(isLast: false);
                    }
                    catch (ReferenceFailedException e)
                    {
                        Fail(e.Message);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    perTask[task] = worker.TakeDifferences();
                    return worker;
                },
                _ => { });
        }
        else
        {
            // One process, one stream: the last batch is sent only when the enumeration is over, so it can close the input.
            var worker = new Worker(network, reference, options.MaxCounterexamples, totals, stop.Token);
            try
            {
                for (int task = 0; task < search.TaskCount && !stop.IsCancellationRequested; task++)
                {
                    search.Enumerate(task, worker, stop.Token);
                    perTask[task] = worker.TakeDifferences();
                }
                if (!stop.IsCancellationRequested)
                    worker.Flush(isLast: true);
                perTask[^1] = [.. perTask[^1] ?? [], .. worker.TakeDifferences() ?? []];
            }
            catch (ReferenceFailedException e)
            {
                Fail(e.Message);
            }
            catch (OperationCanceledException)
            {
            }
        }

        var differences = perTask.Where(list => list is not null).SelectMany(list => list!).Take(options.MaxCounterexamples).ToImmutableArray();
        long compared = totals.Compared, differing = totals.Differing;
        if (failure is not null)
            return Unknown(clock, total, compared, failure);
        if (cancellation.IsCancellationRequested || compared < total)
        {
            // Differences found before the interruption are still a definite verdict.
            if (differing > 0)
            {
                return new EquivalenceResult(EquivalenceVerdict.Differ, EquivalenceResult.Exhaustive, EquivalenceResult.Exhaustive, differences, clock.Elapsed)
                {
                    InputsInDomain = total,
                    InputsChecked = compared,
                    DifferenceCount = differing,
                    Reason = "interrupted (Ctrl-C or --timeout); the count covers the inputs compared so far",
                };
            }
            string covered = total > 0 ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * compared / total:0.##}% of {total} inputs compared") : "nothing compared";
            return Unknown(clock, total, compared, $"interrupted: {covered}, no difference among them");
        }
        Debug.Assert(compared == total, "the enumeration visits exactly the counted inputs");
        return new EquivalenceResult(differing == 0 ? EquivalenceVerdict.Equivalent : EquivalenceVerdict.Differ, EquivalenceResult.Exhaustive, EquivalenceResult.Exhaustive, differences, clock.Elapsed)
        {
            InputsInDomain = total,
            InputsChecked = compared,
            DifferenceCount = differing,
            // Like a vacuous contract: true, and saying nothing.
            Reason = total == 0 ? "the domain is empty: no input satisfies its preconditions" : null,
        };
    }

    private static EquivalenceResult Unknown(Stopwatch clock, long? total, long compared, string reason) =>
        new(EquivalenceVerdict.Unknown, EquivalenceResult.Exhaustive, EquivalenceResult.Exhaustive, [], clock.Elapsed)
        {
            InputsInDomain = total,
            InputsChecked = compared,
            Reason = reason,
        };

    /// <summary>Totals shared by the workers, updated once per batch.</summary>
    private sealed class Totals
    {
        private long _compared, _differing;

        public long Compared => Interlocked.Read(ref _compared);

        public long Differing => Interlocked.Read(ref _differing);

        public void Add(long compared, long differing)
        {
            Interlocked.Add(ref _compared, compared);
            Interlocked.Add(ref _differing, differing);
        }
    }

    /// <summary>One thread's state: buffers a batch of inputs, evaluates the network and asks the reference, compares.</summary>
    private sealed class Worker : IModelVisitor
    {
        private readonly PackedNetwork _network;
        private readonly IEquivalenceReference _reference;
        private readonly int _maxDifferences;
        private readonly Totals _totals;
        private readonly CancellationToken _cancellation;
        private readonly int _batchSize;
        private readonly int _words;
        private readonly ulong[] _batch;
        private readonly ulong[] _results;
        private readonly ulong[] _answers;
        private readonly BatchWorkspace _workspace;
        private int _pending;
        private List<Difference>? _differences;

        public Worker(PackedNetwork network, IEquivalenceReference reference, int maxDifferences, Totals totals, CancellationToken cancellation)
        {
            _network = network;
            _reference = reference;
            _maxDifferences = maxDifferences;
            _totals = totals;
            _cancellation = cancellation;
            _batchSize = reference.PreferredBatchSize;
            _words = network.InputWords;
            _batch = new ulong[_batchSize * _words];
            _results = new ulong[_batchSize];
            _answers = new ulong[_batchSize];
            _workspace = network.CreateBatchWorkspace(_batchSize);
        }

        public void Visit(ReadOnlySpan<ulong> packedInput)
        {
            // A full batch is sent when the next input arrives, so that the last batch is known to be the last.
            if (_pending == _batchSize)
                Flush(isLast: false);
            packedInput.CopyTo(_batch.AsSpan(_pending * _words, _words));
            _pending++;
        }

        public void Flush(bool isLast)
        {
            if (_pending == 0 && !isLast)
                return;
            int count = _pending;
            _pending = 0;
            var inputs = _batch.AsSpan(0, count * _words);
            _network.EvaluateBatch(inputs, count, _results, _workspace);
            _reference.Answer(inputs, count, _answers, isLast, _cancellation);
            long differing = 0;
            for (int item = 0; item < count; item++)
            {
                if (_results[item] == _answers[item]
                    || (_reference is IAcceptsAlternatives alternatives && alternatives.Accepts(inputs.Slice(item * _words, _words), _results[item])))
                    continue;
                differing++;
                _differences ??= [];
                if (_differences.Count < _maxDifferences)
                {
                    var values = PackedBits.Unpack(inputs.Slice(item * _words, _words), _network.InputCount);
                    _differences.Add(new Difference([.. values], _network.Evaluate(values), _answers[item], _reference.Explain(values)));
                }
            }
            _totals.Add(count, differing);
        }

        public List<Difference>? TakeDifferences()
        {
            var taken = _differences;
            _differences = null;
            return taken;
        }
    }
}
