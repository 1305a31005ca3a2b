using System.CommandLine;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Export;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;
using BnnVerify.Verifier.Inputs;
using BnnVerify.Verifier.Reports;

namespace BnnVerify.Verifier.Commands;

/// <summary>
/// <c>bnnverify export MODEL SPEC --format dimacs|cardnf|opb|smt2 --output FILE</c>: writes one contract's
/// violation problem (satisfiable iff the contract is violated) for other tools, with a variable map beside it.
/// </summary>
internal static class ExportCommand
{
    private static readonly string[] Formats = ["dimacs", "cardnf", "opb", "smt2"];

    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The model file." };
        var spec = new Argument<string>("SPEC") { Description = "The contract file." };
        var contract = new Option<string?>("--contract", "-c") { Description = "The contract to export (needed when the spec has several)." };
        var format = new Option<string>("--format", "-f") { Description = "dimacs (CNF), cardnf (DIMACS with native cardinality lines, as read by EEV's MiniSatCS), opb (pseudo-Boolean) or smt2.", Required = true };
        format.AcceptOnlyFromAmong(Formats);
        var encoding = new Option<string>("--encoding") { Description = "For dimacs: the cardinality encoding, seqcounter, totalizer, sortnet or smallest (per constraint, whichever makes the fewest clauses).", DefaultValueFactory = _ => "totalizer" };
        encoding.AcceptOnlyFromAmong("seqcounter", "totalizer", "sortnet", "smallest");
        var output = new Option<string>("--output", "-o") { Description = "The file to write; the variable map goes to FILE.map.json.", Required = true }.OutputFile();
        var command = new Command("export", "Write a contract's violation problem (satisfiable iff the contract is violated) as DIMACS, cardinality CNF, OPB or SMT-LIB 2.")
        {
            model, spec, contract, format, encoding, output,
        };
        command.SetAction(parse => (int)Run(parse.GetValue(model)!, parse.GetValue(spec)!, parse.GetValue(contract), parse.GetValue(format)!,
            parse.GetValue(encoding)!, parse.GetValue(output)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>The written file's size as its header states it: <c>dimacs: p cnf 969 4330 (totalizer)</c>, <c>opb: 45 variables, 23 constraints</c>, …</summary>
    private static string Describe(ExportFormat format, ExportSize size, string encodingName)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return format switch
        {
            ExportFormat.Dimacs => string.Create(c, $"dimacs: p cnf {size.Variables} {size.Constraints}, cardinality as {encodingName} clauses"),
            ExportFormat.CardinalityCnf => string.Create(c,
                $"cardnf: p cnf {size.Variables} {size.Constraints}, that is {size.Constraints - size.CardinalityLines} clauses and {size.CardinalityLines} cardinality lines"),
            ExportFormat.Opb => string.Create(c, $"opb: {size.Variables} variables, {size.Constraints} constraints"),
            _ => string.Create(c, $"smt2: {size.Variables} declared booleans, {size.Constraints} assertions"),
        };
    }

    private static ExitCode Run(string modelPath, string specPath, string? contractName, string formatName, string encodingName, string outputPath,
        TextWriter output, TextWriter error)
    {
        var model = ModelFiles.Load(modelPath, error);
        if (model is null)
            return ExitCode.InvalidInput;
        var loaded = SpecLoader.Load(specPath, model);
        foreach (var diagnostic in loaded.Diagnostics)
            error.WriteLine(diagnostic.ToString());
        if (!loaded.Succeeded)
            return ExitCode.InvalidInput;
        var contracts = loaded.Spec!.Contracts;
        ElaboratedContract? contract = contractName is null
            ? (contracts.Length == 1 ? contracts[0] : null)
            : contracts.FirstOrDefault(c => c.Name == contractName);
        if (contract is null)
        {
            string message = contractName is null
                ? $"the spec has {contracts.Length} contracts; choose one with --contract ({string.Join(", ", contracts.Select(c => c.Name))})"
                : $"the spec has no contract '{contractName}' (its contracts: {string.Join(", ", contracts.Select(c => c.Name))}){NameSuggestions.DidYouMean(contractName, contracts.Select(c => c.Name))}";
            error.WriteLine(Diagnostic.Error(ContractDiagnosticIds.MissingPart, SourceLocation.OfFile(specPath), message));
            return ExitCode.InvalidInput;
        }

        var problem = ContractEncoder.Encode(model, contract);
        var format = formatName switch
        {
            "dimacs" => ExportFormat.Dimacs,
            "cardnf" => ExportFormat.CardinalityCnf,
            "opb" => ExportFormat.Opb,
            _ => ExportFormat.Smt2,
        };
        if (!CardinalityEncodingNames.TryParse(encodingName, out var encoding))
            encoding = CardinalityEncoding.Totalizer;
        string comment = $"bnnverify export: model {modelPath}, spec {specPath}, contract {contract.Name}\n"
            + "satisfiable iff the contract is violated; the input variables of a model are a counterexample (see the .map.json file)";
        ExportSize size;
        try
        {
            using (var file = new StreamWriter(outputPath, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
                size = ConstraintExport.Write(file, problem.Builder, format, encoding, comment);
            VariableMapFile.Write(outputPath + ".map.json", outputPath, modelPath, specPath, contract.Name, model.InputNames, problem.Builder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{outputPath}: error: cannot write the export: {e.Message}");
            return ExitCode.InvalidInput;
        }
        output.WriteLine($"wrote {outputPath} ({Describe(format, size, encodingName)}) and {outputPath}.map.json");
        if (format == ExportFormat.CardinalityCnf)
            output.WriteLine("note: cardnf is EEV's extension of DIMACS (MiniSatCS, bnnverify solve); plain DIMACS solvers cannot read it, --format dimacs writes clauses only");
        return ExitCode.Success;
    }
}
