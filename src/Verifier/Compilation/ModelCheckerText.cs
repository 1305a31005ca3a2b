using BnnVerify.Encoding.Compilation;

namespace BnnVerify.Verifier.Compilation;

/// <summary>
/// What the Promela and SMV compilers start from: the network's names claimed in the dialect's scope, the contract
/// printer over those names, and lines ended by '\n' on every platform (the files are compared byte for byte).
/// </summary>
internal sealed class ModelCheckerText
{
    private readonly TextWriter _writer;

    public ModelCheckerText(FoldedNetwork network, ModelCheckerDialect dialect, TextWriter writer)
    {
        _writer = writer;
        Names = NetworkNames.Claim(network, dialect);
        Printer = new FormulaPrinter(dialect, Names.Inputs, Names.OutputBits, Names.Class, Names.Scores);
    }

    public NetworkNames Names { get; }

    public FormulaPrinter Printer { get; }

    public void Line(string text = "")
    {
        _writer.Write(text);
        _writer.Write('\n');
    }
}
