using System.CommandLine;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Model;
using BnnVerify.Encoding.Compilation;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Compilation;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;
using BnnVerify.Verifier.Inputs;

namespace BnnVerify.Verifier.Commands;

/// <summary>
/// <c>bnnverify compile MODEL --to c|verilog|aiger|promela|smv|dot [--output FILE]</c>: translates the network
/// (and, for the model checkers, a contract) into another language, computing exactly what the reference engine
/// computes (docs/compile.md).
/// </summary>
internal static class CompileCommand
{
    private static readonly string[] Targets = ["c", "verilog", "aiger", "aig", "promela", "smv", "dot"];

    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The model file." };
        var target = new Option<string>("--to", "-t") { Description = "c (C11 function), verilog (combinational module), aiger (ASCII .aag and-inverter graph), aig (the same graph as binary AIGER, which ABC reads; needs --output), promela (SPIN model of a contract), smv (NuSMV model of contracts) or dot (Graphviz drawing).", Required = true };
        target.AcceptOnlyFromAmong(Targets);
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: standard output)." }.OutputFile();
        var name = new Option<string?>("--name") { Description = "The C function prefix or Verilog module name (default: bnn_ and the model's name)." };
        var spec = new Option<string?>("--spec") { Description = "For promela and smv: the contract file." };
        var contract = new Option<string?>("--contract", "-c") { Description = "For promela (needed when the spec has several) and smv (default: every contract): the contract to compile." };
        var command = new Command("compile", "Translate the network into C, Verilog, AIGER, Promela (with a contract), SMV (with contracts) or DOT, computing exactly what the reference engine computes.")
        {
            model, target, output, name, spec, contract,
        };
        command.SetAction(parse => (int)Run(parse.GetValue(model)!, parse.GetValue(target)!, parse.GetValue(output), parse.GetValue(name),
            parse.GetValue(spec), parse.GetValue(contract), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static ExitCode Run(string modelPath, string target, string? outputPath, string? name, string? specPath, string? contractName,
        TextWriter output, TextWriter error)
    {
        bool needsContract = target is "promela" or "smv";
        if (needsContract && specPath is null)
        {
            error.WriteLine($"error: --to {target} compiles a contract with the network: give --spec SPEC (and --contract NAME)");
            return ExitCode.InvalidInput;
        }
        if (!needsContract && (specPath is not null || contractName is not null))
        {
            error.WriteLine($"error: --spec and --contract are only for --to promela and --to smv; --to {target} compiles the network alone");
            return ExitCode.InvalidInput;
        }
        if (name is not null && !BnnModel.IsValidName(name))
        {
            error.WriteLine($"error: --name '{name}' is not an identifier (a letter or '_', then letters, digits or '_')");
            return ExitCode.InvalidInput;
        }
        if (target == "aig" && outputPath is null)
        {
            error.WriteLine("error: --to aig writes binary AIGER: give --output FILE (or use --to aiger for the ASCII form)");
            return ExitCode.InvalidInput;
        }
        var model = ModelFiles.Load(modelPath, error);
        if (model is null)
            return ExitCode.InvalidInput;
        List<ElaboratedContract>? contracts = null;
        if (needsContract)
        {
            contracts = SelectContracts(model, specPath!, contractName, allowAll: target == "smv", error);
            if (contracts is null)
                return ExitCode.InvalidInput;
        }

        if (target == "aig")
            return WriteBinaryAiger(FoldedNetwork.Fold(model), outputPath!, output, error);
        string identifier = name ?? "bnn_" + string.Concat(model.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
        var text = new StringWriter { NewLine = "\n" };
        var network = target == "dot" ? null : FoldedNetwork.Fold(model);
        switch (target)
        {
            case "c":
                CCompiler.Write(network!, identifier, text);
                break;
            case "verilog":
                VerilogCompiler.Write(network!, identifier, text);
                break;
            case "aiger":
                AigerCompiler.Write(network!, text);
                break;
            case "promela":
                PromelaCompiler.Write(network!, contracts![0], text);
                break;
            case "smv":
                SmvCompiler.Write(network!, contracts!, text);
                break;
            default:
                DotCompiler.Write(model, text);
                break;
        }
        if (outputPath is null)
        {
            output.Write(text.ToString());
            return ExitCode.Success;
        }
        try
        {
            File.WriteAllText(outputPath, text.ToString(), new System.Text.UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{outputPath}: error: cannot write the compiled model: {e.Message}");
            return ExitCode.InvalidInput;
        }
        string what = network is null ? $"{model.Layers.Length} layers" : $"{network.Neurons.Length} live neurons";
        output.WriteLine($"wrote {outputPath} ({target}: {model.Name}, {what})");
        return ExitCode.Success;
    }

    private static ExitCode WriteBinaryAiger(FoldedNetwork network, string outputPath, TextWriter output, TextWriter error)
    {
        try
        {
            using var file = File.Create(outputPath);
            AigerCompiler.WriteBinary(network, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{outputPath}: error: cannot write the compiled model: {e.Message}");
            return ExitCode.InvalidInput;
        }
        output.WriteLine($"wrote {outputPath} (aig: {network.Model.Name}, {network.Neurons.Length} live neurons)");
        return ExitCode.Success;
    }

    private static List<ElaboratedContract>? SelectContracts(BnnModel model, string specPath, string? contractName, bool allowAll, TextWriter error)
    {
        var loaded = SpecLoader.Load(specPath, model);
        foreach (var diagnostic in loaded.Diagnostics)
            error.WriteLine(diagnostic.ToString());
        if (!loaded.Succeeded)
            return null;
        var contracts = loaded.Spec!.Contracts;
        if (contractName is null && (allowAll || contracts.Length == 1))
            return [.. contracts];
        var chosen = contractName is null ? null : contracts.FirstOrDefault(c => c.Name == contractName);
        if (chosen is not null)
            return [chosen];
        string message = contractName is null
            ? $"the spec has {contracts.Length} contracts; choose one with --contract ({string.Join(", ", contracts.Select(c => c.Name))})"
            : $"the spec has no contract '{contractName}'{NameSuggestions.DidYouMean(contractName, contracts.Select(c => c.Name))}";
        error.WriteLine(Diagnostic.Error(ContractDiagnosticIds.MissingPart, SourceLocation.OfFile(specPath), message));
        return null;
    }
}
