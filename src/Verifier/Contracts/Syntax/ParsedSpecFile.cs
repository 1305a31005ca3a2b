using System.Collections.Immutable;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Verifier.Contracts.Syntax;

/// <summary>
/// A declaration the parser gave up on after a syntax error. Elaboration keeps quiet about the name it would have
/// declared, so that a broken <c>pred p</c> is reported once, not again as "unknown predicate 'p'" at every use.
/// </summary>
/// <param name="Location">Where the declaration starts.</param>
/// <param name="Name">The name it declares, or null when the error came before the name could be read (then it might
/// have declared any name).</param>
public sealed record UnparsedDeclaration(SourceLocation Location, string? Name);

/// <summary>What <see cref="Parser.ParseFileWithRecovery"/> read from one file.</summary>
/// <param name="File">The declarations that parsed, in file order.</param>
/// <param name="Errors">The syntax errors, in file order (at most <see cref="Parser.MaxSyntaxErrors"/>, then one that
/// says the parser stopped).</param>
/// <param name="Unparsed">The declarations skipped because of those errors that would have declared names: constants,
/// predicates and includes (a broken contract or rendering declares nothing that others use).</param>
public sealed record ParsedSpecFile(SpecFile File, ImmutableArray<Diagnostic> Errors, ImmutableArray<UnparsedDeclaration> Unparsed);
