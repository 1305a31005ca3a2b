using System.Text;
using BnnVerify.Encoding.Export;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Backends.External;

/// <summary>
/// clasp (Potassco's conflict-driven ASP/PB solver, Debian package <c>clasp</c>) run as a process on an OPB file:
/// clauses become <c>Σℓ ≥ 1</c>, each reified cardinality constraint two linear constraints with its repeated
/// literals as weights, so clasp propagates them natively (as weight constraints) instead of through a CNF encoding.
/// </summary>
/// <remarks>
/// The constraints are kept exactly as the caller gave them (<see cref="ConstraintLog"/>); each <see cref="Solve"/>
/// writes them with the assumptions as unit constraints to a fresh temporary folder (through <see cref="OpbWriter"/>,
/// the writer <c>bnnverify export --format opb</c> uses), runs clasp, parses its PB-competition answer and deletes
/// the folder. A time limit goes to <c>--time-limit</c> and the process tree is killed shortly after; cancellation
/// kills it at once. Every model is checked against the logged constraints and assumptions; one that fails becomes
/// <see cref="SolveResult.Unknown"/> with the reason, never a model. The binary is <c>clasp</c> on PATH, or the
/// file named by the environment variable <see cref="ExecutableVariable"/> (docs/encodings.md).
/// </remarks>
public sealed class ClaspBackend : ISatBackend
{
    /// <summary>The backend's name in <see cref="SolverBackends.Names"/> and in reports.</summary>
    public const string BackendName = "clasp";

    /// <summary>The environment variable that, when set, names the clasp binary to run instead of <c>clasp</c> on PATH.</summary>
    public const string ExecutableVariable = "BNNVERIFY_CLASP";

    /// <summary>
    /// The options clasp gets by default. <c>--configuration=jumpy</c> (aggressive restarts and deletion) measured best
    /// of trendy (what clasp 3.3.5's <c>auto</c> picks for OPB), crafty, jumpy and frumpy on tictactoe-move's four
    /// contracts: 2.3 s of CPU on the hardest against trendy's 3.8, 6.7 s for all four against 7.1 (docs/encodings.md).
    /// <c>--quiet=1</c> prints the one model asked for only once.
    /// </summary>
    public static IReadOnlyList<string> DefaultOptions { get; } = ["--configuration=jumpy", "--quiet=1"];

    private readonly ConstraintLog _log = new();
    private readonly string[] _options;
    private int _runs;

    /// <summary>
    /// Creates the backend on <c>$BNNVERIFY_CLASP</c> or <c>clasp</c> on PATH with <see cref="DefaultOptions"/>;
    /// throws <see cref="BackendUnavailableException"/> when the binary is missing.
    /// </summary>
    public ClaspBackend()
        : this(Locate(Environment.GetEnvironmentVariable(ExecutableVariable), Environment.GetEnvironmentVariable("PATH") ?? ""), DefaultOptions)
    {
    }

    /// <summary>Creates the backend on the binary at <paramref name="executablePath"/> with the clasp <paramref name="options"/> (tests, measurements).</summary>
    public ClaspBackend(string executablePath, IReadOnlyList<string> options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executablePath);
        ArgumentNullException.ThrowIfNull(options);
        ExecutablePath = executablePath;
        _options = [.. options];
    }

    /// <inheritdoc/>
    public string Name => BackendName;

    /// <summary>The path of the clasp binary this backend runs.</summary>
    public string ExecutablePath { get; }

    /// <summary>How many clasp processes this backend has started (tests use it to prove clasp ran).</summary>
    public int Runs => _runs;

    /// <inheritdoc/>
    public int VariableCount => _log.VariableCount;

    /// <inheritdoc/>
    public FormulaSize Size => new(_log.VariableCount, _log.ClauseCount, _log.Cardinality.Count);

    /// <inheritdoc/>
    public int NewVariable() => _log.NewVariable();

    /// <inheritdoc/>
    public void AddClause(ReadOnlySpan<Lit> literals) => _log.AddClause(literals);

    /// <inheritdoc/>
    public void AddReifiedAtLeast(ReadOnlySpan<Lit> literals, int atLeast, Lit output) => _log.AddReifiedAtLeast(literals, atLeast, output);

    /// <inheritdoc/>
    public SolveResult Solve(ReadOnlySpan<Lit> assumptions, TimeSpan? timeout, CancellationToken cancellation)
    {
        _log.CheckVariables(assumptions, nameof(assumptions));
        if (timeout is { } limit && limit <= TimeSpan.Zero)
            return new SolveResult.Unknown($"{Name}: the time limit was already used up");
        if (cancellation.IsCancellationRequested)
            return new SolveResult.Unknown($"{Name}: cancelled before the solver started");

        var directory = Directory.CreateTempSubdirectory("bnnverify-clasp-");
        try
        {
            string input = Path.Combine(directory.FullName, "problem.opb");
            var problem = ToOpb(assumptions);
            using (var writer = new StreamWriter(input, false, new UTF8Encoding(false), 1 << 20))
                problem.Write(writer, _log.VariableCount, ["written by bnnverify for clasp"]);

            var arguments = new List<string>(_options);
            TimeSpan? killAfter = null;
            if (timeout is { } t)
            {
                arguments.Add("--time-limit=" + SolverProcess.WholeSeconds(t).ToString(System.Globalization.CultureInfo.InvariantCulture));
                killAfter = SolverProcess.KillAfter(t, hasOwnLimit: true);
            }
            arguments.Add(input);

            Interlocked.Increment(ref _runs);
            var outcome = SolverProcess.Run(ExecutablePath, arguments, killAfter, cancellation);
            if (outcome.StopReason is not null)
                return new SolveResult.Unknown($"{Name}: {outcome.StopReason}");
            var result = SolverOutputParser.ParsePbCompetition(Name, outcome.ExitCode ?? -1, outcome.Stdout, Math.Max(_log.VariableCount, problem.IsUnsatisfiable ? 1 : 0));
            switch (result)
            {
                case SolveResult.Unknown unknown:
                    return SolverProcess.Explain(unknown, timeout, outcome.Stderr);
                case SolveResult.Satisfiable sat:
                    var model = sat.Model.Length == _log.VariableCount ? sat.Model : sat.Model[.._log.VariableCount];
                    string? violation = _log.FindViolation(model, assumptions);
                    if (violation is not null)
                        return new SolveResult.Unknown($"{Name} returned a model that fails the check: {violation}");
                    return new SolveResult.Satisfiable(model);
                default:
                    return result;
            }
        }
        finally
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A killed solver may still be releasing the file; the OS temp cleaner will get it.
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // Nothing is held between calls; clasp runs per call.
    }

    /// <summary>The logged constraints and <paramref name="assumptions"/> (as unit constraints) in OPB.</summary>
    private OpbWriter ToOpb(ReadOnlySpan<Lit> assumptions)
    {
        var opb = new OpbWriter();
        for (int c = 0; c < _log.ClauseCount; c++)
            opb.AddClauseCodes(_log.ClauseCodes(c));
        foreach (var constraint in _log.Cardinality)
            opb.AddReifiedAtLeast(constraint.Literals, constraint.AtLeast, constraint.Output);
        foreach (var assumption in assumptions)
            opb.AddUnit(assumption);
        return opb;
    }

    /// <summary>
    /// The binary named by <paramref name="configured"/> (the environment variable) when set, else <c>clasp</c> on
    /// <paramref name="searchPath"/>; throws <see cref="BackendUnavailableException"/> when it is missing.
    /// </summary>
    internal static string Locate(string? configured, string searchPath)
    {
        if (string.IsNullOrWhiteSpace(configured))
            return DimacsSolver.LocateOn(searchPath, BackendName, "clasp", BackendUnavailableException.InstallHint);
        string full = Path.GetFullPath(configured);
        if (!File.Exists(full))
            throw new BackendUnavailableException(BackendName, $"the solver binary '{full}' named by {ExecutableVariable} does not exist.");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
            throw new BackendUnavailableException(BackendName, $"the solver binary '{full}' named by {ExecutableVariable} is not executable.");
        return full;
    }
}
