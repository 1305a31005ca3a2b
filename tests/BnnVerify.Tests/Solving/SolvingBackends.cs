using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Backends.External;
using BnnVerify.Verifier.Checking;

namespace BnnVerify.Tests.Solving;

/// <summary>
/// The one list of every <c>--backend</c> name the CLI accepts that can run on this machine, with how many
/// random cases each gets and how large its models may be. Every differential test of this folder draws
/// its rows from here, so a backend added to <see cref="SolverBackends.Names"/> or <see cref="CheckerFactory.Names"/>
/// is tested (or fails <see cref="SolverDifferentialTests.The_backend_list_covers_every_name_the_cli_accepts"/>).
/// </summary>
internal static class SolvingBackends
{
    /// <summary>CaDiCaL as a user-supplied binary, for the <c>external:PATH</c> form.</summary>
    public static readonly string ExternalCadical = CheckerFactory.ExternalPrefix + "/usr/bin/cadical";

    /// <summary>Names the list leaves out on purpose, with the reason (each is tested on its own).</summary>
    public static readonly IReadOnlyDictionary<string, string> Excluded = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cms-native"] = "refused as unsound; SolverDifferentialTests.Cms_native_is_refused_with_the_reason_and_gives_unknown",
        [CheckerFactory.ExternalPrefix + "PATH"] = "a placeholder; the row " + ExternalCadical + " stands for it",
    };

    /// <summary>True when kissat is on PATH (it has no Debian 12 package, so it is tested only when present).</summary>
    public static bool KissatPresent { get; } = IsAvailable("kissat");

    /// <summary>Every row: the name as given to --backend, the number of random cases, and the largest model input count.</summary>
    public static IEnumerable<(string Name, int Cases, int MaxInputs)> All()
    {
        yield return ("exhaustive", 150, 14);
        yield return ("auto", 150, 20);
        yield return ("sat", 60, 20);
        yield return ("z3", 150, 20);
        yield return ("cms", 150, 20);
        yield return (ExternalCadical, 60, 16);
        foreach (var name in SolverBackends.Names)
        {
            if (name.StartsWith("kissat/", StringComparison.Ordinal) && !KissatPresent)
                continue;
            yield return (name, CasesFor(name) / 5, name == "bruteforce" ? 5 : 20);
        }
    }

    /// <summary>The rows as xunit member data.</summary>
    public static TheoryData<string, int, int> Rows()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var (name, cases, maxInputs) in All())
            data.Add(name, cases, maxInputs);
        return data;
    }

    /// <summary>
    /// The backend a result must name when <paramref name="row"/> decided it with a solver: aliases resolve to
    /// their concrete backend, and an external binary is named after its file and the default encoding.
    /// </summary>
    public static string SolverNameOf(string row) => row switch
    {
        "auto" or "sat" => CheckerFactory.DefaultSatBackend,
        "z3" => CheckerFactory.DefaultZ3Backend,
        "cms" => CheckerFactory.DefaultCmsBackend,
        _ when row.StartsWith(CheckerFactory.ExternalPrefix, StringComparison.Ordinal) => Path.GetFileName(row) + "/totalizer",
        _ => row,
    };

    /// <summary>True for rows that decide with a solver (every row but exhaustive; auto only beyond its bound).</summary>
    public static bool IsSolverRow(string row) => row != "exhaustive";

    // A process per solve costs milliseconds, so process-based solvers get a few hundred contracts; in-process ones more.
    private static int CasesFor(string name)
    {
        if (name == "bruteforce")
            return 600;
        if (name.StartsWith("cms/", StringComparison.Ordinal))
            return 500;
        if (name.StartsWith("z3", StringComparison.Ordinal))
            return 250;
        return 100;
    }

    private static bool IsAvailable(string solver)
    {
        try
        {
            DimacsSolver.Known(solver);
            return true;
        }
        catch (BackendUnavailableException)
        {
            return false;
        }
    }
}
