namespace BnnVerify.Verifier.Contracts.Syntax;

/// <summary>The stable ids of contract-language diagnostics (documented in docs/contract-language.md).</summary>
public static class ContractDiagnosticIds
{
    /// <summary>The spec (or an included file) cannot be read.</summary>
    public const string FileUnreadable = "BNN0300";

    /// <summary>A character that starts no token, or an unterminated string or comment.</summary>
    public const string LexicalError = "BNN0301";

    /// <summary>The tokens do not form a declaration or expression.</summary>
    public const string SyntaxError = "BNN0302";

    /// <summary>A name that is not an input, output, class, constant, predicate or bound variable.</summary>
    public const string UnknownName = "BNN0303";

    /// <summary>An expression of the wrong type (a count where a boolean belongs, ...).</summary>
    public const string TypeError = "BNN0304";

    /// <summary>A predicate or function called with the wrong number of arguments.</summary>
    public const string ArityError = "BNN0305";

    /// <summary>A name declared twice (constant, predicate, contract, bound variable shadowing a declaration).</summary>
    public const string DuplicateDeclaration = "BNN0306";

    /// <summary>An index or range outside its family, an empty range, a division by zero, ...</summary>
    public const string BadIndex = "BNN0307";

    /// <summary>An include cycle, or a declaration that refers to itself.</summary>
    public const string Cycle = "BNN0308";

    /// <summary>A precondition that mentions the network's output.</summary>
    public const string OutputInPrecondition = "BNN0309";

    /// <summary>A contract without an ensures clause, a spec without contracts, or a contract named twice on the command line.</summary>
    public const string MissingPart = "BNN0310";

    /// <summary>A bad rendering hint (grid size, unknown family).</summary>
    public const string BadRender = "BNN0311";

    /// <summary>An integer expression whose value does not fit in 64 bits.</summary>
    public const string ArithmeticOverflow = "BNN0312";

    /// <summary>More syntax errors in one file than the parser reports (<see cref="Parser.MaxSyntaxErrors"/>).</summary>
    public const string TooManySyntaxErrors = "BNN0313";

    /// <summary>Expressions nested deeper than the nesting limit (docs/limits.md).</summary>
    public const string NestingTooDeep = "BNN0920";

    /// <summary>A contract whose static expansion exceeds the term budget (docs/limits.md).</summary>
    public const string ExpansionTooLarge = "BNN0921";

    /// <summary>A name longer than the name length limit (docs/limits.md).</summary>
    public const string NameTooLong = "BNN0922";

    /// <summary>An environment variable that overrides a spec limit holds no valid value.</summary>
    public const string BadLimitSetting = "BNN0923";

    /// <summary>Warning: a constant or predicate that nothing uses.</summary>
    public const string UnusedDeclaration = "BNN0350";

    /// <summary>Warning: no input satisfies the contract's preconditions, so it holds vacuously.</summary>
    public const string VacuousContract = "BNN0351";

    /// <summary>Warning: a static comparison that is always true or always false in a clause.</summary>
    public const string ConstantClause = "BNN0352";
}
