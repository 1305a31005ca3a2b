using System.Reflection;

namespace BnnVerify.Verifier.Reports;

/// <summary>What reports say about the tool that wrote them: its name, version and where to read about it.</summary>
internal static class ToolInfo
{
    /// <summary>The tool's name in reports.</summary>
    public const string Name = "bnnverify";

    /// <summary>
    /// Where SARIF viewers send a reader: <c>PackageProjectUrl</c> in src/Verifier/Verifier.csproj, which the build
    /// stores as assembly metadata (and <c>dotnet pack</c> as the package's projectUrl), so the address is set in one
    /// place. Until the project has a public home it is a placeholder under the reserved <c>.invalid</c> domain.
    /// </summary>
    public static string InformationUri { get; } = ReadMetadata("PackageProjectUrl");

    /// <summary>
    /// The version of bnnverify (<c>Version</c> in src/Verifier/Verifier.csproj), without the source revision the SDK
    /// appends after '+', so that reports stay the same from commit to commit.
    /// </summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadMetadata(string key) =>
        typeof(ToolInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"the assembly has no '{key}' metadata (src/Verifier/Verifier.csproj sets it)");

    private static string ReadVersion()
    {
        string? informational = typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        string version = informational ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
