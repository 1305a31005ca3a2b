using System.Collections.Immutable;
using System.Diagnostics;
using BnnVerify.Bnn.Engine;
using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;
using BnnVerify.Encoding.Proofs;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Checking;

/// <summary>A solver answered with a model that, replayed on the reference engine, is no counterexample: a bug.</summary>
public sealed class SolverReplayMismatchException : Exception
{
    /// <summary>Creates the exception with a message that says what to report.</summary>
    public SolverReplayMismatchException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Decides a contract with a SAT/SMT backend: encodes the network and "precondition ∧ ¬postcondition",
/// asks for a model, and replays every model on the reference engine before reporting it. UNSAT is a proof
/// that the contract holds; a model is a counterexample, minimised to the smallest in <see cref="CanonicalOrder"/> (unless <see cref="Form"/> says as found);
/// anything else is unknown. Further counterexamples are found by blocking the inputs of the previous ones. When
/// there is none, one more solve of the precondition alone tells a contract that holds from a vacuous one, so that
/// every backend gives the exhaustive checker's verdict.
/// </summary>
public sealed class SolverChecker : IContractChecker
{
    private readonly PackedNetwork _network;
    private readonly string _backendName;
    private readonly Func<ISatBackend> _createBackend;
    private readonly int _maxCounterexamples;
    private readonly int _counterexamplesToFind;
    private readonly CertificationOptions? _certification;

    /// <summary>
    /// Creates a checker that makes a fresh backend with <paramref name="createBackend"/> for every contract; with
    /// <paramref name="certification"/>, the backend must log proofs (<see cref="IUnsatProofSource"/>), and every UNSAT
    /// answer that makes a contract hold is checked before it is believed.
    /// </summary>
    public SolverChecker(PackedNetwork network, string backendName, Func<ISatBackend> createBackend, int maxCounterexamples,
        CertificationOptions? certification = null)
    {
        _certification = certification;
        _network = network;
        _backendName = backendName;
        _createBackend = createBackend;
        _maxCounterexamples = maxCounterexamples;
        // One counterexample decides the verdict, even when none is to be shown.
        _counterexamplesToFind = Math.Max(1, maxCounterexamples);
    }

    /// <summary>
    /// Whether each model is minimised to the canonical counterexample (the default) or reported as the solver found it;
    /// either way it is replayed on the reference engine.
    /// </summary>
    public CounterexampleForm Form { get; init; } = CounterexampleForm.Canonical;

    /// <inheritdoc/>
    public ContractResult Check(ElaboratedContract contract, ICheckProgress? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var result = CheckUncertified(contract, cancellation);
        if (_certification is null || result.Certification is not null)
            return result;
        string why = result.Verdict switch
        {
            Verdict.Violated => "the contract is violated; its counterexamples are replayed on the reference engine instead",
            Verdict.Unknown => "there is no verdict to certify",
            _ => $"decided by the {result.Backend} before any solver ran",
        };
        return result with { Certification = Certification.NotApplicable(why) };
    }

    private ContractResult CheckUncertified(ElaboratedContract contract, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        ViolationProblem problem;
        try
        {
            problem = ContractEncoder.Encode(_network.Model, contract);
        }
        catch (NotSupportedException e)
        {
            return Unknown(contract, clock, _backendName, $"cannot encode the contract: {e.Message}");
        }
        var builder = problem.Builder;
        if (builder.IsTriviallyUnsatisfiable)
            return HoldsOrVacuous(contract, "simplifier", clock, cancellation);

        ISatBackend backend;
        try
        {
            backend = _createBackend();
        }
        catch (BackendUnavailableException e)
        {
            return Unknown(contract, clock, _backendName, e.Message);
        }
        using (backend)
        {
            var counterexamples = ImmutableArray.CreateBuilder<Counterexample>();
            int clausesLoaded = 0, gatesLoaded = 0;
            bool canonical = true;
            while (counterexamples.Count < _counterexamplesToFind)
            {
                try
                {
                    builder.LoadInto(backend, clausesLoaded, gatesLoaded, cancellation);
                }
                catch (NotSupportedException e)
                {
                    // A backend with a size bound (bruteforce) refused the problem: a bound, not a bug.
                    return Unknown(contract, clock, backend.Name, e.Message);
                }
                if (cancellation.IsCancellationRequested)
                {
                    // LoadInto stopped early: the backend holds part of the problem, whose models prove nothing.
                    if (counterexamples.Count > 0)
                        break;
                    return Unknown(contract, clock, backend.Name, "interrupted before the solver answered");
                }
                if (clausesLoaded == 0 && gatesLoaded == 0 && backend is IPreferredDecisions preference)
                {
                    // The inputs determine every other variable: a CDCL search that decides them first stays in the input space.
                    preference.PreferDecisions([.. Enumerable.Range(0, _network.InputCount)]);
                }
                clausesLoaded = builder.Clauses.Count;
                gatesLoaded = builder.CardinalityGates.Count;
                if (builder.IsTriviallyUnsatisfiable)
                    break;
                long solveStarted = Stopwatch.GetTimestamp();
                var answer = backend.Solve([], null, cancellation);
                if (answer is SolveResult.Unsatisfiable)
                {
                    if (_certification is null || counterexamples.Count > 0)
                        break;
                    var certificate = Certify(contract, backend, cancellation);
                    if (certificate.Status == CertificationStatus.Failed)
                        return Unknown(contract, clock, backend.Name, certificate.Note!) with { Certification = certificate };
                    return HoldsOrVacuous(contract, backend.Name, clock, cancellation) with { Certification = certificate };
                }
                if (answer is SolveResult.Unknown unknown)
                {
                    if (counterexamples.Count > 0)
                        break;
                    string reason = cancellation.IsCancellationRequested ? "interrupted before the solver answered" : unknown.Reason;
                    return Unknown(contract, clock, backend.Name, reason);
                }
                var model = ((SolveResult.Satisfiable)answer).Model;
                var inputs = new bool[_network.InputCount];
                Array.Copy(model, inputs, inputs.Length);
                if (Form == CounterexampleForm.AsFound)
                {
                    canonical = false;
                }
                else
                {
                    // Making it canonical may take several times as long as finding it took, and at least 5 s (docs/report-format.md).
                    var budget = TimeSpan.FromTicks(Math.Max(5 * TimeSpan.TicksPerSecond, 8 * Stopwatch.GetElapsedTime(solveStarted).Ticks));
                    if (!Minimise(contract, backend, inputs, counterexamples, budget, cancellation))
                        canonical = false;
                }
                counterexamples.Add(Replay(contract, inputs, backend.Name));
                // Block this input so that the next model is a different counterexample.
                builder.AddClause(Enumerable.Range(0, inputs.Length).Select(i => inputs[i] ? !builder.Input(i) : builder.Input(i)));
            }
            var found = counterexamples.ToImmutable();
            if (found.IsEmpty)
                return HoldsOrVacuous(contract, backend.Name, clock, cancellation);
            return new ContractResult(contract, found.IsEmpty ? Verdict.Holds : Verdict.Violated, backend.Name, [.. found.Take(_maxCounterexamples)], clock.Elapsed)
            {
                InputsChecked = found.Length,
                CounterexamplesCanonical = canonical,
            };
        }
    }

    /// <summary>
    /// Checks the proof of the backend's last UNSAT answer against the reference formula, with the independent
    /// <see cref="RupChecker"/>, and keeps it in the proof folder when one was given. The check stops with the
    /// contract's time limit (cancellation).
    /// </summary>
    private Certification Certify(ElaboratedContract contract, ISatBackend backend, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        if (backend is not IUnsatProofSource source)
            return Failed(CertificationDiagnosticIds.ProofNotChecked, clock, 0, $"backend {backend.Name} logs no proofs");
        var proof = source.ProofOfLastAnswer(out string? whyNot);
        if (proof is null)
            return Failed(CertificationDiagnosticIds.ProofNotChecked, clock, 0, $"no proof of the UNSAT answer to check: {whyNot}");
        if (_certification!.ProofFolder is { } folder && KeepProof(folder, contract.Name, proof) is { } problem)
            return Failed(CertificationDiagnosticIds.ProofFolder, clock, 0, problem);
        var checkedProof = proof.Check(ProofCheckBudget.Unlimited, cancellation);
        return checkedProof.Outcome switch
        {
            ProofCheckOutcome.Verified => new Certification(CertificationStatus.Certified, checkedProof.LemmasChecked, clock.Elapsed, null),
            ProofCheckOutcome.Rejected => Failed(CertificationDiagnosticIds.ProofRejected, clock, checkedProof.LemmasChecked,
                $"the native solver's proof of UNSAT did not check: {checkedProof.Message}"),
            _ => Failed(CertificationDiagnosticIds.ProofNotChecked, clock, checkedProof.LemmasChecked,
                $"the native solver's proof of UNSAT was not checked to its end: {checkedProof.Message}"),
        };
    }

    private static Certification Failed(string id, Stopwatch clock, int lemmas, string message) =>
        new(CertificationStatus.Failed, lemmas, clock.Elapsed, message) { DiagnosticId = id };

    /// <summary>Writes FOLDER/CONTRACT.cnf (the reference formula, DIMACS) and FOLDER/CONTRACT.drat (the proof, text DRAT); returns what went wrong, or null.</summary>
    private static string? KeepProof(string folder, string contractName, UnsatProof proof)
    {
        string cnf = Path.Combine(folder, contractName + ".cnf");
        string drat = Path.Combine(folder, contractName + ".drat");
        try
        {
            Directory.CreateDirectory(folder);
            using (var writer = new StreamWriter(cnf, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
                DimacsWriter.Write(writer, proof.Reference, []);
            using (var writer = new StreamWriter(drat, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
                proof.Proof.WriteText(writer);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot keep the proof in {folder}: {e.Message}";
        }
    }

    /// <summary>The verdict once "precondition ∧ ¬postcondition" has no model: vacuous when the precondition has none either.</summary>
    private ContractResult HoldsOrVacuous(ElaboratedContract contract, string decidedBy, Stopwatch clock, CancellationToken cancellation)
    {
        if (IsVacuous(contract, cancellation))
            return new ContractResult(contract, Verdict.Vacuous, decidedBy, [], clock.Elapsed) { InputsInScope = 0 };
        return new ContractResult(contract, Verdict.Holds, decidedBy, [], clock.Elapsed);
    }

    // The precondition is encoded over the inputs only (no network), so this solve is small next to the proof before it.
    // An unknown answer leaves the verdict "holds", which is proved either way.
    private bool IsVacuous(ElaboratedContract contract, CancellationToken cancellation)
    {
        if (contract.Precondition is ConstantFormula constant)
            return !constant.Value;
        var builder = ContractEncoder.EncodePrecondition(_network.Model, contract);
        if (builder.IsTriviallyUnsatisfiable)
            return true;
        try
        {
            using var backend = _createBackend();
            builder.LoadInto(backend, 0, 0, cancellation);
            if (cancellation.IsCancellationRequested || builder.IsTriviallyUnsatisfiable)
                return builder.IsTriviallyUnsatisfiable;
            return backend.Solve([], null, cancellation) is SolveResult.Unsatisfiable;
        }
        catch (Exception e) when (e is BackendUnavailableException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Turns a model's <paramref name="inputs"/> into the smallest counterexample in <see cref="CanonicalOrder"/> not among
    /// <paramref name="found"/> (which are blocked), so that the report does not depend on which model the solver, or the
    /// search that won the native portfolio, happened to find: the inputs are decided in model order, each false when
    /// some counterexample agrees with the decisions so far and has it false. The reference engine settles most steps
    /// (the current model with that input false is often still a counterexample); the others take one solve each.
    /// Returns false when <paramref name="budget"/> ran out first: <paramref name="inputs"/> is then still a
    /// counterexample, only perhaps not the smallest.
    /// </summary>
    private bool Minimise(ElaboratedContract contract, ISatBackend backend, bool[] inputs, IReadOnlyList<Counterexample> found,
        TimeSpan budget, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var decisions = new Lit[inputs.Length];
        var trial = new bool[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            decisions[i] = Lit.Negative(i);
            if (!inputs[i])
                continue;
            inputs.CopyTo(trial, 0);
            trial[i] = false;
            if (Violates(contract, trial) && !found.Any(c => c.Inputs.AsSpan().SequenceEqual((ReadOnlySpan<bool>)trial)))
            {
                trial.CopyTo(inputs, 0);
                continue;
            }
            var left = budget - clock.Elapsed;
            if (left <= TimeSpan.Zero)
                return false;
            var answer = backend.Solve(decisions.AsSpan(0, i + 1), left, cancellation);
            if (answer is SolveResult.Satisfiable better)
                Array.Copy(better.Model, inputs, inputs.Length);
            else if (answer is SolveResult.Unsatisfiable)
                decisions[i] = Lit.Positive(i);
            else
                return false;
        }
        return true;
    }

    /// <summary>Whether <paramref name="inputs"/> satisfy the preconditions and falsify a postcondition, on the reference engine.</summary>
    private bool Violates(ElaboratedContract contract, bool[] inputs)
    {
        var assignment = EvaluateOnReference(inputs, out _);
        return contract.Precondition.Evaluate(assignment) && contract.Ensures.Any(c => !c.Formula.Evaluate(assignment));
    }

    /// <summary>The inputs and the reference engine's outputs for them, as the contract's formulas read them.</summary>
    private Assignment EvaluateOnReference(bool[] inputs, out EvaluationWorkspace workspace)
    {
        var assignment = new Assignment(_network.InputCount, _network.OutputCount);
        PackedBits.Pack(inputs, assignment.InputBits);
        workspace = _network.CreateWorkspace();
        _network.Evaluate(assignment.InputBits, workspace);
        assignment.SetOutput(workspace);
        return assignment;
    }

    /// <summary>Re-evaluates a solver's counterexample on the reference engine; a mismatch is a bug, never a report.</summary>
    private Counterexample Replay(ElaboratedContract contract, bool[] inputs, string backendName)
    {
        var assignment = EvaluateOnReference(inputs, out var workspace);
        bool preconditionHolds = contract.Precondition.Evaluate(assignment);
        var failed = contract.Ensures.Where(c => !c.Formula.Evaluate(assignment)).ToImmutableArray();
        if (!preconditionHolds || failed.IsEmpty)
        {
            string what = !preconditionHolds ? "does not satisfy the preconditions" : "satisfies every postcondition";
            throw new SolverReplayMismatchException(
                $"backend {backendName} reported a counterexample to contract '{contract.Name}' that, replayed on the reference engine, {what}. "
                + "The counterexample was not reported. This is a bug in bnnverify's encoding or in the solver; please report it with the model, the spec and the backend name.");
        }
        return new Counterexample([.. inputs], workspace.ToOutput(), failed);
    }

    private static ContractResult Unknown(ElaboratedContract contract, Stopwatch clock, string backend, string reason) =>
        new(contract, Verdict.Unknown, backend, [], clock.Elapsed) { Reason = reason };
}
