// solver-bench: measures every solver backend and encoding on real workloads and writes Markdown tables.
// bench/SolverBench/README.md describes the commands; docs/benchmarks.md holds the recorded results.
using System.Globalization;
using BnnVerify.SolverBench;

try
{
    return args.Length > 0 && args[0] is "one" or "file" or "write-specs" or "report" or "encoding-sizes"
        ? Commands.Run(args[0], args[1..])
        : Commands.Run("run", args.Length > 0 && args[0] == "run" ? args[1..] : args);
}
catch (Exception e) when (e is ArgumentException or InvalidDataException or FormatException)
{
    Console.Error.WriteLine("solver-bench: " + e.Message);
    return 2;
}

namespace BnnVerify.SolverBench
{
    /// <summary>The verbs: <c>run</c> (the parent), <c>one</c> and <c>file</c> (one measurement, in a child), <c>write-specs</c>, <c>report</c>.</summary>
    internal static class Commands
    {
        public static int Run(string verb, string[] args)
        {
            var options = new ArgumentReader(args);
            string root = options.Get("--root") ?? FindRoot();
            Directory.SetCurrentDirectory(root);
            switch (verb)
            {
                case "one":
                {
                    var m = CaseRunner.Check(root, options.Require("--model"), options.Require("--spec"), options.Require("--contract"),
                        options.Require("--backend"), TimeSpan.FromSeconds(options.Double("--timeout", 60)), options.Long("--max-inputs", 1L << 28));
                    Console.WriteLine(m.ToJson());
                    return 0;
                }
                case "file":
                {
                    var m = CaseRunner.SolveFile(options.Require("--model"), options.Require("--spec"), options.Require("--contract"),
                        options.Require("--format"), options.Get("--encoding") ?? "totalizer", options.Require("--solver"),
                        TimeSpan.FromSeconds(options.Double("--timeout", 60)), options.Require("--dir"));
                    Console.WriteLine(m.ToJson());
                    return 0;
                }
                case "encoding-sizes":
                    Console.Write(EncodingSizes.Table());
                    return 0;
                case "write-specs":
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, Workloads.DigitsSweepSpec))!);
                    File.WriteAllText(Path.Combine(root, Workloads.DigitsSweepSpec), Workloads.DigitsSweepText(), new System.Text.UTF8Encoding(false));
                    Console.WriteLine("wrote " + Workloads.DigitsSweepSpec);
                    return 0;
                case "report":
                {
                    // Several results files (one per run of `run`) merge into one set of tables.
                    var files = options.All("--results").ToList();
                    if (files.Count == 0)
                        throw new ArgumentException("missing --results");
                    var measurements = files.SelectMany(f => File.ReadLines(f)).Where(l => l.Length > 0).Select(Measurement.FromJson).ToList();
                    string output = options.Get("--out") ?? Path.ChangeExtension(files[0], ".md");
                    var notes = new Workloads(root, TextWriter.Null);
                    notes.Bundled();
                    // Each run left its machine, load and command in run-info.md beside its results.
                    var header = string.Join("\n", files.Select(f => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(f))!, "run-info.md"))
                        .Where(File.Exists).Select(File.ReadAllText));
                    File.WriteAllText(output, MarkdownReport.Write(measurements, notes.Notes, header));
                    Console.WriteLine("wrote " + output);
                    return 0;
                }
                default:
                    return new BenchRun(root, options).Execute();
            }
        }

        /// <summary>The repository root: the first folder above the working directory or the binary that holds Verifier.sln.</summary>
        private static string FindRoot()
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "Verifier.sln")))
                        return dir.FullName;
                }
            }
            throw new ArgumentException("cannot find the repository root (a folder with Verifier.sln); pass --root");
        }
    }

    /// <summary>A minimal <c>--name value</c> reader; flags may repeat (<see cref="All"/>).</summary>
    internal sealed class ArgumentReader
    {
        private readonly List<(string Name, string Value)> _pairs = [];

        public ArgumentReader(string[] args)
        {
            for (int i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal))
                    throw new ArgumentException($"unexpected argument '{args[i]}'");
                if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    _pairs.Add((args[i], args[++i]));
                else
                    _pairs.Add((args[i], "true"));
            }
        }

        public string? Get(string name) => _pairs.LastOrDefault(p => p.Name == name).Value;

        public IEnumerable<string> All(string name) =>
            _pairs.Where(p => p.Name == name).SelectMany(p => p.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        public string Require(string name) => Get(name) ?? throw new ArgumentException($"missing {name}");

        public double Double(string name, double fallback) =>
            Get(name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

        public long Long(string name, long fallback) =>
            Get(name) is { } value ? long.Parse(value, CultureInfo.InvariantCulture) : fallback;

        public bool Flag(string name) => Get(name) == "true";
    }
}
