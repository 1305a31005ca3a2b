using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Verifier.Contracts.Syntax;

/// <summary>The kinds of tokens of the contract language.</summary>
public enum TokenKind
{
    /// <summary>A name: input, output, class, constant, predicate or bound variable.</summary>
    Identifier,

    /// <summary>A non-negative integer literal.</summary>
    Integer,

    /// <summary>A double-quoted string (file names, rendering symbols).</summary>
    String,

    /// <summary>A reserved word (see <see cref="Lexer.Keywords"/>).</summary>
    Keyword,

    /// <summary>Punctuation or an operator.</summary>
    Symbol,

    /// <summary>The end of the file.</summary>
    End,
}

/// <summary>One token with its text and where it starts.</summary>
/// <param name="Kind">What kind of token this is.</param>
/// <param name="Text">The token as written (for strings: the unescaped value).</param>
/// <param name="Location">The file, line and column of its first character.</param>
public sealed record Token(TokenKind Kind, string Text, SourceLocation Location)
{
    /// <summary>True for the keyword or symbol <paramref name="text"/>.</summary>
    public bool Is(string text) => (Kind is TokenKind.Keyword or TokenKind.Symbol) && Text == text;

    /// <summary>The token as it appears in messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the file",
        TokenKind.String => $"the string \"{Text}\"",
        _ => $"'{Text}'",
    };
}
