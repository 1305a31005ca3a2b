using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Backends.CryptoMiniSat;

/// <summary>
/// CryptoMiniSat in-process (through native/cms-shim), with cardinality either as CryptoMiniSat's native BNN
/// constraints (<c>cms-native</c>) or as CNF from a <see cref="CardinalityEncoding"/> (<c>cms/&lt;encoding&gt;</c>).
/// </summary>
/// <remarks>
/// <para>
/// Native constraints use <c>SATSolver::add_bnn_clause(lits, cutoff, out)</c>, which CryptoMiniSat defines as
/// <c>out ⇔ (number of true lits ≥ cutoff)</c> (Yang, Tan, Soos, Myreen and Meel, SAT 2025; the definition is
/// in CryptoMiniSat's DIMACS parser and <c>Solver::sort_and_clean_bnn</c>). To match
/// <see cref="ISatBackend.AddReifiedAtLeast"/> exactly the constraint is first normalised here: complementary
/// pairs cancel (k − 1 each), k ≤ 0 and k &gt; n become unit clauses, k = 1 and k = n become clauses, a repeated
/// literal is replaced by a fresh copy (y ⇔ l) because CryptoMiniSat fails an assertion on repeated literals,
/// and a constraint whose output variable is also an input is encoded as CNF instead.
/// </para>
/// <para>
/// Measured on Debian 12's CryptoMiniSat 5.11.4: even normalised native constraints give wrong UNSAT answers,
/// models that violate them, and assertion failures that abort the whole process (docs/encodings.md has the
/// smallest instance and the differential counts). <c>cms-native</c> is therefore experimental and not offered
/// by <see cref="SolverBackends"/>; the CNF modes use CryptoMiniSat as a plain SAT solver and are reliable.
/// </para>
/// Time limits use CryptoMiniSat's max-time setting (CPU seconds) plus a wall-clock interrupt; cancellation
/// interrupts the solver. Models are checked against the constraints as given before they are reported.
/// </remarks>
public sealed unsafe class CryptoMiniSatBackend : ISatBackend, IClauseSink
{
    private const int ResultSat = 1;
    private const int ResultUnsat = 0;
    private const int ResultUnknown = 2;

    private readonly CmsShim _shim;
    private readonly CardinalityEncoding? _cnfEncoding;
    private readonly ConstraintLog _log = new();
    private readonly List<int> _solverVariableOf = [];
    private IntPtr _solver;
    private int _solverVariables;
    private long _clauses;
    private long _nativeConstraints;

    /// <summary>
    /// Creates the backend; <paramref name="cnfEncoding"/> null means native BNN constraints (experimental,
    /// see the remarks), otherwise cardinality is encoded as CNF with it.
    /// </summary>
    /// <exception cref="BackendUnavailableException">The shim has not been built or CryptoMiniSat is missing.</exception>
    public CryptoMiniSatBackend(CardinalityEncoding? cnfEncoding)
        : this(cnfEncoding, CmsShim.CandidatePaths())
    {
    }

    /// <summary>Creates the backend with the shim looked for at <paramref name="shimPaths"/> (tests use a missing one).</summary>
    internal CryptoMiniSatBackend(CardinalityEncoding? cnfEncoding, IEnumerable<string> shimPaths)
    {
        if (cnfEncoding is { } e && !Enum.IsDefined(e))
            throw new ArgumentOutOfRangeException(nameof(cnfEncoding), cnfEncoding, "Not a known cardinality encoding.");
        _cnfEncoding = cnfEncoding;
        Name = cnfEncoding is { } encoding ? "cms/" + encoding.ToShortName() : "cms-native";
        _shim = CmsShim.Load(Name, shimPaths);
        _solver = _shim.New();
        if (_solver == IntPtr.Zero)
            throw new BackendUnavailableException(Name, "CryptoMiniSat could not create a solver.");
        Version = CmsShim.ReadString(_shim.SolverVersion());
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>CryptoMiniSat's version string.</summary>
    public string Version { get; }

    /// <summary>How many times <see cref="Solve"/> reached CryptoMiniSat.</summary>
    public int SolverCalls { get; private set; }

    /// <inheritdoc/>
    public int VariableCount => _log.VariableCount;

    /// <inheritdoc/>
    public FormulaSize Size => new(_solverVariables, _clauses, _nativeConstraints);

    /// <inheritdoc/>
    public int NewVariable()
    {
        int variable = _log.NewVariable();
        _solverVariableOf.Add(NewSolverVariable());
        return variable;
    }

    /// <inheritdoc/>
    public void AddClause(ReadOnlySpan<Lit> literals)
    {
        _log.AddClause(literals);
        var codes = new int[literals.Length];
        for (int i = 0; i < literals.Length; i++)
            codes[i] = ToSolver(literals[i]).Code;
        AddSolverClause(codes);
    }

    /// <inheritdoc/>
    public void AddReifiedAtLeast(ReadOnlySpan<Lit> literals, int atLeast, Lit output)
    {
        _log.AddReifiedAtLeast(literals, atLeast, output);
        var solverLits = new Lit[literals.Length];
        for (int i = 0; i < literals.Length; i++)
            solverLits[i] = ToSolver(literals[i]);
        var solverOutput = ToSolver(output);
        if (_cnfEncoding is { } encoding)
        {
            ReifiedCardinality.Encode(this, solverLits, atLeast, solverOutput, encoding);
            return;
        }

        int k = atLeast;
        var kept = ReifiedCardinality.CancelComplementaryPairs(solverLits, ref k);
        bool outputIsInput = false;
        foreach (var lit in kept)
            outputIsInput |= lit.Variable == solverOutput.Variable;
        // Trivial thresholds, plain disjunctions/conjunctions and self-referential outputs are left to the
        // CNF encoder: CryptoMiniSat would turn the first ones into clauses itself, and mishandles the last.
        if (k <= 1 || k >= kept.Length || outputIsInput)
        {
            ReifiedCardinality.Encode(this, kept, k, solverOutput, CardinalityEncoding.Totalizer);
            return;
        }
        var codes = new int[kept.Length];
        var seen = new HashSet<Lit>();
        for (int i = 0; i < kept.Length; i++)
        {
            var lit = kept[i];
            if (!seen.Add(lit))
            {
                // A fresh copy y ⇔ lit counts the repeated occurrence.
                var copy = Lit.Positive(NewSolverVariable());
                AddSolverClause([(!copy).Code, lit.Code]);
                AddSolverClause([copy.Code, (!lit).Code]);
                lit = copy;
            }
            codes[i] = lit.Code;
        }
        fixed (int* p = codes)
            Checked(_shim.AddBnn(_solver, p, codes.Length, k, solverOutput.Code), "add_bnn_clause");
        _nativeConstraints++;
    }

    /// <inheritdoc/>
    public SolveResult Solve(ReadOnlySpan<Lit> assumptions, TimeSpan? timeout, CancellationToken cancellation)
    {
        _log.CheckVariables(assumptions, nameof(assumptions));
        ObjectDisposedException.ThrowIf(_solver == IntPtr.Zero, this);
        if (timeout is { } limit && limit <= TimeSpan.Zero)
            return new SolveResult.Unknown($"{Name}: the time limit was already used up");
        if (cancellation.IsCancellationRequested)
            return new SolveResult.Unknown($"{Name}: cancelled before the solver started");
        var codes = new int[assumptions.Length];
        for (int i = 0; i < assumptions.Length; i++)
            codes[i] = ToSolver(assumptions[i]).Code;

        SolverCalls++;
        int status;
        string? cause;
        // Cleared before the pump exists, so an interrupt it sends (however early) is seen by this solve.
        _shim.ClearInterrupt(_solver);
        using (var pump = new InterruptPump(() => _shim.Interrupt(_solver), timeout, cancellation))
        {
            double seconds = timeout is { } t ? Math.Max(t.TotalSeconds, 0.001) : 0;
            fixed (int* p = codes)
                status = _shim.Solve(_solver, p, codes.Length, seconds);
            cause = pump.Cause;
        }
        switch (status)
        {
            case ResultSat:
                return ReadModel(assumptions);
            case ResultUnsat:
                return new SolveResult.Unsatisfiable();
            case ResultUnknown:
                string given = timeout is { } g ? $"time limit {g.TotalSeconds:0.###} s" : "no time limit";
                return new SolveResult.Unknown($"{Name}: CryptoMiniSat stopped without an answer ({cause ?? given})");
            default:
                return new SolveResult.Unknown($"{Name}: CryptoMiniSat failed: {CmsShim.ReadString(_shim.LastError(_solver))}");
        }
    }

    /// <inheritdoc/>
    int IClauseSink.NewVariable() => NewSolverVariable();

    /// <inheritdoc/>
    void IClauseSink.AddClause(ReadOnlySpan<Lit> literals)
    {
        var codes = new int[literals.Length];
        for (int i = 0; i < literals.Length; i++)
            codes[i] = literals[i].Code;
        AddSolverClause(codes);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_solver == IntPtr.Zero)
            return;
        _shim.Delete(_solver);
        _solver = IntPtr.Zero;
    }

    private SolveResult ReadModel(ReadOnlySpan<Lit> assumptions)
    {
        var raw = new byte[_solverVariables];
        fixed (byte* p = raw)
        {
            if (_shim.Model(_solver, p, raw.Length) != 0)
                return new SolveResult.Unknown($"{Name}: could not read CryptoMiniSat's model: {CmsShim.ReadString(_shim.LastError(_solver))}");
        }
        var model = new bool[_log.VariableCount];
        for (int v = 0; v < model.Length; v++)
            model[v] = raw[_solverVariableOf[v]] == 1;
        string? violation = _log.FindViolation(model, assumptions);
        if (violation is not null)
            return new SolveResult.Unknown($"{Name}: CryptoMiniSat returned a model that fails the check: {violation}");
        return new SolveResult.Satisfiable(model);
    }

    private int NewSolverVariable()
    {
        ObjectDisposedException.ThrowIf(_solver == IntPtr.Zero, this);
        Checked(_shim.NewVars(_solver, 1), "new_vars");
        return _solverVariables++;
    }

    private void AddSolverClause(int[] codes)
    {
        fixed (int* p = codes)
            Checked(_shim.AddClause(_solver, p, codes.Length), "add_clause");
        _clauses++;
    }

    private Lit ToSolver(Lit lit) => Lit.Of(_solverVariableOf[lit.Variable], !lit.IsNegative);

    private void Checked(int status, string operation)
    {
        // 1 = fine, 0 = the formula became unsatisfiable (CryptoMiniSat remembers that), -1 = a C++ exception.
        if (status < 0)
            throw new InvalidOperationException($"{Name}: CryptoMiniSat {operation} failed: {CmsShim.ReadString(_shim.LastError(_solver))}");
    }
}
