using System.Collections.Immutable;
using System.Runtime.ExceptionServices;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Files;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Contracts.Syntax;

namespace BnnVerify.Verifier.Contracts.Semantics;

/// <summary>
/// Loads a spec file and the files it includes, then elaborates it against a model. Paths in includes
/// and in <c>inputs("…")</c> are relative to the file that names them.
/// </summary>
public static class SpecLoader
{
    /// <summary>
    /// Stack bytes reserved per level of <see cref="SpecLimits.MaxDepth"/>. A level of parenthesised expression costs
    /// the parser about 16 frames (one per precedence level) and the elaborator about 4, a few kilobytes together;
    /// the margin covers debug builds, whose frames are larger.
    /// </summary>
    private const int StackBytesPerLevel = 16 * 1024;

    private const int MinimumStackBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Loads and checks the spec at <paramref name="path"/> for <paramref name="model"/> within <paramref name="limits"/>
    /// (by default the documented limits, overridden by their environment variables; docs/limits.md).
    /// </summary>
    public static SpecLoadResult Load(string path, BnnModel model, SpecLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        try
        {
            limits ??= SpecLimits.FromEnvironment(path);
        }
        catch (DiagnosticException e)
        {
            return new(null, [e.Diagnostic]);
        }
        // Parsing and elaboration recurse once per nesting level. They run on a thread whose stack is sized for the
        // nesting limit, so that the limit, not the caller's stack (1 MB on some main threads), is what decides.
        SpecLoadResult? result = null;
        ExceptionDispatchInfo? failure = null;
        int stackBytes = (int)Math.Min(int.MaxValue, Math.Max(MinimumStackBytes, (long)limits.MaxDepth * StackBytesPerLevel));
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = LoadOnThisThread(path, model, limits);
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
            },
            stackBytes)
        {
            Name = "bnnverify spec loader",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }

    private static SpecLoadResult LoadOnThisThread(string path, BnnModel model, SpecLimits limits)
    {
        var read = new ReadFiles();
        try
        {
            ReadWithIncludes(path, null, [], new HashSet<string>(StringComparer.Ordinal), read, isRoot: true, limits);
        }
        catch (DiagnosticException e)
        {
            // An unreadable file, an include cycle or a lexical error: what was read cannot be trusted to be whole.
            return new(null, [.. read.SyntaxErrors, e.Diagnostic]);
        }
        // The declarations that parsed are elaborated even when others had syntax errors, so that one run shows every
        // error; the syntax errors come first, and the elaborator keeps quiet about the names the broken ones declare.
        var diagnostics = new List<Diagnostic>(read.SyntaxErrors);
        var spec = new Elaborator(model, read.Declarations, diagnostics, limits, read.Unparsed).Elaborate(path);
        return new(diagnostics.Any(d => d.IsError) ? null : spec, [.. diagnostics]);
    }

    /// <summary>What reading a spec and its includes collected, file by file in the order they were read.</summary>
    private sealed class ReadFiles
    {
        public List<(Declaration Declaration, bool InRootFile)> Declarations { get; } = [];

        public List<Diagnostic> SyntaxErrors { get; } = [];

        public List<UnparsedDeclaration> Unparsed { get; } = [];
    }

    /// <summary>Parses one file (no includes, no model): for syntax checks and tests.</summary>
    public static SpecFile Parse(string text, string file) => Parser.ParseFile(text, file);

    private static void ReadWithIncludes(string path, IncludeDeclaration? includedBy, ImmutableStack<string> includeChain,
        HashSet<string> done, ReadFiles read, bool isRoot, SpecLimits limits)
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
        string what = includedBy is null ? "the spec file" : $"the included file '{path}'";
        string text = InputFileReader.Read(path, what, ContractDiagnosticIds.FileUnreadable, includedBy?.Location).TextOrThrow();
        var parsed = Parser.ParseFileWithRecovery(text, path, limits);
        read.SyntaxErrors.AddRange(parsed.Errors);
        read.Unparsed.AddRange(parsed.Unparsed);
        var chain = includeChain.Push(fullPath);
        foreach (var declaration in parsed.File.Declarations)
        {
            if (declaration is IncludeDeclaration include)
                ReadWithIncludes(RelativeTo(path, include.Path), include, chain, done, read, isRoot: false, limits);
            else
                read.Declarations.Add((declaration, isRoot));
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
