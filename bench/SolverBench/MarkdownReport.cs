using System.Globalization;
using System.Text;

namespace BnnVerify.SolverBench;

/// <summary>Turns measurements into the Markdown tables of docs/benchmarks.md.</summary>
/// <remarks>
/// A cell aggregates the runs of one contract on one backend: the median wall time, and the verdict when all runs
/// agree on it. Group cells (a radius of a sweep) add the medians of their contracts; a group with a contract that
/// was not decided shows the sum with "≥" and how many were not (timeouts count as the limit).
/// </remarks>
internal static class MarkdownReport
{
    private static readonly string[] WorkloadOrder = ["bundled", "digits", "random", "export"];

    private static readonly Dictionary<string, string> Titles = new()
    {
        ["bundled"] = "Bundled contracts",
        ["digits"] = "Digits robustness sweep",
        ["random"] = "Wide random model",
        ["export"] = "Exported files solved by solver binaries",
    };

    public static string Write(IReadOnlyList<Measurement> all, IReadOnlyList<string> notes, string header)
    {
        var text = new StringBuilder();
        text.Append("# Solver benchmark tables\n\n").Append(header).Append('\n');
        text.Append("Cells: median seconds over the runs, CPU (which the load of other processes disturbs less) and wall; H holds, V violated, ")
            .Append("T/O timeout, skip not run (CNF above --max-cnf-clauses, or --give-up-after timeouts earlier in the group), ? unknown, err error. Sums over several contracts are ")
            .Append("marked ≥ when some were not decided (counted at the time they used).\n\n");
        foreach (var note in notes)
            text.Append("- ").Append(note).Append('\n');
        if (notes.Count > 0)
            text.Append('\n');
        WriteAgreement(text, all);
        foreach (var workload in WorkloadOrder)
        {
            var part = all.Where(m => m.Workload == workload).ToList();
            if (part.Count == 0)
                continue;
            text.Append("## ").Append(Titles[workload]).Append("\n\n");
            // A --side-by-side run measured solver binaries ("SOLVER on FORMAT") as columns of these cases: one row per
            // contract then, solvers side by side, as in the issue that asked for the comparison.
            if (workload != "export" && part.Any(m => m.Backend.Contains(" on ", StringComparison.Ordinal)))
                WriteExports(text, part, "Side by side, one solver at a time per contract: in-process backends (one `check`) and solver binaries on the "
                    + "exported file (SAT = violated, UNSAT = holds; only the solver is timed). Cells: wall seconds / CPU seconds:\n\n", fileSizes: false);
            if (workload == "bundled")
            {
                WriteSizesPerContract(text, part);
                WriteTimes(text, part, perContract: true);
            }
            else if (workload == "export")
            {
                WriteExports(text, part, "Each contract's violation problem written by `bnnverify export` code (`ConstraintExport.Write`) and solved by a binary "
                    + "(SAT = violated, UNSAT = holds); only the solver is timed. Cells: wall seconds / CPU seconds:\n\n", fileSizes: true);
            }
            else
            {
                WriteSizesPerGroup(text, part);
                WriteTimes(text, part, perContract: false);
            }
        }
        return text.ToString();
    }

    /// <summary>One contract on one backend over its runs.</summary>
    private sealed record Cell(string Verdict, double Wall, double Cpu, int Runs)
    {
        public static Cell Of(IReadOnlyList<Measurement> runs)
        {
            var verdicts = runs.Select(r => r.Verdict).Distinct().ToList();
            string verdict = verdicts.Count == 1 ? verdicts[0] : string.Join("/", verdicts);
            return new Cell(verdict, Median(runs.Select(r => r.WallSeconds)), Median(runs.Select(r => r.CpuSeconds)), runs.Count);
        }

        public bool Decided => Verdicts.IsDefinitive(Verdict);

        public string Letter => Verdict switch
        {
            Verdicts.Holds => "H",
            Verdicts.Violated => "V",
            Verdicts.Vacuous => "vac",
            Verdicts.Timeout => "T/O",
            Verdicts.Skipped => "skip",
            Verdicts.Unknown => "?",
            Verdicts.Error => "err",
            _ => Verdict,
        };

        public double Time(bool cpu) => cpu ? Cpu : Wall;

        public string Show(bool cpu) => Verdict switch
        {
            Verdicts.Skipped => "skip",
            Verdicts.Timeout => "T/O",
            _ => $"{Measurement.Seconds(Time(cpu))} {Letter}",
        };
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
            return 0;
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static List<string> Contracts(IEnumerable<Measurement> part) => [.. part.Select(m => m.Key).Distinct()];

    private static List<string> Backends(IEnumerable<Measurement> part) => [.. part.Select(m => m.Backend).Distinct()];

    private static Dictionary<(string Key, string Backend), Cell> Cells(IEnumerable<Measurement> part) =>
        part.GroupBy(m => (m.Key, m.Backend)).ToDictionary(g => g.Key, g => Cell.Of([.. g]));

    private static string ContractName(string key) => key[(key.LastIndexOf('|') + 1)..];

    /// <summary>Every contract whose definitive verdicts differ between backends or runs: each is a bug.</summary>
    private static void WriteAgreement(StringBuilder text, IReadOnlyList<Measurement> all)
    {
        text.Append("## Verdict agreement\n\n");
        var disagreements = new List<string>();
        foreach (var contract in all.GroupBy(m => m.Key))
        {
            var definitive = contract.Where(m => Verdicts.IsDefinitive(m.Verdict)).ToList();
            if (definitive.Select(m => m.Verdict).Distinct().Count() > 1)
            {
                var who = definitive.GroupBy(m => m.Verdict).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Backend).Distinct())}");
                disagreements.Add($"- **{contract.Key}**: {string.Join("; ", who)}");
            }
        }
        int contracts = all.Select(m => m.Key).Distinct().Count();
        int answered = all.Count(m => Verdicts.IsDefinitive(m.Verdict));
        if (disagreements.Count == 0)
            text.Append(CultureInfo.InvariantCulture, $"All {answered} definitive answers over {contracts} contracts agree.\n\n");
        else
            text.Append(CultureInfo.InvariantCulture, $"**{disagreements.Count} contracts with disagreeing verdicts:**\n\n").Append(string.Join("\n", disagreements)).Append("\n\n");
        var failures = all.Where(m => m.Verdict is Verdicts.Unknown or Verdicts.Error).ToList();
        if (failures.Count > 0)
        {
            text.Append("Unknown answers and errors (other than timeouts):\n\n");
            foreach (var group in failures.GroupBy(m => (m.Backend, m.Reason)).Take(30))
                text.Append(CultureInfo.InvariantCulture, $"- {group.Key.Backend} ({group.Count()}×, e.g. {ContractName(group.First().Key)}): {group.Key.Reason}\n");
            text.Append('\n');
        }
    }

    private static string Consensus(IEnumerable<Measurement> runs)
    {
        var verdicts = runs.Where(m => Verdicts.IsDefinitive(m.Verdict)).Select(m => m.Verdict).Distinct().ToList();
        return verdicts.Count switch
        {
            0 => "?",
            1 => verdicts[0] switch { Verdicts.Holds => "H", Verdicts.Violated => "V", _ => "vac" },
            _ => "**disagree**",
        };
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Scope(long? inputs) => inputs is { } n ? Count(n) : "> bound";

    private static void WriteSizesPerContract(StringBuilder text, List<Measurement> part)
    {
        text.Append("Problem sizes: inputs satisfying the preconditions (exhaustive bound 2^28), the IR (variables, clauses, ")
            .Append("reified cardinality constraints with their total literals) and the CNF each encoding makes (clauses, variables).\n\n");
        var encodings = part.First(m => m.Size is not null).Size!.Cnf.Keys.ToList();
        text.Append("| spec | contract | verdict | inputs in scope | IR vars | IR clauses | card. (literals) | ")
            .Append(string.Join(" | ", encodings.Select(e => e + " clauses (vars)"))).Append(" | encode s |\n");
        text.Append("|---|---|---|---:|---:|---:|---:|").Append(string.Concat(encodings.Select(_ => "---:|"))).Append("---:|\n");
        foreach (var contract in part.GroupBy(m => m.Key))
        {
            var first = contract.First();
            var s = first.Size!;
            text.Append(CultureInfo.InvariantCulture,
                $"| {first.Group} | {first.Contract} | {Consensus(contract)} | {Scope(s.InputsInScope)} | {Count(s.Variables)} | {Count(s.Clauses)} | {Count(s.CardinalityConstraints)} ({Count(s.CardinalityLiterals)}) | ");
            text.Append(string.Join(" | ", encodings.Select(e => $"{Count(s.Cnf[e][1])} ({Count(s.Cnf[e][0])})")));
            text.Append(CultureInfo.InvariantCulture, $" | {s.EncodeSeconds:0.000} |\n");
        }
        text.Append('\n');
    }

    private static void WriteSizesPerGroup(StringBuilder text, List<Measurement> part)
    {
        text.Append("Problem sizes per radius (medians over the contracts of the row): inputs in scope, IR and CNF as above.\n\n");
        var encodings = part.First(m => m.Size is not null).Size!.Cnf.Keys.ToList();
        text.Append("| group | contracts | H / V / ? | inputs in scope | IR vars | IR clauses | card. (literals) | ")
            .Append(string.Join(" | ", encodings.Select(e => e + " clauses"))).Append(" |\n");
        text.Append("|---|---:|---|---:|---:|---:|---:|").Append(string.Concat(encodings.Select(_ => "---:|"))).Append('\n');
        foreach (var group in part.GroupBy(m => m.Group))
        {
            var contracts = group.GroupBy(m => m.Key).ToList();
            var sizes = contracts.Select(c => c.First().Size!).ToList();
            var consensus = contracts.Select(Consensus).ToList();
            string verdicts = $"{consensus.Count(c => c == "H")} / {consensus.Count(c => c == "V")} / {consensus.Count(c => c != "H" && c != "V")}";
            long? scope = sizes[0].InputsInScope;
            text.Append(CultureInfo.InvariantCulture,
                $"| {group.Key} | {contracts.Count} | {verdicts} | {Scope(scope)} | {Count(MedianLong(sizes.Select(s => s.Variables)))} | {Count(MedianLong(sizes.Select(s => s.Clauses)))} | ");
            text.Append(CultureInfo.InvariantCulture, $"{Count(MedianLong(sizes.Select(s => s.CardinalityConstraints)))} ({Count(MedianLong(sizes.Select(s => s.CardinalityLiterals)))}) | ");
            text.Append(string.Join(" | ", encodings.Select(e => Count(MedianLong(sizes.Select(s => s.Cnf[e][1]))))));
            text.Append(" |\n");
        }
        text.Append('\n');
    }

    private static long MedianLong(IEnumerable<long> values) => (long)Median(values.Select(v => (double)v));

    /// <summary>Rows: backends. Columns: contracts (bundled) or groups (sweeps), then decided count and total.</summary>
    private static void WriteTimes(StringBuilder text, List<Measurement> part, bool perContract)
    {
        WriteTimes(text, part, perContract, cpu: true);
        WriteTimes(text, part, perContract, cpu: false);
    }

    private static void WriteTimes(StringBuilder text, List<Measurement> part, bool perContract, bool cpu)
    {
        var cells = Cells(part);
        var contracts = Contracts(part);
        var backends = Backends(part);
        var columns = perContract
            ? contracts.Select(c => (Name: ContractName(c), Keys: new List<string> { c })).ToList()
            : part.GroupBy(m => m.Group).Select(g => (Name: g.Key, Keys: g.Select(m => m.Key).Distinct().ToList())).ToList();
        int runs = part.GroupBy(m => (m.Key, m.Backend)).Max(g => g.Count());
        string what = cpu ? "CPU seconds (the harness's process and the solver processes it ran)" : "Wall seconds";
        text.Append(CultureInfo.InvariantCulture, $"{what} ({(perContract ? "per contract" : "sum over the contracts of each group")}; median of {runs} run{(runs > 1 ? "s" : "")}):\n\n");
        text.Append("| backend | ").Append(string.Join(" | ", columns.Select(c => c.Name))).Append(" | decided | total s |\n");
        text.Append("|---|").Append(string.Concat(columns.Select(_ => "---:|"))).Append("---:|---:|\n");
        var ranking = new List<(string Backend, int Decided, double Total)>();
        foreach (var backend in backends)
        {
            text.Append("| ").Append(backend).Append(" | ");
            int decided = 0;
            double total = 0;
            foreach (var (_, keys) in columns)
            {
                var own = keys.Where(k => cells.ContainsKey((k, backend))).Select(k => cells[(k, backend)]).ToList();
                int groupDecided = own.Count(c => c.Decided);
                double sum = own.Sum(c => c.Time(cpu));
                decided += groupDecided;
                total += sum;
                if (perContract)
                    text.Append(own.Count == 1 ? own[0].Show(cpu) : "–");
                else
                    text.Append(GroupCell(own, cpu));
                text.Append(" | ");
            }
            text.Append(CultureInfo.InvariantCulture, $"{decided}/{contracts.Count} | {Measurement.Seconds(total)} |\n");
            ranking.Add((backend, decided, total));
        }
        text.Append('\n');
        WriteWinners(text, ranking, contracts.Count, cpu);
        if (!perContract)
            WriteGroupWinners(text, cells, columns, backends, cpu);
    }

    private static string GroupCell(List<Cell> own, bool cpu)
    {
        if (own.Count == 0)
            return "–";
        int undecided = own.Count(c => !c.Decided);
        if (own.All(c => c.Verdict == Verdicts.Skipped))
            return "skip";
        double sum = own.Sum(c => c.Time(cpu));
        if (undecided == 0)
            return Measurement.Seconds(sum);
        var kinds = own.Where(c => !c.Decided).GroupBy(c => c.Letter).Select(g => $"{g.Count()} {g.Key}");
        return $"≥ {Measurement.Seconds(sum)} ({string.Join(", ", kinds)})";
    }

    private static void WriteWinners(StringBuilder text, List<(string Backend, int Decided, double Total)> ranking, int contracts, bool cpu)
    {
        static bool IsSolver(string b) => b is not ("auto" or "exhaustive");
        var ordered = ranking.OrderByDescending(r => r.Decided).ThenBy(r => r.Total).ToList();
        var best = ordered[0];
        text.Append(CultureInfo.InvariantCulture, $"Winner by {(cpu ? "CPU" : "wall")} time (most contracts decided, then least total): **{best.Backend}** ({best.Decided}/{contracts}, {Measurement.Seconds(best.Total)} s)");
        var solver = ordered.FirstOrDefault(r => IsSolver(r.Backend));
        if (solver.Backend is not null && solver.Backend != best.Backend)
            text.Append(CultureInfo.InvariantCulture, $"; fastest solver backend: **{solver.Backend}** ({solver.Decided}/{contracts}, {Measurement.Seconds(solver.Total)} s)");
        text.Append(". Next: ")
            .Append(string.Join(", ", ordered.Where(r => r.Backend != best.Backend && r.Backend != solver.Backend).Take(4)
                .Select(r => $"{r.Backend} ({r.Decided}, {Measurement.Seconds(r.Total)} s)")))
            .Append(".\n\n");
    }

    private static void WriteGroupWinners(StringBuilder text, Dictionary<(string Key, string Backend), Cell> cells,
        List<(string Name, List<string> Keys)> columns, List<string> backends, bool cpu)
    {
        text.Append(CultureInfo.InvariantCulture, $"Fastest solver backend per group by {(cpu ? "CPU" : "wall")} time (all contracts decided, least total; auto and exhaustive excluded): ");
        var parts = new List<string>();
        foreach (var (name, keys) in columns)
        {
            var best = backends.Where(b => b is not ("auto" or "exhaustive"))
                .Select(b => (Backend: b, Own: keys.Where(k => cells.ContainsKey((k, b))).Select(k => cells[(k, b)]).ToList()))
                .Where(x => x.Own.Count == keys.Count && x.Own.All(c => c.Decided))
                .OrderBy(x => x.Own.Sum(c => c.Time(cpu)))
                .FirstOrDefault();
            parts.Add(best.Backend is null ? $"{name}: none" : $"{name}: {best.Backend} ({Measurement.Seconds(best.Own.Sum(c => c.Time(cpu)))} s)");
        }
        text.Append(string.Join("; ", parts)).Append(".\n\n");
    }

    /// <summary>Rows: contracts. Columns: backends and solver binaries. Then, for the export workload, the file sizes.</summary>
    private static void WriteExports(StringBuilder text, List<Measurement> part, string intro, bool fileSizes)
    {
        var cells = Cells(part);
        var contracts = Contracts(part);
        var backends = Backends(part);
        text.Append(intro);
        text.Append("| contract | verdict | ").Append(string.Join(" | ", backends)).Append(" |\n");
        text.Append("|---|---|").Append(string.Concat(backends.Select(_ => "---:|"))).Append('\n');
        foreach (var contract in contracts)
        {
            var runs = part.Where(m => m.Key == contract).ToList();
            text.Append(CultureInfo.InvariantCulture, $"| {ContractName(contract)} | {Consensus(runs)} | ");
            text.Append(string.Join(" | ", backends.Select(b => cells.TryGetValue((contract, b), out var c)
                ? (c.Decided ? $"{Measurement.Seconds(c.Wall)} / {Measurement.Seconds(c.Cpu)} {c.Letter}" : c.Show(cpu: false))
                : "–")));
            text.Append(" |\n");
        }
        if (!fileSizes)
        {
            text.Append('\n');
            return;
        }
        text.Append("\nFile sizes (MB):\n\n");
        text.Append("| contract | ").Append(string.Join(" | ", backends)).Append(" |\n");
        text.Append("|---|").Append(string.Concat(backends.Select(_ => "---:|"))).Append('\n');
        foreach (var contract in contracts)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {ContractName(contract)} | ");
            text.Append(string.Join(" | ", backends.Select(b =>
                part.FirstOrDefault(m => m.Key == contract && m.Backend == b && m.FileBytes is not null)?.FileBytes is { } bytes
                    ? (bytes / 1e6).ToString("0.00", CultureInfo.InvariantCulture)
                    : "–")));
            text.Append(" |\n");
        }
        var ranking = backends.Select(b =>
        {
            var own = contracts.Where(c => cells.ContainsKey((c, b))).Select(c => cells[(c, b)]).ToList();
            return (Backend: b, Decided: own.Count(c => c.Decided), Total: own.Sum(c => c.Cpu));
        }).ToList();
        text.Append('\n');
        WriteWinners(text, ranking, contracts.Count, cpu: true);
    }
}
