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
    /// <summary>Inputs that still crash because of failures being fixed elsewhere; the skip names them.</summary>
    private const string KnownFailuresSkip =
        "fuzz/known/ holds inputs that crash on the known failures of issue 10 parts A and B (model reader: invalid UTF-8, " +
        "lone surrogates, JSON depth 64-254, /dev/zero, quadratic minified loading; spec language: deep nesting, nested " +
        "expansion, contract names, CR line endings); remove this skip when those fixes are merged";

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

    [Fact(Skip = KnownFailuresSkip)]
    public void The_known_failures_no_longer_crash()
    {
        var known = FilesUnder("known");
        Assert.NotEmpty(known);
        foreach (var row in known)
            Replay((string)row[0], (string)row[1]);
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
