namespace BnnVerify.Fuzz;

/// <summary>
/// Failures already known and being fixed elsewhere (issue 10 parts A and B). With <see cref="Variable"/> set to 1
/// the AFL harness treats them as uninteresting, so that the fuzzer spends its time past them instead of
/// rediscovering the same crash on every mutated byte. Off by default: a plain run reports everything.
/// </summary>
internal static class KnownFailures
{
    /// <summary>The environment variable that turns the filter on (scripts/fuzz.sh --skip-known sets it).</summary>
    public const string Variable = "BNNVERIFY_FUZZ_SKIP_KNOWN";

    // Part A, the model reader: System.Text.Json refuses to transcode invalid UTF-8 and lone surrogates.
    private static readonly string[] Signatures = ["invalid UTF-8", "invalid UTF-16", "surrogate"];

    /// <summary>True when the filter is on.</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>True when <paramref name="e"/> (or an exception inside it) is one of the known failures.</summary>
    public static bool IsKnown(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            foreach (string signature in Signatures)
            {
                if (inner.Message.Contains(signature, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
        }
        return false;
    }
}
