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
        ["exhaustive"] = "the reference itself; Contracts.ExhaustiveCheckerDifferentialTests tests it against an independent interpreter",
        ["cms-native"] = "refused as unsound; SolverDifferentialTests.Cms_native_is_refused_with_the_reason_and_gives_unknown",
        [CheckerFactory.ExternalPrefix + "PATH"] = "a placeholder; the row " + ExternalCadical + " stands for it",
    };

    /// <summary>True when kissat is on PATH (it has no Debian 12 package, so it is tested only when present).</summary>
    public static bool KissatPresent { get; } = IsAvailable("kissat");

    /// <summary>Z3 needs tens of seconds now and then on a 16-input model with wide layers; 12 inputs keep it within seconds.</summary>
    private const int Z3MaxInputs = 12;

    /// <summary>
    /// Every row: the name as given to --backend, the number of random cases on models with at most 10 inputs,
    /// the number on models with 11 to MaxInputs inputs. The counts keep the whole theory within about half a
    /// minute on two loaded cores: in-process solvers get more cases than those that start a process per solve,
    /// and the short names, which only resolve to a concrete backend with its own row, get a few.
    /// </summary>
    public static IEnumerable<(string Name, int SmallCases, int LargeCases, int MaxInputs)> All()
    {
        yield return ("auto", 12, 4, 18);
        yield return ("sat", 2, 2, 16);
        yield return ("z3", 2, 2, Z3MaxInputs);
        yield return ("cms", 2, 2, 16);
        yield return (ExternalCadical, 2, 2, 16);
        foreach (var name in SolverBackends.Names)
        {
            if (name.StartsWith("kissat/", StringComparison.Ordinal) && !KissatPresent)
                continue;
            yield return name switch
            {
                // 20 variables at most: tiny models only, and even those are refused now and then.
                "bruteforce" => (name, 12, 0, 3),
                // In process and fast: the most cases, on the largest models.
                _ when name.StartsWith("native", StringComparison.Ordinal) => (name, 30, 10, 18),
                "z3-pb" or "z3-intsum" => (name, 8, 3, Z3MaxInputs),
                _ when name.StartsWith("cms/", StringComparison.Ordinal) => (name, 8, 3, 16),
                _ when name.StartsWith("z3-cnf/", StringComparison.Ordinal) => (name, 3, 2, Z3MaxInputs),
                _ => (name, 4, 2, 16),
            };
        }
    }

    /// <summary>The rows as xunit member data.</summary>
    public static TheoryData<string, int, int, int> Rows()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (var (name, small, large, maxInputs) in All())
            data.Add(name, small, large, maxInputs);
        return data;
    }

    /// <summary>
    /// The backend a result must name when <paramref name="row"/> decided it with a solver: aliases resolve to
    /// their concrete backend, and an external binary is named after its file and the default encoding.
    /// </summary>
    public static string SolverNameOf(string row) => row switch
    {
        "auto" => CheckerFactory.DefaultAutoBackend,
        "sat" => CheckerFactory.DefaultSatBackend,
        "z3" => CheckerFactory.DefaultZ3Backend,
        "cms" => CheckerFactory.DefaultCmsBackend,
        _ when row.StartsWith(CheckerFactory.ExternalPrefix, StringComparison.Ordinal) => Path.GetFileName(row) + "/totalizer",
        _ => row,
    };

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
