using System.Diagnostics;
using System.Globalization;
using BnnVerify.Bnn.Engine;
using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Cardinality;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.SolverBench;

/// <summary>
/// The parent of a benchmark run: builds the workloads, measures every case on every backend in a child
/// process (so a run that ignores its limit can be killed), appends each measurement to
/// <c>OUT/results.jsonl</c> as it arrives, and writes <c>OUT/tables.md</c>.
/// </summary>
internal sealed class BenchRun
{
    private static readonly string[] AllWorkloads = ["bundled", "digits", "random", "export"];

    private readonly string _root;
    private readonly ArgumentReader _options;
    private readonly TimeSpan _timeout;
    private readonly string _out;
    private readonly long _maxCnfClauses;
    private readonly long _maxInputs;
    private readonly Dictionary<string, ProblemSize> _sizes = [];
    private List<FileJob> _fileJobs = [];

    public BenchRun(string root, ArgumentReader options)
    {
        _root = root;
        _options = options;
        _timeout = TimeSpan.FromSeconds(options.Double("--timeout", 60));
        _out = Path.GetFullPath(options.Get("--out") ?? Path.Combine(root, "bench/SolverBench/out"));
        _maxCnfClauses = options.Long("--max-cnf-clauses", 30_000_000);
        _maxInputs = options.Long("--max-inputs", ExhaustiveOptions.DefaultMaxInputs);
    }

    /// <summary>The backends measured by default: the strategies, then every solver backend except the test fake.</summary>
    public static IReadOnlyList<string> DefaultBackends()
    {
        var names = new List<string> { "auto", "exhaustive" };
        foreach (var name in SolverBackends.Names)
        {
            if (name == "bruteforce")
                continue;
            // kissat has no Debian package; measure it only where a binary is on PATH.
            if (name.StartsWith("kissat/", StringComparison.Ordinal) && !OnPath("kissat"))
                continue;
            names.Add(name);
        }
        return names;
    }

    public int Execute()
    {
        Directory.CreateDirectory(_out);
        string resultsPath = Path.Combine(_out, "results.jsonl");
        if (!_options.Flag("--append") && File.Exists(resultsPath))
            File.Delete(resultsPath);
        var workloads = _options.All("--workload").ToList();
        if (workloads.Count == 0)
            workloads = [.. AllWorkloads];
        var backends = _options.All("--backend").ToList();
        if (backends.Count == 0)
            backends = [.. DefaultBackends()];
        // --side-by-side: each solver binary on its export is one more column of the same cases, measured right
        // after the in-process backends on the same contract (one at a time, so all see the same machine load).
        _fileJobs = FileJobs();
        if (_options.Flag("--side-by-side"))
            backends.AddRange(_fileJobs.Select(j => j.Label));
        string? contractFilter = _options.Get("--contract");
        int repeat = (int)_options.Long("--repeat", 1);
        var catalogue = new Workloads(_root, Console.Out);

        var cases = new List<BenchCase>();
        var bundled = catalogue.Bundled();
        var digits = catalogue.Digits(_options.All("--radii").Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList() is { Count: > 0 } radii ? radii : null);
        var randomWidths = (_options.Get("--random-shape") ?? "784-500-300-200-100-10").Split('-').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray();
        var randomRadii = _options.All("--random-radii").Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList() is { Count: > 0 } rr ? rr : [1, 2, 5, 10];
        var random = workloads.Contains("random") || workloads.Contains("export")
            ? catalogue.Random(randomWidths, (int)_options.Long("--random-inputs", 3), randomRadii, Path.Combine(_out, "random"))
            : [];
        if (workloads.Contains("bundled"))
            cases.AddRange(bundled);
        if (workloads.Contains("digits"))
            cases.AddRange(digits);
        if (workloads.Contains("random"))
            cases.AddRange(random);
        if (contractFilter is not null)
            cases = [.. cases.Where(c => c.Contract.Contains(contractFilter, StringComparison.Ordinal) || c.Group.Contains(contractFilter, StringComparison.Ordinal))];
        // --spec S,…: only the bundled specs named (file names without .contract); the sweeps are chosen by their own options.
        var specs = _options.All("--spec").ToHashSet(StringComparer.Ordinal);
        if (specs.Count > 0)
            cases = [.. cases.Where(c => c.Workload != "bundled" || specs.Contains(c.Group))];

        var exportCases = new List<BenchCase>();
        if (workloads.Contains("export"))
        {
            var wanted = _options.All("--export-contract").ToHashSet(StringComparer.Ordinal);
            if (wanted.Count == 0)
                wanted = ["digit1_robust_within_1", "digit1_robust_within_2", "digit3_robust_within_10", "input0_robust_within_"];
            exportCases.AddRange(bundled.Select(c => c with { Workload = "export" }));
            exportCases.AddRange(digits.Concat(random).Where(c => wanted.Any(w => c.Contract.StartsWith(w, StringComparison.Ordinal))).Select(c => c with { Workload = "export" }));
            if (contractFilter is not null)
                exportCases = [.. exportCases.Where(c => c.Contract.Contains(contractFilter, StringComparison.Ordinal))];
        }

        string command = "solver-bench " + string.Join(" ", Environment.GetCommandLineArgs().Skip(1));
        string loadAtStart = ReportHeader.Load();
        Console.WriteLine($"{cases.Count} cases x {backends.Count} backends, {exportCases.Count} export cases, x{repeat}, timeout {_timeout.TotalSeconds} s; results in {resultsPath}");
        var measurements = new List<Measurement>();
        using (var results = new StreamWriter(resultsPath, append: true) { AutoFlush = true })
        {
            for (int run = 1; run <= repeat; run++)
            {
                // --give-up-after N: once a backend has timed out on N contracts of a group (a spec, or a radius of a sweep),
                // the rest of that group is recorded as skipped for it, as bench/EncodingBench does.
                int giveUpAfter = (int)_options.Long("--give-up-after", int.MaxValue);
                var timeouts = new Dictionary<(string, string, string), int>();
                foreach (var c in cases)
                {
                    var size = SizeOf(c);
                    foreach (var backend in backends)
                    {
                        var key = (c.Workload, c.Group, backend);
                        if (timeouts.GetValueOrDefault(key) >= giveUpAfter)
                        {
                            Record(results, measurements, new Measurement
                            {
                                Workload = c.Workload, Group = c.Group, Model = c.ModelPath, Spec = c.SpecPath, Contract = c.Contract,
                                Backend = backend, Run = run, Size = size, Verdict = Verdicts.Skipped,
                                Reason = $"gave up: {giveUpAfter} timeouts in group {c.Group}",
                            });
                            continue;
                        }
                        var m = Measure(c, backend, size, run);
                        if (m.Verdict == Verdicts.Timeout)
                            timeouts[key] = timeouts.GetValueOrDefault(key) + 1;
                        Record(results, measurements, m);
                    }
                }
                foreach (var c in exportCases)
                {
                    var size = SizeOf(c);
                    foreach (var m in MeasureExports(c, size, run))
                        Record(results, measurements, m);
                }
            }
        }
        string header = ReportHeader.Describe(command, loadAtStart);
        File.WriteAllText(Path.Combine(_out, "run-info.md"), header);
        string tables = Path.Combine(_out, "tables.md");
        File.WriteAllText(tables, MarkdownReport.Write(measurements, catalogue.Notes, header));
        Console.WriteLine("wrote " + tables);
        return 0;
    }

    private static void Record(StreamWriter results, List<Measurement> measurements, Measurement m)
    {
        results.WriteLine(m.ToJson());
        measurements.Add(m);
        Console.WriteLine($"{m.Workload,-8} {m.Contract,-40} {m.Backend,-26} {m.Verdict,-9} {Measurement.Seconds(m.WallSeconds),8} s  cpu {Measurement.Seconds(m.CpuSeconds),8} s {m.Reason}");
    }

    private ProblemSize SizeOf(BenchCase c)
    {
        if (_sizes.TryGetValue(c.Key, out var known))
            return known;
        var model = Workloads.LoadModel(c.ModelPath);
        var contract = SpecLoader.Load(c.SpecPath, model).Spec!.Contracts.First(x => x.Name == c.Contract);
        var size = ProblemSizes.Measure(model, contract);
        // Counting can take minutes on wide inputs (each search node evaluates the precondition); give up after 30 s.
        var exhaustive = new ExhaustiveChecker(PackedNetwork.Compile(model), new ExhaustiveOptions(_maxInputs, 1));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        long? inScope = exhaustive.CountInScope(contract, limit.Token);
        size = size with { InputsInScope = limit.IsCancellationRequested ? null : inScope };
        _sizes[c.Key] = size;
        return size;
    }

    private Measurement Measure(BenchCase c, string backend, ProblemSize size, int run)
    {
        var template = new Measurement
        {
            Workload = c.Workload, Group = c.Group, Model = c.ModelPath, Spec = c.SpecPath, Contract = c.Contract,
            Backend = backend, Run = run, Size = size,
        };
        if (_fileJobs.FirstOrDefault(j => j.Label == backend) is { } fileJob)
            return MeasureFile(c, fileJob, size, template);
        // A CNF backend (or auto beyond the exhaustive bound) on a formula of more than --max-cnf-clauses is not run:
        // building it would take gigabytes on a shared machine. The table shows the size instead.
        string? encoding = EncodingOf(backend, size);
        if (encoding is not null && size.Cnf.TryGetValue(encoding, out var cnf) && cnf[1] > _maxCnfClauses)
        {
            return template with
            {
                Verdict = Verdicts.Skipped,
                Reason = string.Create(CultureInfo.InvariantCulture, $"{encoding} CNF has {cnf[1]:N0} clauses, above --max-cnf-clauses {_maxCnfClauses:N0}"),
            };
        }
        var arguments = new List<string>
        {
            "one", "--root", _root, "--model", c.ModelPath, "--spec", c.SpecPath, "--contract", c.Contract, "--backend", backend,
            "--timeout", _timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--max-inputs", _maxInputs.ToString(CultureInfo.InvariantCulture),
        };
        return RunChild(arguments, template);
    }

    private IEnumerable<Measurement> MeasureExports(BenchCase c, ProblemSize size, int run)
    {
        var template = new Measurement
        {
            Workload = "export", Group = c.Group, Model = c.ModelPath, Spec = c.SpecPath, Contract = c.Contract, Run = run, Size = size,
        };
        foreach (var job in _fileJobs)
            yield return MeasureFile(c, job, size, template with { Backend = job.Label });
        if (CardnfSolver() is null)
            yield return template with { Backend = "cardnf solver (none)", Verdict = Verdicts.Skipped, Reason = "no --cardnf-solver or MINISATCS given" };
    }

    /// <summary>A solver binary on one export format; <see cref="Label"/> ("SOLVER on FORMAT", no '|', which would split a Markdown cell) names it in the tables.</summary>
    private sealed record FileJob(string Label, string Format, string Encoding, string Solver);

    /// <summary>
    /// The binaries of <c>--export-solver</c> (DIMACS of every encoding to cadical/minisat, OPB to minisat+ and clasp,
    /// SMT-LIB 2 to z3) and the cardinality-CNF solver of <c>--cardnf-solver</c> or <c>MINISATCS</c>, which runs
    /// twice: on the plain export and with the inputs preferred for branching.
    /// </summary>
    private List<FileJob> FileJobs()
    {
        var solvers = _options.All("--export-solver").ToList();
        if (solvers.Count == 0)
            solvers = ["cadical", "minisat", "minisat+", "z3"];
        var jobs = new List<FileJob>();
        foreach (var encoding in Enum.GetValues<CardinalityEncoding>())
        {
            foreach (var solver in solvers.Where(s => s is "cadical" or "minisat"))
                jobs.Add(new($"{solver} on dimacs/{encoding.ToShortName()}", "dimacs", encoding.ToShortName(), solver));
        }
        foreach (var solver in solvers.Where(s => s is "minisat+" or "clasp"))
            jobs.Add(new($"{solver} on opb", "opb", "totalizer", solver));
        if (solvers.Contains("z3"))
            jobs.Add(new("z3 on smt2", "smt2", "totalizer", "z3"));
        // --solve-executable NAME=PATH,…: a bnnverify build (the managed apphost, the NativeAOT executable of
        // scripts/publish-native.sh) run as a process on the cardnf export, `PATH solve FILE`, as MiniSatCS is.
        foreach (string named in _options.All("--solve-executable"))
        {
            int equals = named.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new ArgumentException($"--solve-executable wants NAME=PATH, not '{named}'");
            jobs.Add(new($"bnnverify solve ({named[..equals]}) on cardnf", "cardnf", "totalizer", SolverBinary.SolveVerb + Path.GetFullPath(named[(equals + 1)..])));
        }
        if (CardnfSolver() is { } cardnf)
        {
            string name = _options.Get("--cardnf-label") ?? "minisatcs";
            jobs.Add(new($"{name} plain on cardnf", "cardnf", "totalizer", cardnf));
            jobs.Add(new($"{name} input-first on cardnf", CaseRunner.InputFirstCardnf, "totalizer", cardnf));
        }
        return jobs;
    }

    /// <summary>The cardinality-CNF solver: <c>--cardnf-solver PATH</c>, else the <c>MINISATCS</c> environment variable.</summary>
    private string? CardnfSolver() =>
        (_options.Get("--cardnf-solver") ?? Environment.GetEnvironmentVariable("MINISATCS")) is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    private Measurement MeasureFile(BenchCase c, FileJob job, ProblemSize size, Measurement template)
    {
        if (job.Format == "dimacs" && size.Cnf[job.Encoding][1] > _maxCnfClauses)
            return template with { Verdict = Verdicts.Skipped, Reason = $"{job.Encoding} CNF above --max-cnf-clauses" };
        var arguments = new List<string>
        {
            "file", "--root", _root, "--model", c.ModelPath, "--spec", c.SpecPath, "--contract", c.Contract, "--format", job.Format,
            "--encoding", job.Encoding, "--solver", job.Solver, "--dir", Path.Combine(_out, "exports"),
            "--timeout", _timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        };
        return RunChild(arguments, template);
    }

    /// <summary>Runs this program in a child process and reads the one JSON line it prints; kills it well past the limit.</summary>
    private Measurement RunChild(List<string> arguments, Measurement template)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(BenchRun).Assembly.Location);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + self);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Encoding is not cancellable, and a solver may answer its interrupt late: allow a generous grace.
        var grace = _timeout + TimeSpan.FromSeconds(30) + _timeout * 0.5;
        var clock = Stopwatch.StartNew();
        if (!process.WaitForExit(grace))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return template with { Verdict = Verdicts.Timeout, WallSeconds = clock.Elapsed.TotalSeconds, Reason = "killed by the harness after the grace period" };
        }
        string line = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        if (process.ExitCode != 0 || !line.StartsWith('{'))
        {
            string why = FirstLines(stderr.Result.Length > 0 ? stderr.Result : stdout.Result);
            return template with { Verdict = Verdicts.Error, WallSeconds = clock.Elapsed.TotalSeconds, Reason = $"exit {process.ExitCode}: {why}" };
        }
        var m = Measurement.FromJson(line);
        return template with
        {
            Verdict = m.Verdict, WallSeconds = m.WallSeconds, CpuSeconds = m.CpuSeconds, DecidedBy = m.DecidedBy, Reason = m.Reason,
            FileBytes = m.FileBytes, Backend = template.Backend.Length > 0 ? template.Backend : m.Backend,
        };
    }

    /// <summary>The cardinality encoding a backend turns constraints into CNF with, or null for native ones.</summary>
    private static string? EncodingOf(string backend, ProblemSize size)
    {
        string name = backend switch
        {
            "sat" => CheckerFactory.DefaultSatBackend,
            "cms" => CheckerFactory.DefaultCmsBackend,
            "auto" when size.InputsInScope is null => CheckerFactory.DefaultSatBackend,
            _ => backend,
        };
        int slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && CardinalityEncodingNames.TryParse(name[(slash + 1)..], out var e) ? e.ToShortName() : null;
    }

    private static string FirstLines(string text) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3)).Trim();

    private static bool OnPath(string binary) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, binary)));
}
