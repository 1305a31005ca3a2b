using BnnVerify.Bnn.Engine;
using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Cardinality;

namespace BnnVerify.Verifier.Checking;

/// <summary>Turns a <c>--backend</c> name into a checking strategy.</summary>
public static class CheckerFactory
{
    /// <summary>
    /// The solver <c>auto</c> races against exhaustive checking and uses alone beyond the exhaustive bound: Z3's
    /// pseudo-Boolean formulation, the fastest on the problems auto gives a solver (scopes above 2^16 inputs: the digits
    /// robustness sweep at radius 4–10, 39 of 39 decided in 29 s of CPU against 111 s for the next; docs/benchmarks.md).
    /// </summary>
    public const string DefaultAutoBackend = "z3-pb";

    /// <summary>What <c>sat</c> means: the CNF backend that decided the most bundled and digits contracts in the least time (docs/benchmarks.md).</summary>
    public const string DefaultSatBackend = "minisat/totalizer";

    /// <summary>
    /// What <c>z3</c> means: the pseudo-Boolean formulation, which beat integer sums on every whole problem measured
    /// (docs/benchmarks.md), although integer sums refute contradictory atleast/atmost pairs far faster (docs/encodings.md).
    /// </summary>
    public const string DefaultZ3Backend = "z3-pb";

    /// <summary>What <c>cms</c> means: CryptoMiniSat in process, on the totalizer encoding.</summary>
    public const string DefaultCmsBackend = "cms/totalizer";

    /// <summary>The prefix of a user-supplied DIMACS solver binary: <c>external:/path/to/solver</c>.</summary>
    public const string ExternalPrefix = "external:";

    /// <summary>The short names, then every concrete backend name.</summary>
    public static IEnumerable<string> Names =>
        new[] { "auto", "exhaustive", "sat", "z3", "cms", "cms-native", ExternalPrefix + "PATH" }.Concat(SolverBackends.Names);

    /// <summary>The strategy for <paramref name="backend"/>, or null with a message when the name is unknown.</summary>
    public static IContractChecker? Create(string backend, PackedNetwork network, ExhaustiveOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(options);
        error = null;
        var exhaustive = new ExhaustiveChecker(network, options);
        string name = backend.Trim();
        switch (name)
        {
            case "exhaustive":
                return exhaustive;
            case "auto":
                return new AutoChecker(network, options, Solver(network, DefaultAutoBackend, options));
            case "sat":
                return Solver(network, DefaultSatBackend, options);
            case "z3":
                return Solver(network, DefaultZ3Backend, options);
            case "cms":
                return Solver(network, DefaultCmsBackend, options);
            case "cms-native":
                return Solver(network, "cms-native", options);
        }
        if (name.StartsWith(ExternalPrefix, StringComparison.Ordinal))
        {
            string path = name[ExternalPrefix.Length..];
            return new SolverChecker(network, "external " + path, () => SolverBackends.CreateExternal(path, CardinalityEncoding.Totalizer), options.SolverCounterexamples);
        }
        if (SolverBackends.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
            return Solver(network, name, options);
        error = $"unknown backend '{backend}'{Inputs.NameSuggestions.DidYouMean(name, Names)}; known: {string.Join(", ", Names)}";
        return null;
    }

    private static SolverChecker Solver(PackedNetwork network, string name, ExhaustiveOptions options) =>
        new(network, name, () => SolverBackends.Create(name), options.SolverCounterexamples);
}
