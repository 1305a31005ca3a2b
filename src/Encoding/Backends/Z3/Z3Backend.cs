using System.Globalization;
using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Backends.Z3;

/// <summary>
/// Z3 (the C library, libz3.so.4) as a backend, with cardinality stated natively as pseudo-Boolean terms, as
/// integer sums, or as CNF (<see cref="Z3Formulation"/>).
/// </summary>
/// <remarks>
/// The context is created with reference counting (Z3_mk_context_rc): every term kept across calls holds a
/// reference, temporary terms are released after each constraint. A non-exiting error handler is installed
/// and the error code is read after every call; a Z3 error while adding constraints throws
/// <see cref="InvalidOperationException"/>, one while solving becomes <see cref="SolveResult.Unknown"/>.
/// The time limit goes to the solver's <c>timeout</c> parameter; cancellation calls Z3_interrupt. Models are
/// checked against the constraints as given before they are reported.
/// </remarks>
public sealed unsafe class Z3Backend : ISatBackend, IClauseSink
{
    private const int LTrue = 1;
    private const int LFalse = -1;

    private readonly Z3Library _z3;
    private readonly Z3Formulation _formulation;
    private readonly CardinalityEncoding _cnfEncoding;
    private readonly ConstraintLog _log = new();
    private readonly IntPtr _context;
    private readonly IntPtr _solver;
    private readonly IntPtr _boolSort;
    private readonly IntPtr _intSort;
    // Constants for all variables: the caller's first, then those the CNF formulation adds (in creation order).
    private readonly List<IntPtr> _constants = [];
    private readonly List<int> _constantOfVariable = [];
    // Terms made while stating one constraint; released when it has been asserted.
    private readonly List<IntPtr> _temporaries = [];
    private long _clauses;
    private long _nativeCardinality;
    private bool _disposed;

    /// <summary>Creates a Z3 backend; <paramref name="cnfEncoding"/> is used only by <see cref="Z3Formulation.Cnf"/>.</summary>
    /// <exception cref="BackendUnavailableException">libz3 cannot be loaded.</exception>
    public Z3Backend(Z3Formulation formulation, CardinalityEncoding cnfEncoding = CardinalityEncoding.Totalizer)
        : this(formulation, cnfEncoding, Z3Library.DefaultNames)
    {
    }

    /// <summary>Creates a Z3 backend bound to the first loadable library among <paramref name="libraryNames"/> (tests use a missing name).</summary>
    internal Z3Backend(Z3Formulation formulation, CardinalityEncoding cnfEncoding, IReadOnlyList<string> libraryNames)
    {
        if (!Enum.IsDefined(formulation))
            throw new ArgumentOutOfRangeException(nameof(formulation), formulation, "Not a known Z3 formulation.");
        if (!Enum.IsDefined(cnfEncoding))
            throw new ArgumentOutOfRangeException(nameof(cnfEncoding), cnfEncoding, "Not a known cardinality encoding.");
        _formulation = formulation;
        _cnfEncoding = cnfEncoding;
        Name = formulation switch
        {
            Z3Formulation.PseudoBoolean => "z3-pb",
            Z3Formulation.IntegerSum => "z3-intsum",
            _ => "z3-cnf/" + cnfEncoding.ToShortName(),
        };
        _z3 = Z3Library.Load(Name, libraryNames);

        var config = _z3.MkConfig();
        _context = _z3.MkContextRc(config);
        _z3.DelConfig(config);
        if (_context == IntPtr.Zero)
            throw new BackendUnavailableException(Name, "Z3 could not create a context.");
        _z3.SetErrorHandler(_context, Z3Library.IgnoringErrorHandler);
        Version = Z3Library.ReadString(_z3.GetFullVersion());
        _solver = Check(_z3.MkSolver(_context));
        _z3.SolverIncRef(_context, _solver);
        Check();
        _boolSort = Check(_z3.MkBoolSort(_context));
        _z3.IncRef(_context, _boolSort);
        _intSort = Check(_z3.MkIntSort(_context));
        _z3.IncRef(_context, _intSort);
        Check();
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Z3's own version string (Z3_get_full_version), e.g. <c>4.8.12.0</c>.</summary>
    public string Version { get; }

    /// <summary>How many times <see cref="Solve"/> reached Z3.</summary>
    public int SolverCalls { get; private set; }

    /// <inheritdoc/>
    public int VariableCount => _log.VariableCount;

    /// <inheritdoc/>
    public FormulaSize Size => new(_constants.Count, _clauses, _nativeCardinality);

    /// <inheritdoc/>
    public int NewVariable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int variable = _log.NewVariable();
        _constantOfVariable.Add(MakeConstant(Check(_z3.MkIntSymbol(_context, variable))));
        return variable;
    }

    /// <inheritdoc/>
    public void AddClause(ReadOnlySpan<Lit> literals)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _log.AddClause(literals);
        AssertClause(literals, caller: true);
    }

    /// <inheritdoc/>
    public void AddReifiedAtLeast(ReadOnlySpan<Lit> literals, int atLeast, Lit output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _log.AddReifiedAtLeast(literals, atLeast, output);
        try
        {
            if (_formulation == Z3Formulation.Cnf)
            {
                var internalLits = new Lit[literals.Length];
                for (int i = 0; i < literals.Length; i++)
                    internalLits[i] = ToInternal(literals[i]);
                ReifiedCardinality.Encode(this, internalLits, atLeast, ToInternal(output), _cnfEncoding);
                return;
            }
            int k = atLeast;
            var kept = ReifiedCardinality.CancelComplementaryPairs(literals, ref k);
            var outputTerm = Term(ToInternal(output));
            if (k <= 0 || k > kept.Length)
            {
                Assert(k <= 0 ? outputTerm : Temporary(_z3.MkNot(_context, outputTerm)));
                return;
            }
            var (distinct, multiplicity) = Group(kept);
            var condition = _formulation == Z3Formulation.PseudoBoolean
                ? PseudoBoolean(distinct, multiplicity, k)
                : IntegerSum(distinct, multiplicity, k);
            Assert(Temporary(_z3.MkIff(_context, outputTerm, condition)));
            _nativeCardinality++;
        }
        finally
        {
            ReleaseTemporaries();
        }
    }

    /// <inheritdoc/>
    public SolveResult Solve(ReadOnlySpan<Lit> assumptions, TimeSpan? timeout, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _log.CheckVariables(assumptions, nameof(assumptions));
        if (timeout is { } limit && limit <= TimeSpan.Zero)
            return new SolveResult.Unknown($"{Name}: the time limit was already used up");
        if (cancellation.IsCancellationRequested)
            return new SolveResult.Unknown($"{Name}: cancelled before the solver started");
        try
        {
            SetTimeout(timeout);
            var terms = new IntPtr[assumptions.Length];
            for (int i = 0; i < assumptions.Length; i++)
                terms[i] = Term(ToInternal(assumptions[i]));
            SolverCalls++;
            int status;
            string? interruptCause;
            // Z3 enforces the timeout itself; the pump adds cancellation and a wall-clock backstop.
            TimeSpan? backstop = timeout is { } t ? t + TimeSpan.FromSeconds(1) + t * 0.1 : null;
            using (var pump = new InterruptPump(() => _z3.Interrupt(_context), backstop, cancellation))
            {
                fixed (IntPtr* p = terms)
                    status = _z3.SolverCheckAssumptions(_context, _solver, (uint)terms.Length, p);
                interruptCause = pump.Cause;
            }
            Check();
            return status switch
            {
                LTrue => ReadModel(assumptions),
                LFalse => new SolveResult.Unsatisfiable(),
                _ => Unknown(interruptCause, timeout),
            };
        }
        catch (InvalidOperationException e)
        {
            return new SolveResult.Unknown(e.Message);
        }
        finally
        {
            ReleaseTemporaries();
        }
    }

    /// <inheritdoc/>
    int IClauseSink.NewVariable()
    {
        // An auxiliary variable of the CNF formulation: a Z3 constant the caller never sees.
        var symbol = StringSymbol("aux!" + _constants.Count.ToString(CultureInfo.InvariantCulture));
        MakeConstant(symbol);
        return _constants.Count - 1;
    }

    /// <inheritdoc/>
    void IClauseSink.AddClause(ReadOnlySpan<Lit> literals) => AssertClause(literals, caller: false);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        ReleaseTemporaries();
        foreach (var constant in _constants)
            _z3.DecRef(_context, constant);
        _z3.DecRef(_context, _boolSort);
        _z3.DecRef(_context, _intSort);
        _z3.SolverDecRef(_context, _solver);
        _z3.DelContext(_context);
    }

    private IntPtr PseudoBoolean(List<Lit> distinct, List<int> multiplicity, int k)
    {
        int n = distinct.Count;
        var args = new IntPtr[n];
        bool unit = true;
        int negatives = 0;
        foreach (int m in multiplicity)
            unit &= m == 1;
        foreach (var lit in distinct)
            negatives += lit.IsNegative ? 1 : 0;
        if (unit && negatives * 2 > n)
        {
            // Σ ¬y ≥ k  ⇔  Σ y ≤ n − k: state it over the variables, as Z3's at-most.
            for (int i = 0; i < n; i++)
                args[i] = Term(!distinct[i]);
            fixed (IntPtr* p = args)
                return Temporary(_z3.MkAtMost(_context, (uint)n, p, (uint)(n - k)));
        }
        for (int i = 0; i < n; i++)
            args[i] = Term(distinct[i]);
        if (unit)
        {
            fixed (IntPtr* p = args)
                return Temporary(_z3.MkAtLeast(_context, (uint)n, p, (uint)k));
        }
        var coefficients = multiplicity.ToArray();
        fixed (IntPtr* p = args)
        fixed (int* c = coefficients)
            return Temporary(_z3.MkPbGe(_context, (uint)n, p, c, k));
    }

    private IntPtr IntegerSum(List<Lit> distinct, List<int> multiplicity, int k)
    {
        // Every summand is ite(x, m, 0) over the variable, never over its negation: ¬x counts m − ite(x, m, 0).
        // Constraints over the same variables then share one sum term, so Z3's arithmetic sees "s ≥ k" and
        // "s ≤ k − 1" as bounds on the same term (this is what makes contradictory pairs cheap to refute).
        var zero = Temporary(_z3.MkInt(_context, 0, _intSort));
        var positive = new List<IntPtr>();
        var negative = new List<IntPtr>();
        int negativeWeight = 0;
        for (int i = 0; i < distinct.Count; i++)
        {
            var weight = Temporary(_z3.MkInt(_context, multiplicity[i], _intSort));
            var term = Temporary(_z3.MkIte(_context, _constants[distinct[i].Variable], weight, zero));
            if (distinct[i].IsNegative)
            {
                negative.Add(term);
                negativeWeight += multiplicity[i];
            }
            else
            {
                positive.Add(term);
            }
        }
        // Σpos − Σneg ≥ k − negativeWeight; stated the other way round when most summands are negated.
        bool flip = negative.Count > positive.Count;
        var lhs = Difference(flip ? negative : positive, flip ? positive : negative, zero);
        var bound = Temporary(_z3.MkInt(_context, flip ? negativeWeight - k : k - negativeWeight, _intSort));
        return Temporary(flip ? _z3.MkLe(_context, lhs, bound) : _z3.MkGe(_context, lhs, bound));
    }

    private IntPtr Difference(List<IntPtr> plus, List<IntPtr> minus, IntPtr zero)
    {
        var left = Sum(plus, zero);
        if (minus.Count == 0)
            return left;
        var pair = new[] { left, Sum(minus, zero) };
        fixed (IntPtr* p = pair)
            return Temporary(_z3.MkSub(_context, 2, p));
    }

    private IntPtr Sum(List<IntPtr> terms, IntPtr zero)
    {
        if (terms.Count == 0)
            return zero;
        if (terms.Count == 1)
            return terms[0];
        var array = terms.ToArray();
        fixed (IntPtr* p = array)
            return Temporary(_z3.MkAdd(_context, (uint)array.Length, p));
    }

    /// <summary>Distinct internal literals (first-occurrence order) with how often each occurs.</summary>
    private (List<Lit> Distinct, List<int> Multiplicity) Group(Lit[] literals)
    {
        var index = new Dictionary<Lit, int>();
        var distinct = new List<Lit>();
        var multiplicity = new List<int>();
        foreach (var lit in literals)
        {
            var internalLit = ToInternal(lit);
            if (index.TryGetValue(internalLit, out int at))
            {
                multiplicity[at]++;
                continue;
            }
            index[internalLit] = distinct.Count;
            distinct.Add(internalLit);
            multiplicity.Add(1);
        }
        return (distinct, multiplicity);
    }

    private void AssertClause(ReadOnlySpan<Lit> literals, bool caller)
    {
        try
        {
            var args = new IntPtr[literals.Length];
            for (int i = 0; i < literals.Length; i++)
                args[i] = Term(caller ? ToInternal(literals[i]) : literals[i]);
            IntPtr clause;
            if (args.Length == 0)
                clause = Temporary(_z3.MkFalse(_context));
            else if (args.Length == 1)
                clause = args[0];
            else
            {
                fixed (IntPtr* p = args)
                    clause = Temporary(_z3.MkOr(_context, (uint)args.Length, p));
            }
            Assert(clause);
            _clauses++;
        }
        finally
        {
            ReleaseTemporaries();
        }
    }

    private SolveResult ReadModel(ReadOnlySpan<Lit> assumptions)
    {
        var model = Check(_z3.SolverGetModel(_context, _solver));
        _z3.ModelIncRef(_context, model);
        try
        {
            var values = new bool[_log.VariableCount];
            for (int v = 0; v < values.Length; v++)
            {
                IntPtr value;
                byte ok = _z3.ModelEval(_context, model, _constants[_constantOfVariable[v]], 1, &value);
                Check();
                if (ok == 0)
                    return new SolveResult.Unknown($"{Name}: Z3 could not evaluate variable {v} in its model");
                int b = _z3.GetBoolValue(_context, value);
                Check();
                if (b != LTrue && b != LFalse)
                    return new SolveResult.Unknown($"{Name}: Z3's model leaves variable {v} undefined");
                values[v] = b == LTrue;
            }
            string? violation = _log.FindViolation(values, assumptions);
            if (violation is not null)
                return new SolveResult.Unknown($"{Name}: Z3 returned a model that fails the check: {violation}");
            return new SolveResult.Satisfiable(values);
        }
        finally
        {
            _z3.ModelDecRef(_context, model);
        }
    }

    private SolveResult.Unknown Unknown(string? interruptCause, TimeSpan? timeout)
    {
        string reason = Z3Library.ReadString(_z3.SolverGetReasonUnknown(_context, _solver));
        Check();
        if (interruptCause is not null)
            return new SolveResult.Unknown($"{Name}: {interruptCause} (Z3: {reason})");
        string limit = timeout is { } t ? $", time limit {t.TotalSeconds:0.###} s" : "";
        return new SolveResult.Unknown($"{Name}: Z3 answered unknown ({reason}{limit})");
    }

    private void SetTimeout(TimeSpan? timeout)
    {
        // The parameter is in milliseconds; uint.MaxValue is Z3's "no limit", which also undoes a previous one.
        uint milliseconds = timeout is { } t ? (uint)Math.Clamp(Math.Ceiling(t.TotalMilliseconds), 1, uint.MaxValue - 1) : uint.MaxValue;
        var parameters = Check(_z3.MkParams(_context));
        _z3.ParamsIncRef(_context, parameters);
        try
        {
            var key = StringSymbol("timeout");
            _z3.ParamsSetUint(_context, parameters, key, milliseconds);
            Check();
            _z3.SolverSetParams(_context, _solver, parameters);
            Check();
        }
        finally
        {
            _z3.ParamsDecRef(_context, parameters);
        }
    }

    private int MakeConstant(IntPtr symbol)
    {
        var constant = Check(_z3.MkConst(_context, symbol, _boolSort));
        _z3.IncRef(_context, constant);
        Check();
        _constants.Add(constant);
        return _constants.Count - 1;
    }

    private Lit ToInternal(Lit lit) => Lit.Of(_constantOfVariable[lit.Variable], !lit.IsNegative);

    /// <summary>The term of an internal literal (a constant, or a temporary negation of one).</summary>
    private IntPtr Term(Lit internalLit)
    {
        var constant = _constants[internalLit.Variable];
        return internalLit.IsNegative ? Temporary(_z3.MkNot(_context, constant)) : constant;
    }

    private void Assert(IntPtr term)
    {
        _z3.SolverAssert(_context, _solver, term);
        Check();
    }

    /// <summary>Checks for an error, takes a reference on <paramref name="term"/> and releases it after the current constraint.</summary>
    private IntPtr Temporary(IntPtr term)
    {
        Check(term);
        _z3.IncRef(_context, term);
        Check();
        _temporaries.Add(term);
        return term;
    }

    private void ReleaseTemporaries()
    {
        foreach (var term in _temporaries)
            _z3.DecRef(_context, term);
        _temporaries.Clear();
    }

    private IntPtr Check(IntPtr result)
    {
        Check();
        if (result == IntPtr.Zero)
            throw new InvalidOperationException($"{Name}: Z3 returned a null handle");
        return result;
    }

    private void Check()
    {
        int code = _z3.GetErrorCode(_context);
        if (code != 0)
            throw new InvalidOperationException($"{Name}: Z3 error {code}: {Z3Library.ReadString(_z3.GetErrorMsg(_context, code))}");
    }

    private IntPtr StringSymbol(string text)
    {
        // Z3 copies the name into its symbol table, so the buffer is freed right after the call.
        var pointer = System.Runtime.InteropServices.Marshal.StringToCoTaskMemUTF8(text);
        try
        {
            return Check(_z3.MkStringSymbol(_context, pointer));
        }
        finally
        {
            System.Runtime.InteropServices.Marshal.FreeCoTaskMem(pointer);
        }
    }
}
