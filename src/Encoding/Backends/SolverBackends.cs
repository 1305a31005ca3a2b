using BnnVerify.Encoding.Backends.CryptoMiniSat;
using BnnVerify.Encoding.Backends.External;
using BnnVerify.Encoding.Backends.Testing;
using BnnVerify.Encoding.Backends.Z3;
using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Native;

namespace BnnVerify.Encoding.Backends;

/// <summary>Creates backends by their stable names, as a command line or a report spells them.</summary>
/// <remarks>
/// Names: <c>&lt;solver&gt;/&lt;encoding&gt;</c> for external DIMACS solvers (solver: cadical, minisat,
/// cryptominisat, kissat; encoding: seqcounter, totalizer, sortnet), <c>cms/&lt;encoding&gt;</c> for CryptoMiniSat
/// in-process, <c>z3-pb</c>, <c>z3-intsum</c>, <c>z3-cnf/&lt;encoding&gt;</c>, <c>bruteforce</c> (at most 20
/// variables), <c>clasp</c> (native weight constraints on OPB, <see cref="ClaspBackend"/>), and <c>native</c>,
/// <c>native-inputs</c>, <c>native-plain</c> (the in-process CDCL solver with native cardinality constraints: both
/// searches racing, inputs first, or plain EVSIDS). <c>cms-native</c> is refused: CryptoMiniSat 5.11.4's BNN constraints are unsound (see
/// <see cref="CryptoMiniSatBackend"/>).
/// </remarks>
public static class SolverBackends
{
    /// <summary>Every name <see cref="Create"/> accepts, in a stable order.</summary>
    public static IReadOnlyList<string> Names { get; } = BuildNames();

    /// <summary>
    /// Creates the backend called <paramref name="name"/>. Throws <see cref="ArgumentException"/> for a name that is
    /// not in <see cref="Names"/> and <see cref="BackendUnavailableException"/> when its solver is not installed.
    /// </summary>
    public static ISatBackend Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string lower = name.Trim().ToLowerInvariant();
        switch (lower)
        {
            case "z3-pb":
                return new Z3Backend(Z3Formulation.PseudoBoolean);
            case "z3-intsum":
                return new Z3Backend(Z3Formulation.IntegerSum);
            case "bruteforce":
                return new BruteForceBackend();
            case "native":
                return new NativeBackend(NativeSearchMode.Portfolio);
            case "native-inputs":
                return new NativeBackend(NativeSearchMode.InputsFirst);
            case "native-plain":
                return new NativeBackend(NativeSearchMode.Plain);
            case ClaspBackend.BackendName:
                return new ClaspBackend();
            case "cms-native":
                throw new BackendUnavailableException("cms-native",
                    "CryptoMiniSat 5.11.4's native BNN constraints give wrong UNSAT answers and can abort the process (docs/encodings.md); use cms/<encoding> instead.");
        }
        int slash = lower.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && CardinalityEncodingNames.TryParse(lower[(slash + 1)..], out var encoding))
        {
            string solver = lower[..slash];
            if (solver == "z3-cnf")
                return new Z3Backend(Z3Formulation.Cnf, encoding);
            if (solver == "cms")
                return new CryptoMiniSatBackend(encoding);
            if (DimacsSolver.KnownNames.Contains(solver))
                return new CnfBackend(DimacsSolver.Known(solver), encoding);
        }
        throw new ArgumentException($"Unknown backend '{name}'. Known backends: {string.Join(", ", Names)}.", nameof(name));
    }

    /// <summary>A backend that runs the solver binary at <paramref name="executablePath"/> (SAT-competition output) on CNF.</summary>
    public static ISatBackend CreateExternal(string executablePath, CardinalityEncoding encoding) =>
        new CnfBackend(DimacsSolver.Generic(executablePath), encoding);

    private static string[] BuildNames()
    {
        var names = new List<string> { "native", "native-inputs", "native-plain" };
        var encodings = Enum.GetValues<CardinalityEncoding>();
        foreach (var solver in DimacsSolver.KnownNames)
            foreach (var encoding in encodings)
                names.Add($"{solver}/{encoding.ToShortName()}");
        foreach (var encoding in encodings)
            names.Add($"cms/{encoding.ToShortName()}");
        names.Add("z3-pb");
        names.Add("z3-intsum");
        foreach (var encoding in encodings)
            names.Add($"z3-cnf/{encoding.ToShortName()}");
        names.Add("bruteforce");
        names.Add(ClaspBackend.BackendName);
        return [.. names];
    }
}
