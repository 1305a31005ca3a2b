using System.CommandLine;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Equivalence;

namespace BnnVerify.Verifier.Commands;

/// <summary><c>bnnverify equiv MODEL --reference REF</c>: decides whether the network computes what a reference computes on a domain.</summary>
internal static class EquivCommand
{
    public static Command Create()
    {
        var model = new Argument<string?>("MODEL") { Description = "The model file (JSON, see docs/model-format.md).", Arity = ArgumentArity.ZeroOrOne };
        var reference = new Option<string?>("--reference", "-r") { Description = "What to compare with: tictactoe:rule-player|minimax|winner (handwritten code), 'exec:PATH [ARG...]' (any program, through the line protocol of docs/equivalence.md) or model:OTHER.json (a model with the same input and output names)." };
        var domain = new Option<string?>("--domain", "-d") { Description = "Compare only on the inputs satisfying the requires of a contract: SPEC:CONTRACT (default: every input)." };
        var backend = new Option<string>("--backend", "-b") { Description = "auto (enumerate up to --max-inputs; beyond, a model: reference is compared by a z3-pb miter), exhaustive, or a solver for the miter of two models: sat, z3, cms, a backend such as cadical/totalizer, or external:PATH.", DefaultValueFactory = _ => "auto" }.ExternalSolverPath();
        var timeout = new Option<double?>("--timeout") { Description = "Seconds for the whole comparison; past it (or when a reference program hangs) the verdict is unknown (exit 3)." }.Seconds();
        var format = new Option<string>("--format", "-f") { Description = "Report format: text, json, junit or sarif.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(EquivalenceRunner.Formats);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file (the text summary still goes to standard output)." }.OutputFile();
        var maxCounterexamples = new Option<int>("--max-counterexamples") { Description = "Differences to show (all are counted when enumerating).", DefaultValueFactory = _ => 3 };
        var maxInputs = new Option<long>("--max-inputs") { Description = "The largest domain that is enumerated.", DefaultValueFactory = _ => ExhaustiveOptions.DefaultMaxInputs };
        var threads = new Option<int>("--threads") { Description = "Worker threads for in-process references (default: one per core)." }.Threads();
        var all = new Option<bool>("--all") { Description = "Show every input of a difference, not only the true ones." };
        var list = new Option<bool>("--list-references") { Description = "List the references and exit." };
        var command = new Command("equiv", "Compare a model with a reference (handwritten code, any program, another model) on a domain; exit 0 when equivalent, 1 when they differ, 3 when unknown.")
        {
            model, reference, domain, backend, timeout, format, output, maxCounterexamples, maxInputs, threads, all, list,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(list))
            {
                EquivalenceRunner.ListReferences(writer);
                return (int)ExitCode.Success;
            }
            string? modelPath = parse.GetValue(model), referenceText = parse.GetValue(reference);
            if (modelPath is null || referenceText is null)
            {
                error.WriteLine("error: equiv needs a MODEL and --reference REF");
                error.WriteLine("Run 'bnnverify equiv --help' for usage.");
                return (int)ExitCode.InvalidInput;
            }
            var settings = new EquivalenceSettings(modelPath, referenceText, parse.GetValue(domain), parse.GetValue(backend)!, parse.GetValue(format)!,
                parse.GetValue(output), parse.GetValue(timeout), parse.GetValue(maxCounterexamples), parse.GetValue(maxInputs), parse.GetValue(threads), parse.GetValue(all));
            return (int)EquivalenceRunner.Run(settings, writer, error);
        });
        return command;
    }
}
