using BnnVerify.Bnn.Engine;
using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Cardinality;

namespace BnnVerify.Verifier.Checking;

/// <summary>Turns a <c>--backend</c> name into a checking strategy.</summary>
public static class CheckerFactory
{
    /// <summary>
    /// The solver <c>auto</c> races against exhaustive checking and uses alone beyond the exhaustive bound: the native
    /// CDCL solver with cardinality constraints (its two searches racing). Measured side by side (docs/benchmarks.md):
    /// the 30 digits robustness contracts at radius 6–10 in 2.0 s of CPU against 12.1 s for z3-pb, the previous
    /// default; the four tictactoe-move contracts in about a second each against 2–120 s for z3-pb and minisat.
    /// </summary>
    public const string DefaultAutoBackend = "native";

    /// <summary>What <c>sat</c> means: the native solver, faster than every CNF backend on every bundled contract measured (docs/benchmarks.md).</summary>
    public const string DefaultSatBackend = "native";

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
