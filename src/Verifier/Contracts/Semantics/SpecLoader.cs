using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Contracts.Syntax;

namespace BnnVerify.Verifier.Contracts.Semantics;

/// <summary>
/// Loads a spec file and the files it includes, then elaborates it against a model. Paths in includes
/// and in <c>inputs("…")</c> are relative to the file that names them.
/// </summary>
public static class SpecLoader
{
    /// <summary>Loads and checks the spec at <paramref name="path"/> for <paramref name="model"/>.</summary>
    public static SpecLoadResult Load(string path, BnnModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var diagnostics = new List<Diagnostic>();
        var declarations = new List<(Declaration Declaration, bool InRootFile)>();
        try
        {
            ReadWithIncludes(path, null, [], new HashSet<string>(StringComparer.Ordinal), declarations, isRoot: true);
        }
        catch (DiagnosticException e)
        {
            return new(null, [e.Diagnostic]);
        }
        var spec = new Elaborator(model, declarations, diagnostics).Elaborate(path);
        return new(diagnostics.Any(d => d.IsError) ? null : spec, [.. diagnostics]);
    }

    /// <summary>Parses one file (no includes, no model): for syntax checks and tests.</summary>
    public static SpecFile Parse(string text, string file) => Parser.ParseFile(text, file);

    private static void ReadWithIncludes(string path, IncludeDeclaration? includedBy, ImmutableStack<string> includeChain,
        HashSet<string> done, List<(Declaration, bool)> declarations, bool isRoot)
    {
        string fullPath = FullPathOf(path, includedBy);
        if (includeChain.Contains(fullPath))
        {
            throw new DiagnosticException(Diagnostic.Error(ContractDiagnosticIds.Cycle, includedBy!.Location,
                $"including '{includedBy.Path}' here makes a cycle of includes"));
        }
        // A file included along two routes is read once, so its declarations are not duplicated.
        if (!done.Add(fullPath))
            return;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            var location = includedBy?.Location ?? SourceLocation.OfFile(path);
            string message = includedBy is null ? $"cannot read the spec file: {why}" : $"cannot read the included file '{path}': {why}";
            throw new DiagnosticException(Diagnostic.Error(ContractDiagnosticIds.FileUnreadable, location, message));
        }
        var file = Parser.ParseFile(text, path);
        var chain = includeChain.Push(fullPath);
        foreach (var declaration in file.Declarations)
        {
            if (declaration is IncludeDeclaration include)
                ReadWithIncludes(RelativeTo(path, include.Path), include, chain, done, declarations, isRoot: false);
            else
                declarations.Add((declaration, isRoot));
        }
    }

    /// <summary>
    /// The absolute form of <paramref name="path"/>. A name no file system accepts (empty, or holding a NUL
    /// character, which the fuzzer put into an include) is a diagnostic, as an unreadable file is, not an exception.
    /// </summary>
    private static string FullPathOf(string path, IncludeDeclaration? includedBy)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (ArgumentException)
        {
            var location = includedBy?.Location ?? SourceLocation.OfFile(path);
            string shown = path.Replace("\0", "\\0", StringComparison.Ordinal);
            string message = includedBy is null
                ? "cannot read the spec file: the name is empty or holds a NUL character"
                : $"cannot read the included file '{shown}': the name is empty or holds a NUL character";
            throw new DiagnosticException(Diagnostic.Error(ContractDiagnosticIds.FileUnreadable, location, message));
        }
    }

    /// <summary>The path <paramref name="relative"/> as seen from the directory of <paramref name="file"/>.</summary>
    internal static string RelativeTo(string file, string relative)
    {
        if (Path.IsPathRooted(relative))
            return relative;
        string? directory = Path.GetDirectoryName(file);
        return string.IsNullOrEmpty(directory) ? relative : Path.Combine(directory, relative).Replace('\\', '/');
    }
}
