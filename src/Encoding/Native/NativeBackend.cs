using System.Diagnostics;
using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Logic;
using BnnVerify.Encoding.Proofs;

namespace BnnVerify.Encoding.Native;

/// <summary>
/// The in-process <see cref="CdclSolver"/> behind <see cref="ISatBackend"/>: clauses and reified cardinality
/// constraints go to it as they are, with no CNF encoding. Every model is checked against the constraints as the
/// caller gave them before it is returned.
/// </summary>
/// <remarks>
/// In <see cref="NativeSearchMode.Portfolio"/> (the default, <c>native</c>) two solvers hold the same constraints, one
/// branching on the preferred variables first and one not (<see cref="NativeSearchSettings"/>), and race on two
/// threads: neither setting wins on every problem (docs/benchmarks.md). The learned clauses of both are kept for the
/// next call.
/// </remarks>
public sealed class NativeBackend : ISatBackend, IPreferredDecisions, IUnsatProofSource
{
    private readonly ConstraintLog _log = new();
    private readonly CdclSolver[] _solvers;
    private readonly IReadOnlyList<NativeSearchSettings> _settings;
    private readonly NativeSearchMode _mode;
    private readonly List<int>[] _maps;
    private readonly bool _logProofs;
    private int _lastWinner = -1;
    private string _noProof = "no solve has answered yet";

    /// <summary>
    /// Creates a backend that searches in <paramref name="mode"/>; with <paramref name="logProofs"/>, every solver logs a
    /// DRAT proof (<see cref="ProofOfLastAnswer"/>), which costs memory and some time (docs/proofs.md).
    /// </summary>
    public NativeBackend(NativeSearchMode mode = NativeSearchMode.Portfolio, bool logProofs = false)
    {
        if (!Enum.IsDefined(mode))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not a known search mode.");
        _mode = mode;
        _settings = NativeSearchSettings.Of(mode);
        _solvers = [.. _settings.Select(s => new CdclSolver { InitialPhase = s.InitialPhase })];
        _maps = [.. _solvers.Select(_ => new List<int>())];
        _logProofs = logProofs;
        if (logProofs)
        {
            foreach (var solver in _solvers)
                solver.StartProof();
        }
    }

    /// <inheritdoc/>
    public string Name => _mode switch
    {
        NativeSearchMode.InputsFirst => "native-inputs",
        NativeSearchMode.Plain => "native-plain",
        _ => "native",
    };

    /// <inheritdoc/>
    public int VariableCount => _log.VariableCount;

    /// <inheritdoc/>
    public FormulaSize Size => new(_solvers[0].VariableCount, _solvers[0].ClauseCount, _solvers[0].CardinalityCount);

    /// <summary>How many times <see cref="Solve"/> ran a search.</summary>
    public int SolverCalls { get; private set; }

    /// <summary>The work of the (first) solver so far.</summary>
    public SolverStatistics Statistics => _solvers[0].Statistics;

    /// <inheritdoc/>
    public int NewVariable()
    {
        int v = _log.NewVariable();
        // A solver adds variables of its own (AddAtLeast may copy an output), so the caller's variable v is mapped.
        for (int i = 0; i < _solvers.Length; i++)
            MapVariable(i, v);
        return v;
    }

    /// <inheritdoc/>
    public void AddClause(ReadOnlySpan<Lit> literals)
    {
        _log.AddClause(literals);
        for (int i = 0; i < _solvers.Length; i++)
            _solvers[i].AddClause(Translate(i, literals));
    }

    /// <inheritdoc/>
    public void AddReifiedAtLeast(ReadOnlySpan<Lit> literals, int atLeast, Lit output)
    {
        _log.AddReifiedAtLeast(literals, atLeast, output);
        for (int i = 0; i < _solvers.Length; i++)
            _solvers[i].AddAtLeast(Translate(i, literals), atLeast, InternalLiteral(i, output.Code));
    }

    /// <inheritdoc/>
    public void PreferDecisions(ReadOnlySpan<int> variables)
    {
        foreach (int v in variables)
        {
            if ((uint)v >= (uint)_log.VariableCount)
                throw new ArgumentOutOfRangeException(nameof(variables), $"Variable {v} does not exist; only {_log.VariableCount} variables do.");
        }
        for (int i = 0; i < _solvers.Length; i++)
        {
            if (!_settings[i].PreferInputs)
                continue;
            var mapped = new int[variables.Length];
            for (int j = 0; j < mapped.Length; j++)
                mapped[j] = _maps[i][variables[j]];
            _solvers[i].Prefer(mapped);
        }
    }

    /// <inheritdoc/>
    public SolveResult Solve(ReadOnlySpan<Lit> assumptions, TimeSpan? timeout, CancellationToken cancellation)
    {
        _log.CheckVariables(assumptions, nameof(assumptions));
        SolverCalls++;
        _lastWinner = -1;
        _noProof = assumptions.IsEmpty ? "the last answer was not UNSAT" : "the last answer was under assumptions, which the proof does not cover";
        long deadline = timeout is { } t ? Stopwatch.GetTimestamp() + (long)(Math.Max(0, t.TotalSeconds) * Stopwatch.Frequency) : long.MaxValue;
        if (_solvers.Length == 1)
            return Result(0, _solvers[0].Solve(Translate(0, assumptions), deadline, cancellation), assumptions, cancellation);

        var translated = new int[_solvers.Length][];
        for (int i = 0; i < translated.Length; i++)
            translated[i] = Translate(i, assumptions);
        var (status, winner) = PortfolioRace.Run(_solvers, translated, deadline, cancellation);
        return Result(winner, status, assumptions, cancellation);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // Managed only.
    }

    /// <inheritdoc/>
    public UnsatProof? ProofOfLastAnswer(out string? whyNot)
    {
        if (!_logProofs)
        {
            whyNot = "proof logging is off";
            return null;
        }
        if (_lastWinner < 0)
        {
            whyNot = _noProof;
            return null;
        }
        var solver = _solvers[_lastWinner];
        if (!solver.ProofIsComplete)
        {
            // A bug: an UNSAT answer without assumptions always ends the proof with the empty clause.
            whyNot = "internal error: the solver's proof does not end with the empty clause";
            return null;
        }
        var reference = solver.Reference!;
        if (reference.Unsupported is not null)
        {
            whyNot = "no reference formula: " + reference.Unsupported;
            return null;
        }
        whyNot = null;
        return new UnsatProof(reference.Build(solver.VariableCount), solver.Proof!);
    }

    private SolveResult Result(int solver, SolveStatus status, ReadOnlySpan<Lit> assumptions, CancellationToken cancellation)
    {
        switch (status)
        {
            case SolveStatus.Unsatisfiable:
                if (assumptions.IsEmpty)
                    _lastWinner = solver;
                return new SolveResult.Unsatisfiable();
            case SolveStatus.Unknown:
                return new SolveResult.Unknown(cancellation.IsCancellationRequested ? $"{Name}: cancelled" : $"{Name}: time limit reached");
        }
        var model = new bool[_log.VariableCount];
        for (int v = 0; v < model.Length; v++)
            model[v] = _solvers[solver].ModelValue(_maps[solver][v]);
        string? violation = _log.FindViolation(model, assumptions);
        if (violation is not null)
            return new SolveResult.Unknown($"internal error in {Name}: {violation}");
        return new SolveResult.Satisfiable(model);
    }

    private void MapVariable(int solver, int v)
    {
        Debug.Assert(_maps[solver].Count == v);
        _maps[solver].Add(_solvers[solver].NewVariable());
    }

    // The caller's variable v is solver i's variable _maps[i][v]: a solver may add variables of its own.
    private int InternalLiteral(int solver, int code) => (2 * _maps[solver][code >> 1]) | (code & 1);

    private int[] Translate(int solver, ReadOnlySpan<Lit> literals)
    {
        var result = new int[literals.Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = InternalLiteral(solver, literals[i].Code);
        return result;
    }
}
