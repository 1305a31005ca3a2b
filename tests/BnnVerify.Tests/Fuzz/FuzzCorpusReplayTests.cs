using BnnVerify.Fuzz.Targets;

namespace BnnVerify.Tests.Fuzz;

/// <summary>
/// Replays the fuzzing corpus in process, without AFL: every file of fuzz/corpus/TARGET/ (the seeds and what the
/// fuzzer kept) and of fuzz/crashes/TARGET/ (inputs that once crashed a reader, since fixed) goes through the
/// target's entry point, which may accept it or reject it with a diagnostic but must not throw. So a fixed crash
/// stays fixed, and CI exercises the corpus in seconds (docs/quality.md, "Fuzzing").
/// </summary>
public class FuzzCorpusReplayTests
{
    public static TheoryData<string, string> CorpusFiles() => FilesUnder("corpus", "crashes");

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void The_target_accepts_or_diagnoses_the_input_without_throwing(string target, string file) =>
        Replay(target, file);

    [Fact]
    public void Every_target_has_a_corpus()
    {
        foreach (string target in FuzzTargets.Names)
        {
            string folder = Path.Combine(RepositoryRoot.Path, "fuzz", "corpus", target);
            Assert.True(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any(), $"fuzz/corpus/{target}/ is missing or empty");
        }
    }

    private static void Replay(string target, string file)
    {
        var fuzzTarget = FuzzTargets.Create(target);
        Assert.NotNull(fuzzTarget);
        var input = File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, file));
        var thrown = Record.Exception(() => fuzzTarget.Run(input));
        Assert.True(thrown is null, $"{file}: the {target} target threw {thrown}");
    }

    /// <summary>(target, repository-relative file) for every file of fuzz/FOLDER/TARGET/ for each folder given.</summary>
    private static TheoryData<string, string> FilesUnder(params string[] folders)
    {
        var data = new TheoryData<string, string>();
        foreach (string folder in folders)
        {
            foreach (string target in FuzzTargets.Names)
            {
                string directory = Path.Combine(RepositoryRoot.Path, "fuzz", folder, target);
                if (!Directory.Exists(directory))
                    continue;
                foreach (string file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
                    data.Add(target, Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/'));
            }
        }
        return data;
    }
}
