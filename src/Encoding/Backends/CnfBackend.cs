using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Backends;

/// <summary>
/// A backend that keeps everything as clauses: cardinality constraints become CNF through a chosen
/// <see cref="CardinalityEncoding"/>, and the whole formula goes to an <see cref="IClauseSolver"/>.
/// </summary>
/// <remarks>
/// The caller's variables are mapped onto the formula's, because encodings interleave auxiliary variables
/// with them; models are reported over the caller's variables only. Every model the solver returns is
/// checked against all clauses (including the encodings') and against the constraints as given; one that
/// fails becomes <see cref="SolveResult.Unknown"/> with the reason, never a model.
/// </remarks>
public sealed class CnfBackend : ISatBackend
{
    private readonly IClauseSolver _solver;
    private readonly CardinalityEncoding _encoding;
    private readonly CnfFormula _formula = new();
    private readonly ConstraintLog _log = new();
    private readonly List<int> _internalOf = [];
    private readonly List<Lit> _scratch = [];

    /// <summary>Creates a backend that encodes cardinality with <paramref name="encoding"/> and solves with <paramref name="solver"/>.</summary>
    public CnfBackend(IClauseSolver solver, CardinalityEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(solver);
        if (!Enum.IsDefined(encoding))
            throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Not a known cardinality encoding.");
        _solver = solver;
        _encoding = encoding;
    }

    /// <inheritdoc/>
    public string Name => $"{_solver.Name}/{_encoding.ToShortName()}";

    /// <summary>The clause solver this backend hands its formula to.</summary>
    public IClauseSolver Solver => _solver;

    /// <summary>The formula as the solver sees it (caller clauses, encodings, auxiliary variables).</summary>
    public CnfFormula Formula => _formula;

    /// <summary>How many times <see cref="Solve"/> reached the clause solver.</summary>
    public int SolverCalls { get; private set; }

    /// <inheritdoc/>
    public int VariableCount => _internalOf.Count;

    /// <inheritdoc/>
    public FormulaSize Size => new(_formula.VariableCount, _formula.ClauseCount, 0);

    /// <inheritdoc/>
    public int NewVariable()
    {
        _log.NewVariable();
        _internalOf.Add(_formula.NewVariable());
        return _internalOf.Count - 1;
    }

    /// <inheritdoc/>
    public void AddClause(ReadOnlySpan<Lit> literals)
    {
        _log.AddClause(literals);
        _formula.AddClause(Translate(literals));
    }

    /// <inheritdoc/>
    public void AddReifiedAtLeast(ReadOnlySpan<Lit> literals, int atLeast, Lit output)
    {
        _log.AddReifiedAtLeast(literals, atLeast, output);
        var translated = Translate(literals).ToArray();
        ReifiedCardinality.Encode(_formula, translated, atLeast, ToInternal(output), _encoding);
    }

    /// <inheritdoc/>
    public SolveResult Solve(ReadOnlySpan<Lit> assumptions, TimeSpan? timeout, CancellationToken cancellation)
    {
        _log.CheckVariables(assumptions, nameof(assumptions));
        var internalAssumptions = Translate(assumptions).ToArray();
        if (cancellation.IsCancellationRequested)
            return new SolveResult.Unknown($"{Name}: cancelled before the solver started");
        SolverCalls++;
        var result = _solver.Solve(_formula, internalAssumptions, timeout, cancellation);
        if (result is not SolveResult.Satisfiable sat)
            return result;

        var model = sat.Model;
        if (model.Length < _formula.VariableCount)
            return new SolveResult.Unknown($"{_solver.Name} returned a model of {model.Length} values for {_formula.VariableCount} variables");
        foreach (var a in internalAssumptions)
        {
            if (!a.IsTrueUnder(model))
                return new SolveResult.Unknown($"{_solver.Name} returned a model that falsifies assumption {a.ToDimacs()}");
        }
        int clause = _formula.FirstFalsifiedClause(model);
        if (clause >= 0)
            return new SolveResult.Unknown($"{_solver.Name} returned a model that falsifies clause {clause} ({_formula.DescribeClause(clause)})");

        var userModel = new bool[_internalOf.Count];
        for (int v = 0; v < userModel.Length; v++)
            userModel[v] = model[_internalOf[v]];
        // The clauses held, so a violation here means an encoding is wrong, not the solver.
        string? violation = _log.FindViolation(userModel, assumptions);
        if (violation is not null)
            return new SolveResult.Unknown($"internal error in {Name}: the clauses hold but {violation}");
        return new SolveResult.Satisfiable(userModel);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // Nothing native is held; external solvers run per call.
    }

    private Lit ToInternal(Lit lit) => Lit.Of(_internalOf[lit.Variable], !lit.IsNegative);

    private ReadOnlySpan<Lit> Translate(ReadOnlySpan<Lit> literals)
    {
        _scratch.Clear();
        foreach (var lit in literals)
        {
            if (lit.Variable >= _internalOf.Count)
                throw new ArgumentOutOfRangeException(nameof(literals), $"Literal {lit} names variable {lit.Variable}, but only {_internalOf.Count} variables exist.");
            _scratch.Add(ToInternal(lit));
        }
        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_scratch);
    }
}
