using System.Diagnostics;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Reports;

namespace BnnVerify.Tests.Workflow;

/// <summary>
/// The counterexample workflow end to end, in process: saved counterexamples name their spec relative to themselves
/// (and old files still replay), and an exported problem solved by another solver decodes into a file replay accepts.
/// </summary>
public sealed class CounterexampleWorkflowTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bnnverify-workflow-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static string Repo(params string[] parts) => Path.Combine([RepositoryRoot.Path, .. parts]);

    private static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var output = new StringWriter { NewLine = "\n" };
        int exit = (int)CommandLine.Run(arguments, output, output);
        return (exit, output.ToString());
    }

    [Fact]
    public void A_saved_counterexample_names_its_spec_relative_to_itself_and_replays_after_the_folder_moves()
    {
        // Copy the model and spec beside a counterexample folder, save there, then move the whole tree.
        string before = Path.Combine(_folder.FullName, "before");
        Directory.CreateDirectory(Path.Combine(before, "specs"));
        File.Copy(Repo("models", "showcase.json"), Path.Combine(before, "showcase.json"));
        File.Copy(Repo("tests", "golden", "specs", "showcase-checks.contract"), Path.Combine(before, "specs", "checks.contract"));
        var check = Run("check", Path.Combine(before, "showcase.json"), Path.Combine(before, "specs", "checks.contract"),
            "--contract", "no_request_means_wait", "--save-counterexamples", Path.Combine(before, "saved"));
        Assert.Equal(1, check.ExitCode);
        string saved = File.ReadAllText(Path.Combine(before, "saved", "no_request_means_wait-1.json"));
        Assert.Contains("\"version\": 2", saved, StringComparison.Ordinal);
        Assert.Contains("\"spec\": \"../specs/checks.contract\"", saved, StringComparison.Ordinal);
        Assert.Contains("\"model\": \"../showcase.json\"", saved, StringComparison.Ordinal);

        string after = Path.Combine(_folder.FullName, "after");
        Directory.Move(before, after);
        var replay = Run("replay", Path.Combine(after, "showcase.json"), Path.Combine(after, "saved", "no_request_means_wait-1.json"));
        Assert.True(replay.ExitCode == 1, replay.Output);
        Assert.Contains("the input violates contract no_request_means_wait", replay.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_1_file_is_still_read_relative_to_the_working_directory()
    {
        var (saved, problem) = CounterexampleFile.Read(Repo("tests", "golden", "counterexamples", "showcase-no_request_means_wait-1.json"));
        Assert.Null(problem);
        // Golden tests run in the repository root, where the version-1 path was written.
        Assert.True(File.Exists(saved!.SpecPath), saved.SpecPath);
    }

    [Fact]
    public void Relative_paths_cross_folders_but_not_the_root()
    {
        Assert.Equal("../specs/a.contract", CounterexampleFile.RelativeTo("/work/x/out/c.json", "/work/x/specs/a.contract"));
        Assert.Equal("/opt/specs/a.contract", CounterexampleFile.RelativeTo("/tmp/out/c.json", "/opt/specs/a.contract"));
    }

    public static TheoryData<string, string> Solvers() => new()
    {
        { "dimacs", "cadical" },
        { "dimacs", "minisat" },
        { "smt2", "z3" },
        { "opb", "clasp" },
    };

    [Theory]
    [MemberData(nameof(Solvers))]
    public void An_exported_problem_solved_elsewhere_decodes_into_a_counterexample_replay_accepts(string format, string solver)
    {
        string problem = Path.Combine(_folder.FullName, "problem." + format);
        var export = Run("export", Repo("models", "showcase.json"), Repo("tests", "golden", "specs", "showcase-checks.contract"),
            "--contract", "no_request_means_wait", "--format", format, "--output", problem);
        Assert.True(export.ExitCode == 0, export.Output);
        string answer = Path.Combine(_folder.FullName, solver + ".out");
        RunSolver(solver, problem, answer);

        string cex = Path.Combine(_folder.FullName, "decoded.json");
        var decode = Run("decode", problem + ".map.json", answer, "--output", cex);
        Assert.True(decode.ExitCode == 0, decode.Output);
        var replay = Run("replay", Repo("models", "showcase.json"), cex);
        Assert.True(replay.ExitCode == 1, replay.Output);
        Assert.Contains("the input violates contract no_request_means_wait", replay.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, new[] { "X O .", ". . X", ". O X" })]
    [InlineData(4, new[] { " X O .", " .[.]X", " . O X" })]
    [InlineData(0, new[] { "[X]O .", " . . X", " . O X" })]
    [InlineData(5, new[] { " X O .", " . .[X]", " . O X" })]
    public void The_played_cell_is_drawn_in_brackets_and_the_columns_stay_aligned(int? played, string[] expected)
    {
        // X (h) on cells 0, 5, 8; O (a) on 1, 7.
        var x = new[] { 0, 5, 8 };
        var o = new[] { 1, 7 };
        var inputs = Enumerable.Range(0, 18).Select(i => i < 9 ? o.Contains(i) : x.Contains(i - 9)).ToArray();
        var hint = new Verifier.Contracts.Semantics.RenderHint(3, 3,
        [
            new("a", "O", [.. Enumerable.Range(0, 9)]),
            new("h", "X", [.. Enumerable.Range(9, 9)]),
        ]);
        Assert.Equal(expected, CounterexampleText.Picture(hint, inputs, played).ToArray());
    }

    private static void RunSolver(string solver, string problem, string answer)
    {
        var start = new ProcessStartInfo(solver) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (solver == "minisat")
        {
            start.ArgumentList.Add("-verb=0");
            start.ArgumentList.Add(problem);
            start.ArgumentList.Add(answer);
        }
        else
        {
            start.ArgumentList.Add(problem);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {solver} (bash scripts/install-solvers.sh installs it)");
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (solver != "minisat")
            File.WriteAllText(answer, output);
        Assert.True(process.ExitCode is 0 or 10, $"{solver} exited with {process.ExitCode}: {output}{errors.Result}");
    }
}
