namespace BnnVerify.Encoding.Compilation;

/// <summary>
/// Identifiers of one generated file: model names are kept verbatim where the target language allows,
/// and a name that is a keyword of the language or already taken gets a suffix (<c>_</c>, then <c>_2</c>, …),
/// so that generated code always compiles and ports stay recognisable.
/// </summary>
public sealed class IdentifierScope
{
    private readonly HashSet<string> _reserved;
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    /// <summary>A scope in which <paramref name="keywords"/> are never handed out.</summary>
    public IdentifierScope(IEnumerable<string> keywords) => _reserved = new HashSet<string>(keywords, StringComparer.Ordinal);

    /// <summary>
    /// A fresh identifier as close to <paramref name="preferred"/> as the language allows. Characters outside
    /// [A-Za-z0-9_] become <c>_</c>, and a leading digit gets a <c>_</c> before it.
    /// </summary>
    public string Claim(string preferred)
    {
        ArgumentNullException.ThrowIfNull(preferred);
        var chars = preferred.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        string name = chars.Length == 0 ? "_" : new string(chars);
        if (char.IsAsciiDigit(name[0]))
            name = "_" + name;
        string candidate = name;
        if (_reserved.Contains(candidate) || _taken.Contains(candidate))
            candidate = name + "_";
        for (int suffix = 2; _reserved.Contains(candidate) || _taken.Contains(candidate); suffix++)
            candidate = name + "_" + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _taken.Add(candidate);
        return candidate;
    }

    /// <summary>The keywords of C11 and the names its standard headers used here define.</summary>
    public static IReadOnlyList<string> CKeywords { get; } =
    [
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern", "float", "for",
        "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
        "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex",
        "_Generic", "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local", "bool", "true", "false", "uint64_t", "int64_t",
        "uint32_t", "int32_t", "uint8_t", "size_t", "NULL", "main",
    ];

    /// <summary>The keywords of Verilog-2005 (and SystemVerilog's most common ones, which yosys also reserves).</summary>
    public static IReadOnlyList<string> VerilogKeywords { get; } =
    [
        "always", "and", "assign", "automatic", "begin", "buf", "bufif0", "bufif1", "case", "casex", "casez", "cell", "cmos", "config",
        "deassign", "default", "defparam", "design", "disable", "edge", "else", "end", "endcase", "endconfig", "endfunction", "endgenerate",
        "endmodule", "endprimitive", "endspecify", "endtable", "endtask", "event", "for", "force", "forever", "fork", "function", "generate",
        "genvar", "highz0", "highz1", "if", "ifnone", "incdir", "include", "initial", "inout", "input", "instance", "integer", "join",
        "large", "liblist", "library", "localparam", "macromodule", "medium", "module", "nand", "negedge", "nmos", "nor", "noshowcancelled",
        "not", "notif0", "notif1", "or", "output", "parameter", "pmos", "posedge", "primitive", "pull0", "pull1", "pulldown", "pullup",
        "pulsestyle_onevent", "pulsestyle_ondetect", "rcmos", "real", "realtime", "reg", "release", "repeat", "rnmos", "rpmos", "rtran",
        "rtranif0", "rtranif1", "scalared", "showcancelled", "signed", "small", "specify", "specparam", "strong0", "strong1", "supply0",
        "supply1", "table", "task", "time", "tran", "tranif0", "tranif1", "tri", "tri0", "tri1", "triand", "trior", "trireg", "unsigned",
        "use", "uwire", "vectored", "wait", "wand", "weak0", "weak1", "while", "wire", "wor", "xnor", "xor", "logic", "bit", "byte",
        "int", "shortint", "longint", "assert", "assume", "property", "sequence", "final", "unique", "priority", "return", "break",
        "continue", "do", "enum", "struct", "typedef", "union", "void",
    ];
}
