using BnnVerify.Bnn.Engine;
using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Native;

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
        new[] { "auto", "exhaustive", "enum", "sat", "z3", "cms", "cms-native", ExternalPrefix + "PATH" }.Concat(SolverBackends.Names);

    /// <summary>The strategy for <paramref name="backend"/>, or null with a message when the name is unknown.</summary>
    public static IContractChecker? Create(string backend, PackedNetwork network, ExhaustiveOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(options);
        error = null;
        if (options.Certification is { } certification)
        {
            if (NativeModeOf(backend) is not { } mode)
            {
                error = $"--certify needs the native solver (--backend native, native-inputs, native-plain or sat), not '{backend}'";
                return null;
            }
            return new SolverChecker(network, NativeName(mode), () => new NativeBackend(mode, logProofs: true), options.SolverCounterexamples, certification);
        }
        switch (backend.Trim())
        {
            case "exhaustive":
                return new ExhaustiveChecker(network, options);
            case "enum":
                return new Robustness.BallChecker(network, options);
            case "auto":
                return new AutoChecker(network, options, Solver(network, DefaultAutoBackend, options));
            case "cms-native":
                return Solver(network, "cms-native", options);
        }
        var solver = SolverBackend(backend, Names, out string name, out error);
        if (solver is null)
            return null;
        string label = name.StartsWith(ExternalPrefix, StringComparison.Ordinal) ? "external " + name[ExternalPrefix.Length..] : name;
        return new SolverChecker(network, label, solver, options.SolverCounterexamples) { Form = options.SolverCounterexampleForm };
    }

    /// <summary>
    /// The solver backend <paramref name="backend"/> names — a short name (auto, sat, z3, cms), <c>external:PATH</c> or
    /// a name of <see cref="SolverBackends.Names"/> — as a factory, with the concrete name it resolves to; null, with a
    /// message that lists <paramref name="known"/>, when it names no solver backend.
    /// </summary>
    public static Func<ISatBackend>? SolverBackend(string backend, IEnumerable<string> known, out string name, out string? error)
    {
        ArgumentNullException.ThrowIfNull(backend);
        error = null;
        name = backend.Trim() switch
        {
            "auto" => DefaultAutoBackend,
            "sat" => DefaultSatBackend,
            "z3" => DefaultZ3Backend,
            "cms" => DefaultCmsBackend,
            var other => other,
        };
        string chosen = name;
        if (chosen.StartsWith(ExternalPrefix, StringComparison.Ordinal))
            return () => SolverBackends.CreateExternal(chosen[ExternalPrefix.Length..], CardinalityEncoding.Totalizer);
        if (SolverBackends.Names.Contains(chosen, StringComparer.OrdinalIgnoreCase))
            return () => SolverBackends.Create(chosen);
        error = $"unknown backend '{backend}'{Inputs.NameSuggestions.DidYouMean(chosen, known)}; known: {string.Join(", ", known)}";
        return null;
    }

    /// <summary>The native solver's search mode that <paramref name="backend"/> names (sat is native), or null when it names another backend.</summary>
    public static NativeSearchMode? NativeModeOf(string backend) => backend.Trim().ToLowerInvariant() switch
    {
        "native" => NativeSearchMode.Portfolio,
        "sat" when DefaultSatBackend == "native" => NativeSearchMode.Portfolio,
        "native-inputs" => NativeSearchMode.InputsFirst,
        "native-plain" => NativeSearchMode.Plain,
        _ => null,
    };

    private static string NativeName(NativeSearchMode mode) => mode switch
    {
        NativeSearchMode.InputsFirst => "native-inputs",
        NativeSearchMode.Plain => "native-plain",
        _ => "native",
    };

    private static SolverChecker Solver(PackedNetwork network, string name, ExhaustiveOptions options) =>
        new(network, name, () => SolverBackends.Create(name), options.SolverCounterexamples) { Form = options.SolverCounterexampleForm };
}
