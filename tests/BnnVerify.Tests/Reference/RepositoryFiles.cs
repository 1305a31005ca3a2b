namespace BnnVerify.Tests.Reference;

/// <summary>Finds files of the repository the tests were built from.</summary>
internal static class RepositoryFiles
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds Verifier.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The full path of <paramref name="relative"/> under the repository root.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Verifier.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No Verifier.sln above {AppContext.BaseDirectory}.");
    }
}
