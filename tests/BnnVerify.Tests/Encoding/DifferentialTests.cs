using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Backends.CryptoMiniSat;
using BnnVerify.Encoding.Backends.External;
using BnnVerify.Encoding.Backends.Testing;
using BnnVerify.Encoding.Backends.Z3;
using BnnVerify.Encoding.Native;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Encoding;

/// <summary>
/// Every backend against the brute-force reference on random small problems. The solvers are expected to be
/// installed (.ci/run calls scripts/install-solvers.sh first); a missing one fails its rows loudly.
/// </summary>
public class DifferentialTests
{
    /// <summary>Each backend with how many random problems it gets (process-based solvers fewer: each solve is a process).</summary>
    public static TheoryData<string, int> AllBackends()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in SolverBackends.Names)
        {
            if (name.StartsWith("kissat/", StringComparison.Ordinal))
                continue; // kissat has no Debian package; it is used only when present on PATH.
            bool external = name.StartsWith("cadical/", StringComparison.Ordinal)
                || name.StartsWith("minisat/", StringComparison.Ordinal)
                || name.StartsWith("cryptominisat/", StringComparison.Ordinal)
                || name == ClaspBackend.BackendName;
            bool z3 = name.StartsWith("z3", StringComparison.Ordinal);
            // A process per solve, or a Z3 context per problem, costs milliseconds; in-process CryptoMiniSat does not.
            data.Add(name, external ? 100 : z3 ? 300 : 1000);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllBackends))]
    public void Backend_agrees_with_brute_force_on_random_problems(string name, int cases)
    {
        int solved = 0;
        Prop.ForAll(RandomProblem.Arbitrary, problem =>
        {
            using var backend = SolverBackends.Create(name);
            Assert.Equal(name, backend.Name);
            using var reference = new BruteForceBackend();
            problem.AddTo(backend);
            problem.AddTo(reference);
            int callsBefore = SolverCalls(backend);
            foreach (var assumptions in new[] { problem.FirstAssumptions, problem.SecondAssumptions })
            {
                var expected = reference.Solve(assumptions, null, CancellationToken.None);
                var actual = backend.Solve(assumptions, TimeSpan.FromSeconds(60), CancellationToken.None);
                Assert.True(actual is not SolveResult.Unknown, $"{name} answered {actual} on {problem}");
                Assert.True(expected.GetType() == actual.GetType(), $"{name} answered {actual.GetType().Name}, brute force {expected.GetType().Name} on {problem}");
                if (actual is SolveResult.Satisfiable sat)
                    Assert.True(problem.IsModel(sat.Model, assumptions), $"{name} returned a model that is not one, on {problem}");
                solved++;
            }
            // The named backend's own solver ran for both calls: no row silently tests a default.
            Assert.Equal(callsBefore + 2, SolverCalls(backend));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(cases));
        Assert.Equal(2 * cases, solved);
    }

    [Fact]
    public void The_backend_list_covers_every_solver_and_formulation()
    {
        var names = AllBackends().Select(row => (string)row[0]).ToHashSet();
        foreach (var expected in new[]
        {
            "cadical/seqcounter", "cadical/totalizer", "cadical/sortnet",
            "minisat/seqcounter", "minisat/totalizer", "minisat/sortnet",
            "cryptominisat/seqcounter", "cryptominisat/totalizer", "cryptominisat/sortnet",
            "cms/seqcounter", "cms/totalizer", "cms/sortnet",
            "z3-pb", "z3-intsum", "z3-cnf/seqcounter", "z3-cnf/totalizer", "z3-cnf/sortnet", "bruteforce", "clasp",
            "native", "native-inputs", "native-plain",
        })
            Assert.Contains(expected, names);
    }

    /// <summary>How many times the backend's underlying solver has been invoked.</summary>
    internal static int SolverCalls(ISatBackend backend) => backend switch
    {
        CnfBackend cnf => ((DimacsSolver)cnf.Solver).Runs,
        Z3Backend z3 => z3.SolverCalls,
        CryptoMiniSatBackend cms => cms.SolverCalls,
        BruteForceBackend brute => brute.SolveCalls,
        NativeBackend native => native.SolverCalls,
        ClaspBackend clasp => clasp.Runs,
        _ => throw new InvalidOperationException($"unexpected backend type {backend.GetType().Name}"),
    };
}
