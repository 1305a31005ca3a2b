using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Backends.CryptoMiniSat;
using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Tests.Encoding;

public class CryptoMiniSatBackendTests
{
    [Fact]
    public void A_missing_shim_is_reported_as_unavailable_with_the_build_hint()
    {
        var e = Assert.Throws<BackendUnavailableException>(() => new CryptoMiniSatBackend(null, ["/nonexistent/libbnnverify_cms.so"]));
        Assert.Contains("scripts/build-cms-shim.sh", e.Message, StringComparison.Ordinal);
        Assert.Equal("cms-native", e.Backend);
    }

    [Fact]
    public void The_catalog_refuses_the_unsound_native_mode()
    {
        var e = Assert.Throws<BackendUnavailableException>(() => SolverBackends.Create("cms-native"));
        Assert.Contains("wrong UNSAT", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<int[]> LiteralSets() => new()
    {
        new[] { 0, 2, 4, 6 },          // distinct
        new[] { 0, 0, 2 },             // repeated
        new[] { 0, 0, 0, 3, 4 },       // repeated and negated
        new[] { 0, 1, 2, 4 },          // a complementary pair
        new[] { 1, 3, 5, 7, 1 },       // all negative, one repeated
        new[] { 0, 2, 8 },             // the output (variable 4) is an input
        new[] { 0, 2, 9 },             // the negated output is an input
    };

    /// <summary>
    /// The translation to add_bnn_clause matches AddReifiedAtLeast exactly: with every variable fixed by an
    /// assumption, the problem is satisfiable iff output == (count ≥ k), for every k from −1 to n+1.
    /// </summary>
    [Theory]
    [MemberData(nameof(LiteralSets))]
    public void Native_constraints_mean_exactly_reified_at_least_when_all_inputs_are_fixed(int[] codes)
    {
        var literals = Array.ConvertAll(codes, Lit.FromCode);
        const int variables = 5;
        var output = Lit.Positive(4);
        for (int k = -1; k <= literals.Length + 1; k++)
        {
            for (int bits = 0; bits < 1 << variables; bits++)
            {
                using var backend = new CryptoMiniSatBackend(null);
                for (int v = 0; v < variables; v++)
                    backend.NewVariable();
                backend.AddReifiedAtLeast(literals, k, output);
                var assignment = new bool[variables];
                var assumptions = new Lit[variables];
                for (int v = 0; v < variables; v++)
                {
                    assignment[v] = ((bits >> v) & 1) != 0;
                    assumptions[v] = Lit.Of(v, assignment[v]);
                }
                int count = 0;
                foreach (var lit in literals)
                    count += lit.IsTrueUnder(assignment) ? 1 : 0;
                bool expected = output.IsTrueUnder(assignment) == (count >= k);
                var result = backend.Solve(assumptions, null, CancellationToken.None);
                Assert.True(expected ? result is SolveResult.Satisfiable : result is SolveResult.Unsatisfiable,
                    $"literals [{string.Join(' ', literals)}], k={k}, assignment {Convert.ToString(bits, 2)}: expected {(expected ? "SAT" : "UNSAT")}, got {result}");
                Assert.Equal(1, backend.SolverCalls);
            }
        }
    }

    [Fact]
    public void Native_mode_keeps_a_proper_threshold_native()
    {
        using var backend = new CryptoMiniSatBackend(null);
        var x = new Lit[5];
        for (int i = 0; i < x.Length; i++)
            x[i] = Lit.Positive(backend.NewVariable());
        backend.AddReifiedAtLeast(x, 3, Lit.Positive(backend.NewVariable()));
        Assert.Equal(1, backend.Size.CardinalityConstraints);
        Assert.Equal(0, backend.Size.Clauses);
    }

    [Fact]
    public void The_time_limit_gives_unknown()
    {
        using var backend = new CryptoMiniSatBackend(CardinalityEncoding.Totalizer);
        Pigeonhole.Add(backend, holes: 12);
        var result = backend.Solve([], TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.Contains("cms/totalizer", Assert.IsType<SolveResult.Unknown>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_interrupts_and_the_solver_stays_usable()
    {
        using var backend = new CryptoMiniSatBackend(CardinalityEncoding.SequentialCounter);
        Pigeonhole.Add(backend, holes: 12);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var result = backend.Solve([], null, cancellation.Token);
        Assert.Contains("cancelled", Assert.IsType<SolveResult.Unknown>(result).Reason, StringComparison.Ordinal);
        // A later call is not hit by the earlier interrupt: with a contradictory assumption it must refute.
        Assert.IsType<SolveResult.Unsatisfiable>(backend.Solve([Lit.Positive(0), Lit.Negative(0)], null, CancellationToken.None));
    }
}
