using System.Text;
using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Backends.External;

/// <summary>
/// An external SAT solver run as a process on a DIMACS file: CaDiCaL, MiniSat, CryptoMiniSat, kissat, or any
/// binary that follows the SAT-competition output convention.
/// </summary>
/// <remarks>
/// Each <see cref="Solve"/> writes the formula, with the assumptions as unit clauses, to a fresh temporary
/// directory, runs the solver, parses its answer and deletes the directory. A time limit is passed with the
/// solver's own option where it has one, and the process tree is killed if it has not answered shortly
/// after; cancellation kills it at once. The executable is looked up when the solver is created, so a
/// missing one fails early with <see cref="BackendUnavailableException"/>.
/// </remarks>
public sealed class DimacsSolver : IClauseSolver
{
    private readonly Func<int, string[]> _timeLimitArguments;
    private readonly string[] _fixedArguments;
    private readonly bool _writesResultFile;
    private int _runs;

    private DimacsSolver(string name, string executablePath, string[] fixedArguments, Func<int, string[]> timeLimitArguments, bool writesResultFile)
    {
        Name = name;
        ExecutablePath = executablePath;
        _fixedArguments = fixedArguments;
        _timeLimitArguments = timeLimitArguments;
        _writesResultFile = writesResultFile;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The resolved path of the solver binary.</summary>
    public string ExecutablePath { get; }

    /// <summary>How many solver processes this instance has started (tests use it to prove the solver ran).</summary>
    public int Runs => _runs;

    /// <summary>The names <see cref="Known(string)"/> accepts: <c>cadical</c>, <c>minisat</c>, <c>cryptominisat</c>, <c>kissat</c>.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = ["cadical", "minisat", "cryptominisat", "kissat"];

    /// <summary>
    /// A known solver by name, found on PATH. Throws <see cref="BackendUnavailableException"/> when its binary
    /// is missing and <see cref="ArgumentException"/> for a name that is not in <see cref="KnownNames"/>.
    /// </summary>
    public static DimacsSolver Known(string name) => Known(name, Environment.GetEnvironmentVariable("PATH") ?? "");

    /// <summary>A known solver found on <paramref name="searchPath"/> (a PATH-style list; tests pass an empty one).</summary>
    internal static DimacsSolver Known(string name, string searchPath)
    {
        ArgumentNullException.ThrowIfNull(name);
        (string binary, string hint) = name.ToLowerInvariant() switch
        {
            "cadical" => ("cadical", BackendUnavailableException.InstallHint),
            "minisat" => ("minisat", BackendUnavailableException.InstallHint),
            "cryptominisat" => ("cryptominisat5", BackendUnavailableException.InstallHint),
            "kissat" => ("kissat", "kissat has no Debian 12 package; put a kissat binary on PATH to use it."),
            _ => throw new ArgumentException($"Unknown solver '{name}'; known solvers are {string.Join(", ", KnownNames)}.", nameof(name)),
        };
        return Configured(name.ToLowerInvariant(), name.ToLowerInvariant(), LocateOn(searchPath, name, binary, hint))!;
    }

    /// <summary>How a known solver is run: its quiet option, its time-limit option, whether it writes a result file; null for other names.</summary>
    private static DimacsSolver? Configured(string solver, string name, string executablePath) => solver switch
    {
        // -t is CaDiCaL's wall-clock limit; -q keeps only the s and v lines.
        "cadical" => new(name, executablePath, ["-q"], s => ["-t", Seconds(s)], false),
        // MiniSat writes its verdict and model to the result file named after the input; -cpu-lim is CPU seconds.
        "minisat" => new(name, executablePath, ["-verb=0"], s => [$"-cpu-lim={Seconds(s)}"], true),
        "cryptominisat" or "cryptominisat5" => new(name, executablePath, ["--verb", "0"], s => ["--maxtime", Seconds(s)], false),
        "kissat" => new(name, executablePath, ["-q"], s => [$"--time={Seconds(s)}"], false),
        _ => null,
    };

    /// <summary>The known solver a binary's file name names (<c>minisat</c>, <c>minisat-2.2</c>, <c>cadical.exe</c>), or the empty string.</summary>
    internal static string KnownStem(string fileName)
    {
        string lower = fileName.ToLowerInvariant();
        foreach (var known in new[] { "cryptominisat5", "cryptominisat", "cadical", "minisat", "kissat" })
        {
            // minisat+ is a pseudo-Boolean solver, not MiniSat: only a separator may follow the name.
            if (lower == known || (lower.StartsWith(known, StringComparison.Ordinal) && lower[known.Length] is '-' or '_' or '.'))
                return known;
        }
        return "";
    }

    /// <summary>
    /// Any solver binary at <paramref name="executablePath"/>. A binary named like a known solver (<c>minisat</c>,
    /// <c>cadical</c>, <c>cryptominisat5</c>, <c>kissat</c>, also with a version suffix such as <c>minisat-2.2</c>) is
    /// run as that solver is, so that MiniSat writes its model to a result file and each gets its time-limit option;
    /// any other is run as <c>binary file.cnf</c>, read by the SAT-competition convention, and killed at a time limit.
    /// </summary>
    public static DimacsSolver Generic(string executablePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executablePath);
        string name = Path.GetFileName(executablePath);
        string full = Path.GetFullPath(executablePath);
        if (!File.Exists(full))
            throw new BackendUnavailableException(name, $"the solver binary '{full}' does not exist.");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
            throw new BackendUnavailableException(name, $"the solver binary '{full}' is not executable.");
        return Configured(KnownStem(name), name, full) ?? new DimacsSolver(name, full, [], _ => [], false);
    }

    /// <inheritdoc/>
    public SolveResult Solve(CnfFormula formula, ReadOnlySpan<Lit> assumptions, TimeSpan? timeout, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(formula);
        if (timeout is { } limit && limit <= TimeSpan.Zero)
            return new SolveResult.Unknown($"{Name}: the time limit was already used up");
        if (cancellation.IsCancellationRequested)
            return new SolveResult.Unknown($"{Name}: cancelled before the solver started");

        var directory = Directory.CreateTempSubdirectory("bnnverify-");
        try
        {
            string input = Path.Combine(directory.FullName, "problem.cnf");
            string resultFile = Path.Combine(directory.FullName, "result.txt");
            using (var writer = new StreamWriter(input, false, new UTF8Encoding(false), 1 << 20))
                DimacsWriter.Write(writer, formula, assumptions);

            var arguments = new List<string>(_fixedArguments);
            TimeSpan? killAfter = null;
            if (timeout is { } t)
            {
                int seconds = SolverProcess.WholeSeconds(t);
                var own = _timeLimitArguments(seconds);
                arguments.AddRange(own);
                killAfter = SolverProcess.KillAfter(t, hasOwnLimit: own.Length > 0);
            }
            arguments.Add(input);
            if (_writesResultFile)
                arguments.Add(resultFile);

            Interlocked.Increment(ref _runs);
            var outcome = SolverProcess.Run(ExecutablePath, arguments, killAfter, cancellation);
            if (outcome.StopReason is not null)
                return new SolveResult.Unknown($"{Name}: {outcome.StopReason}");

            int exitCode = outcome.ExitCode ?? -1;
            var result = _writesResultFile
                ? SolverOutputParser.ParseMiniSatResult(Name, exitCode, File.Exists(resultFile) ? File.ReadAllText(resultFile) : null, formula.VariableCount)
                : SolverOutputParser.ParseCompetition(Name, exitCode, outcome.Stdout, formula.VariableCount);
            return result is SolveResult.Unknown unknown ? SolverProcess.Explain(unknown, timeout, outcome.Stderr) : result;
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

    private static string Seconds(int seconds) => seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Finds <paramref name="binary"/> on PATH or throws <see cref="BackendUnavailableException"/>.</summary>
    internal static string LocateOn(string searchPath, string name, string binary, string hint)
    {
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, binary);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0))
                return candidate;
        }
        throw new BackendUnavailableException(name, $"the solver binary '{binary}' was not found on PATH. {hint}");
    }
}
