using System.Runtime.CompilerServices;

namespace BnnVerify.Tests;

/// <summary>
/// Locates the repository (the folder holding Verifier.sln) and makes it the current directory for the
/// whole test run, so that tests and golden files name files as a user at the root would: models/xor.json.
/// </summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    [ModuleInitializer]
    internal static void EnterRoot() => Directory.SetCurrentDirectory(Path);

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Verifier.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("cannot find Verifier.sln above " + AppContext.BaseDirectory);
    }
}
