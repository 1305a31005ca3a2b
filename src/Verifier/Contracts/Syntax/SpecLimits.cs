using System.Globalization;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Verifier.Contracts.Syntax;

/// <summary>
/// The resource limits of reading and expanding a spec (docs/limits.md, "Specs"). A spec beyond one is refused
/// with a located error instead of exhausting the stack, the memory or the time of the process.
/// </summary>
/// <param name="MaxDepth">How deep expressions may nest: parentheses, brackets, <c>!</c>, unary <c>-</c>, quantifiers,
/// <c>==&gt;</c>, calls, predicates and constants inlined in each other, and the formulas built from them all count
/// one level each. Long flat chains such as <c>a &amp;&amp; b &amp;&amp; …</c> or <c>a + b + …</c> do not nest.</param>
/// <param name="MaxTerms">How many expression nodes the static expansion of one contract may evaluate, counted as it
/// expands: a quantifier's body evaluated for 1,000 values counts 1,000 times, a predicate inlined twice counts twice.</param>
/// <param name="MaxNameLength">The longest name (identifier) a spec may contain, in characters.</param>
public sealed record SpecLimits(int MaxDepth, long MaxTerms, int MaxNameLength)
{
    /// <summary>
    /// The default nesting depth. Consumers of the expanded formulas (the checkers, the encoders, the compilers)
    /// recurse over them on ordinary threads, so this stays well inside a 1 MB stack (a few hundred bytes per level).
    /// </summary>
    public const int DefaultMaxDepth = 500;

    /// <summary>
    /// The default expansion budget: ten times what the largest bundled spec needs (tictactoe-move, under 100,000), and
    /// about 150 MB and a few seconds of expansion per contract at most (docs/limits.md).
    /// </summary>
    public const long DefaultMaxTerms = 1_000_000;

    /// <summary>The default longest name, far above any name a model or spec uses.</summary>
    public const int DefaultMaxNameLength = 256;

    /// <summary>
    /// The deepest nesting an override may ask for. Parsing and expansion run on a thread whose stack grows with the
    /// limit, but the formulas' consumers do not: measured on a 1 MB stack (ulimit -s 1024, DOTNET_DefaultStackSize=100000),
    /// checking, compiling and exporting a 1,000-level formula work and a 2,000-level one overflows in export and compile.
    /// </summary>
    public const int LargestMaxDepth = 1_000;

    /// <summary>The environment variable that overrides <see cref="MaxDepth"/>.</summary>
    public const string DepthVariable = "BNNVERIFY_SPEC_MAX_DEPTH";

    /// <summary>The environment variable that overrides <see cref="MaxTerms"/>.</summary>
    public const string TermsVariable = "BNNVERIFY_SPEC_MAX_TERMS";

    /// <summary>The environment variable that overrides <see cref="MaxNameLength"/>.</summary>
    public const string NameLengthVariable = "BNNVERIFY_SPEC_MAX_NAME_LENGTH";

    /// <summary>The documented defaults.</summary>
    public static SpecLimits Default { get; } = new(DefaultMaxDepth, DefaultMaxTerms, DefaultMaxNameLength);

    /// <summary>
    /// The defaults, each overridden by its environment variable when set. An environment variable serves every verb that
    /// loads a spec (check, export, compile, replay, equiv) without an option on each, and a CI job sets it once.
    /// A value that is not a positive integer in range is an error located at the spec file, naming the variable.
    /// </summary>
    public static SpecLimits FromEnvironment(string specPath) => FromVariables(Environment.GetEnvironmentVariable, specPath);

    /// <summary><see cref="FromEnvironment"/> with the variables read by <paramref name="lookup"/> (for tests).</summary>
    public static SpecLimits FromVariables(Func<string, string?> lookup, string specPath)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return new SpecLimits(
            (int)Read(lookup, DepthVariable, DefaultMaxDepth, LargestMaxDepth, specPath),
            Read(lookup, TermsVariable, DefaultMaxTerms, long.MaxValue / 2, specPath),
            (int)Read(lookup, NameLengthVariable, DefaultMaxNameLength, 1 << 20, specPath));
    }

    private static long Read(Func<string, string?> lookup, string variable, long fallback, long largest, string specPath)
    {
        string? text = lookup(variable);
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value < 1 || value > largest)
        {
            throw new DiagnosticException(Diagnostic.Error(ContractDiagnosticIds.BadLimitSetting, SourceLocation.OfFile(specPath), string.Create(CultureInfo.InvariantCulture,
                $"the environment variable {variable}='{text}' must be a whole number from 1 to {largest} (unset it for the default {fallback})")));
        }
        return value;
    }
}
