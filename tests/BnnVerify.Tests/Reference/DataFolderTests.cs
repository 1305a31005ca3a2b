namespace BnnVerify.Tests.Reference;

public class DataFolderTests
{
    [Fact]
    public void Every_file_in_data_has_a_provenance_row_in_its_readme()
    {
        string folder = RepositoryFiles.PathOf("data");
        string readme = File.ReadAllText(Path.Combine(folder, "README.md"));
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>()
            .Where(name => name is not "README.md" and not ".gitattributes").ToList();

        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            Assert.Contains($"| `{file}` |", readme, StringComparison.Ordinal);
        }
    }
}
