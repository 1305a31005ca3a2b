using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;

namespace BnnVerify.Tests.Reports;

/// <summary>
/// <c>dotnet pack</c> makes a .NET tool package that <c>dotnet tool install</c> installs as <c>bnnverify</c>, which then
/// checks a bundled model, its SARIF informationUri being the package's projectUrl. Once per test run (it packs the build the tests run against, without building again).
/// </summary>
public sealed class PackagingTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bnnverify-pack-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    private static (int ExitCode, string Output) Run(string file, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var run = ChildProcess.Run(start, TimeSpan.FromMinutes(5)) ?? throw new Xunit.Sdk.XunitException($"{file} {string.Join(" ", arguments)} did not finish in 5 minutes");
        return (run.ExitCode, run.Output + run.Error);
    }

    [Fact]
    public void The_packed_tool_installs_as_bnnverify_checks_a_model_and_links_its_project_url()
    {
        string feed = Path.Combine(_folder, "feed"), tools = Path.Combine(_folder, "tools"), work = Path.Combine(_folder, "work");
        // Run from a folder outside the repository, as a user of the installed tool would.
        Directory.CreateDirectory(work);
        string project = Path.Combine(RepositoryRoot.Path, "src", "Verifier", "Verifier.csproj");
        var (packExit, packOutput) = Run("dotnet", RepositoryRoot.Path, "pack", project, "-c", Configuration, "--no-build", "--nologo", "-o", feed);
        Assert.True(packExit == 0, "dotnet pack failed:\n" + packOutput);
        Assert.Single(Directory.GetFiles(feed, "bnnverify.*.nupkg"));

        var (installExit, installOutput) = Run("dotnet", work, "tool", "install", "bnnverify", "--tool-path", tools, "--add-source", feed);
        Assert.True(installExit == 0, "dotnet tool install failed:\n" + installOutput);

        string model = Path.Combine(RepositoryRoot.Path, "models", "xor.json"), spec = Path.Combine(RepositoryRoot.Path, "specs", "xor.contract");
        var (exit, output) = Run(Path.Combine(tools, "bnnverify"), work, "check", model, spec, "--format", "json");
        Assert.True(exit == 0, "the installed bnnverify failed:\n" + output);
        Assert.Contains("\"format\": \"bnnverify-report\"", output, StringComparison.Ordinal);
        Assert.Contains("\"holds\": 2", output, StringComparison.Ordinal);

        // The SARIF informationUri is the package's projectUrl: both come from PackageProjectUrl in the csproj.
        var (sarifExit, sarif) = Run(Path.Combine(tools, "bnnverify"), work, "check", model, spec, "--format", "sarif");
        Assert.True(sarifExit == 0, "the installed bnnverify failed:\n" + sarif);
        string informationUri = JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver")
            .GetProperty("informationUri").GetString()!;
        Assert.Equal(ProjectUrlOf(Directory.GetFiles(feed, "bnnverify.*.nupkg").Single()), informationUri);
    }

    /// <summary>The projectUrl of the package's .nuspec.</summary>
    private static string ProjectUrlOf(string package)
    {
        using var archive = ZipFile.OpenRead(package);
        var nuspec = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var projectUrl = XDocument.Load(stream).Descendants().SingleOrDefault(e => e.Name.LocalName == "projectUrl");
        Assert.True(projectUrl is not null, "the package's .nuspec has no projectUrl (PackageProjectUrl in src/Verifier/Verifier.csproj)");
        Assert.StartsWith("https://", projectUrl.Value, StringComparison.Ordinal);
        return projectUrl.Value;
    }
}
