using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Backends.Z3;
using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Tests.Encoding;

public class Z3BackendTests
{
    [Fact]
    public void A_missing_libz3_is_reported_as_unavailable_with_the_install_hint()
    {
        var e = Assert.Throws<BackendUnavailableException>(() =>
            new Z3Backend(Z3Formulation.PseudoBoolean, CardinalityEncoding.Totalizer, ["libz3-that-does-not-exist.so.0"]));
        Assert.Contains("libz3-that-does-not-exist.so.0", e.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/install-solvers.sh", e.Message, StringComparison.Ordinal);
        Assert.Equal("z3-pb", e.Backend);
    }

    [Fact]
    public void The_installed_libz3_loads_and_reports_its_version()
    {
        using var backend = new Z3Backend(Z3Formulation.IntegerSum);
        Assert.Matches(@"^(Z3 )?4\.\d+", backend.Version);
    }

    [Theory]
    [InlineData(Z3Formulation.PseudoBoolean)]
    [InlineData(Z3Formulation.IntegerSum)]
    [InlineData(Z3Formulation.Cnf)]
    public void The_time_limit_gives_unknown_with_z3s_reason(Z3Formulation formulation)
    {
        using var backend = new Z3Backend(formulation);
        Pigeonhole.Add(backend, holes: 12);
        var result = backend.Solve([], TimeSpan.FromMilliseconds(300), CancellationToken.None);
        var unknown = Assert.IsType<SolveResult.Unknown>(result);
        Assert.Contains(backend.Name, unknown.Reason, StringComparison.Ordinal);
        Assert.Contains("time", unknown.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_interrupts_z3_and_gives_unknown()
    {
        using var backend = new Z3Backend(Z3Formulation.PseudoBoolean);
        Pigeonhole.Add(backend, holes: 12);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var result = backend.Solve([], null, cancellation.Token);
        Assert.Contains("cancelled", Assert.IsType<SolveResult.Unknown>(result).Reason, StringComparison.Ordinal);
        // The context is still usable afterwards, and a later call is not hit by the old interrupt.
        var free = backend.NewVariable();
        backend.AddClause([Lit.Positive(free)]);
        Assert.IsType<SolveResult.Unknown>(backend.Solve([], TimeSpan.FromMilliseconds(200), CancellationToken.None));
    }

    [Theory]
    [InlineData(Z3Formulation.PseudoBoolean)]
    [InlineData(Z3Formulation.IntegerSum)]
    [InlineData(Z3Formulation.Cnf)]
    public void Contradictory_at_least_and_at_most_are_refuted(Z3Formulation formulation)
    {
        // Σx ≥ 4 and Σ¬x ≥ 4 over 6 variables (at most 2 true): unsatisfiable.
        using var backend = new Z3Backend(formulation);
        var x = new Lit[6];
        for (int i = 0; i < x.Length; i++)
            x[i] = Lit.Positive(backend.NewVariable());
        var atLeast = Lit.Positive(backend.NewVariable());
        var atMost = Lit.Positive(backend.NewVariable());
        backend.AddReifiedAtLeast(x, 4, atLeast);
        var negated = new Lit[x.Length];
        for (int i = 0; i < x.Length; i++)
            negated[i] = !x[i];
        backend.AddReifiedAtLeast(negated, 4, atMost);
        Assert.IsType<SolveResult.Unsatisfiable>(backend.Solve([atLeast, atMost], null, CancellationToken.None));
        Assert.IsType<SolveResult.Satisfiable>(backend.Solve([atLeast], null, CancellationToken.None));
        // The formulation named is the one used: native terms, or clauses only.
        Assert.Equal(formulation == Z3Formulation.Cnf ? 0 : 2, backend.Size.CardinalityConstraints);
    }
}
