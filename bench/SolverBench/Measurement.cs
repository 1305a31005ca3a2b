using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BnnVerify.SolverBench;

/// <summary>What a measured run concluded about a contract.</summary>
internal static class Verdicts
{
    public const string Holds = "holds";
    public const string Violated = "violated";
    public const string Vacuous = "vacuous";
    public const string Unknown = "unknown";
    public const string Timeout = "timeout";
    public const string Skipped = "skipped";
    public const string Error = "error";

    /// <summary>True for answers that say something about the contract (and so must agree across backends).</summary>
    public static bool IsDefinitive(string verdict) => verdict is Holds or Violated or Vacuous;
}

/// <summary>One contract to measure: which model, spec and contract, and the workload it belongs to.</summary>
/// <param name="Workload">The workload's short name (bundled, digits, random, export).</param>
/// <param name="Group">A label for grouping rows (the spec name, or the radius of a sweep).</param>
/// <param name="ModelPath">The model file.</param>
/// <param name="SpecPath">The spec file.</param>
/// <param name="Contract">The contract's name in the spec.</param>
internal sealed record BenchCase(string Workload, string Group, string ModelPath, string SpecPath, string Contract)
{
    /// <summary>A key that identifies the contract across workloads (same model, spec and name).</summary>
    public string Key => $"{Path.GetFileName(ModelPath)}|{Path.GetFileName(SpecPath)}|{Contract}";
}

/// <summary>The size of a contract's violation problem, as the IR and as CNF under each encoding.</summary>
internal sealed record ProblemSize
{
    public long Variables { get; init; }
    public long Clauses { get; init; }
    public long CardinalityConstraints { get; init; }
    public long CardinalityLiterals { get; init; }
    public double EncodeSeconds { get; init; }
    public bool TriviallyUnsatisfiable { get; init; }

    /// <summary>Inputs satisfying the preconditions, or null above the exhaustive bound.</summary>
    public long? InputsInScope { get; init; }

    /// <summary>CNF variables and clauses per encoding short name (IR clauses included).</summary>
    public Dictionary<string, long[]> Cnf { get; init; } = [];
}

/// <summary>One measured run: a case on a backend (or an exported file on a solver binary).</summary>
internal sealed record Measurement
{
    public string Workload { get; init; } = "";
    public string Group { get; init; } = "";
    public string Model { get; init; } = "";
    public string Spec { get; init; } = "";
    public string Contract { get; init; } = "";
    public string Backend { get; init; } = "";
    public int Run { get; init; }
    public string Verdict { get; init; } = Verdicts.Unknown;
    public double WallSeconds { get; init; }
    public double CpuSeconds { get; init; }
    public string? DecidedBy { get; init; }
    public string? Reason { get; init; }
    public long? FileBytes { get; init; }
    public ProblemSize? Size { get; init; }

    public string Key => $"{Path.GetFileName(Model)}|{Path.GetFileName(Spec)}|{Contract}";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static Measurement FromJson(string line) =>
        JsonSerializer.Deserialize<Measurement>(line, Json) ?? throw new FormatException("not a measurement: " + line);

    /// <summary>Seconds as the tables print them: three significant decimals below 10 s.</summary>
    public static string Seconds(double seconds) => seconds < 10
        ? seconds.ToString("0.000", CultureInfo.InvariantCulture)
        : seconds.ToString("0.0", CultureInfo.InvariantCulture);
}
