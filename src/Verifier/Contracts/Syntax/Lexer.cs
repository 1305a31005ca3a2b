using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Verifier.Contracts.Syntax;

/// <summary>Turns contract-language text into tokens; <c>//</c> and <c>/* */</c> are comments.</summary>
public static class Lexer
{
    /// <summary>The reserved words; they cannot name anything.</summary>
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "include", "const", "pred", "render", "contract", "requires", "ensures",
        "forall", "exists", "in", "true", "false", "not", "and", "or", "implies", "iff", "xor", "class",
    };

    // Longest first, so that "==>" is not read as "==" then ">".
    private static readonly string[] Symbols =
    [
        "<==>", "==>", "..", "==", "!=", "<=", ">=", "&&", "||",
        "(", ")", "[", "]", "{", "}", ",", ":", ";", "=", "<", ">", "+", "-", "*", "/", "%", "!", "^",
    ];

    /// <summary>
    /// The tokens of <paramref name="text"/>, ending with <see cref="TokenKind.End"/>; a lexical error throws a located
    /// <see cref="DiagnosticException"/>. LF, CRLF and a lone CR each end a line.
    /// </summary>
    public static List<Token> Tokenize(string text, string file, SpecLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= SpecLimits.Default;
        var tokens = new List<Token>();
        int i = 0, line = 1, lineStart = 0;
        SourceLocation Here(int at) => new(file, line, at - lineStart + 1);

        while (true)
        {
            // Skip white space and comments, keeping line numbers.
            while (i < text.Length)
            {
                char c = text[i];
                if (IsLineBreak(text, i, out int breakLength))
                {
                    line++;
                    i += breakLength;
                    lineStart = i;
                }
                else if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    while (i < text.Length && text[i] is not ('\n' or '\r'))
                        i++;
                }
                else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    var start = Here(i);
                    i += 2;
                    while (i < text.Length && !(text[i] == '*' && i + 1 < text.Length && text[i + 1] == '/'))
                    {
                        if (IsLineBreak(text, i, out int length))
                        {
                            line++;
                            i += length;
                            lineStart = i;
                        }
                        else
                        {
                            i++;
                        }
                    }
                    if (i >= text.Length)
                        throw Error(start, "this comment is never closed with '*/'");
                    i += 2;
                }
                else
                {
                    break;
                }
            }
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", Here(i)));
                return tokens;
            }

            char first = text[i];
            var location = Here(i);
            if (char.IsAsciiLetter(first) || first == '_')
            {
                int start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                    i++;
                CheckNameLength(i - start, location, limits);
                string word = text[start..i];
                tokens.Add(new Token(Keywords.Contains(word) ? TokenKind.Keyword : TokenKind.Identifier, word, location));
            }
            else if (first == '`')
            {
                // `name` escapes a model name that is a reserved word, such as an output called `xor`.
                int start = ++i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                    i++;
                if (i >= text.Length || text[i] != '`' || i == start)
                    throw Error(location, "a quoted name is a name between backquotes, as in `xor`");
                CheckNameLength(i - start, location, limits);
                tokens.Add(new Token(TokenKind.Identifier, text[start..i], location));
                i++;
            }
            else if (char.IsAsciiDigit(first))
            {
                int start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                    i++;
                if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
                    throw Error(Here(i), $"a number cannot run into a name ('{text[start..(i + 1)]}…'); put a space between them");
                if (i - start > 9)
                    throw Error(location, $"the number {text[start..i]} is too large");
                tokens.Add(new Token(TokenKind.Integer, text[start..i], location));
            }
            else if (first == '"')
            {
                var value = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] is '\n' or '\r')
                        throw Error(location, "this string is not closed on its line");
                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
                        i++;
                    value.Append(text[i++]);
                }
                if (i >= text.Length)
                    throw Error(location, "this string is never closed");
                i++;
                tokens.Add(new Token(TokenKind.String, value.ToString(), location));
            }
            else
            {
                string? symbol = null;
                foreach (var candidate in Symbols)
                {
                    if (string.CompareOrdinal(text, i, candidate, 0, candidate.Length) == 0)
                    {
                        symbol = candidate;
                        break;
                    }
                }
                if (symbol is null)
                    throw Error(location, $"unexpected character '{first}'");
                i += symbol.Length;
                tokens.Add(new Token(TokenKind.Symbol, symbol, location));
            }
        }
    }

    // CRLF is one line break of two characters; LF and a lone CR (old Mac files) are one character each.
    private static bool IsLineBreak(string text, int at, out int length)
    {
        length = text[at] switch
        {
            '\n' => 1,
            '\r' => at + 1 < text.Length && text[at + 1] == '\n' ? 2 : 1,
            _ => 0,
        };
        return length > 0;
    }

    private static void CheckNameLength(int length, SourceLocation location, SpecLimits limits)
    {
        if (length > limits.MaxNameLength)
        {
            throw new DiagnosticException(Diagnostic.Error(ContractDiagnosticIds.NameTooLong, location, string.Create(CultureInfo.InvariantCulture,
                $"this name has {length} characters; names may have at most {limits.MaxNameLength} ({SpecLimits.NameLengthVariable} overrides it, docs/limits.md)")));
        }
    }

    private static DiagnosticException Error(SourceLocation location, string message) =>
        new(Diagnostic.Error(ContractDiagnosticIds.LexicalError, location, message));
}
