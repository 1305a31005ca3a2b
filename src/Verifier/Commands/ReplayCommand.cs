using System.CommandLine;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;
using BnnVerify.Verifier.Inputs;
using BnnVerify.Verifier.Reports;

namespace BnnVerify.Verifier.Commands;

/// <summary>
/// <c>bnnverify replay MODEL CEX.json</c>: re-evaluates a saved counterexample on the reference engine,
/// shows the per-layer trace, and re-checks each clause of its contract. Exits 1 when the input still
/// violates the contract, 0 when it no longer does.
/// </summary>
internal static class ReplayCommand
{
    /// <summary>The counterexample does not fit the model (unknown or missing inputs).</summary>
    public const string MismatchId = "BNN0401";

    /// <summary>The spec the counterexample file names does not exist (and no --spec was given).</summary>
    public const string SpecNotFoundId = "BNN0961";

    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The model file (it may be a newer model than the one the counterexample was found on)." };
        var counterexample = new Argument<string>("CEX") { Description = "A counterexample file written by 'bnnverify check --save-counterexamples'." };
        var spec = new Option<string?>("--spec", "-s") { Description = "The spec to take the contract from, instead of the one the counterexample file names (which is found relative to the file)." };
        var command = new Command("replay", "Replay a saved counterexample on the reference engine: trace, output, and every clause of its contract.") { model, counterexample, spec };
        command.SetAction(parse => (int)Run(parse.GetValue(model)!, parse.GetValue(counterexample)!, parse.GetValue(spec), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static ExitCode Run(string modelPath, string counterexamplePath, string? specOverride, TextWriter output, TextWriter error)
    {
        var model = ModelFiles.Load(modelPath, error);
        if (model is null)
            return ExitCode.InvalidInput;
        var (saved, problem) = CounterexampleFile.Read(counterexamplePath);
        if (saved is null)
        {
            error.WriteLine(problem!.ToString());
            return ExitCode.InvalidInput;
        }
        if (specOverride is not null)
        {
            saved = saved with { SpecPath = specOverride };
        }
        else if (!File.Exists(saved.SpecPath))
        {
            error.WriteLine(Diagnostic.Error(SpecNotFoundId, SourceLocation.OfFile(counterexamplePath),
                $"the spec '{saved.SpecPath}' the counterexample names does not exist; give the spec with --spec SPEC"));
            return ExitCode.InvalidInput;
        }
        var inputs = InputsFor(model, saved, counterexamplePath, error);
        if (inputs is null)
            return ExitCode.InvalidInput;
        if (NamedContract.Load(saved.SpecPath, model, saved.Contract, counterexamplePath, error) is not { Spec: var spec, Contract: var contract })
            return ExitCode.InvalidInput;

        var network = PackedNetwork.Compile(model);
        var trace = network.Trace(inputs);
        var assignment = new Assignment(model.InputCount, network.OutputCount);
        PackedBits.Pack(inputs, assignment.InputBits);
        var workspace = network.CreateWorkspace();
        network.Evaluate(assignment.InputBits, workspace);
        assignment.SetOutput(workspace);

        output.WriteLine($"replaying {counterexamplePath} on {modelPath}, contract {contract.Name} ({saved.SpecPath})");
        output.WriteLine(CounterexampleText.Inputs(model, inputs, all: false));
        if (spec.Render is { } render)
        {
            foreach (var line in CounterexampleText.Picture(render, inputs, CounterexampleText.PlayedCell(model, render, trace.Output)))
                output.WriteLine("  " + line);
        }
        LayerTraceText.Write(model, trace, output);
        output.WriteLine(CounterexampleText.Output(model, trace.Output));
        bool preconditionHolds = true, postconditionHolds = true;
        foreach (var clause in contract.Requires.Concat(contract.Ensures))
        {
            bool value = clause.Formula.Evaluate(assignment);
            string keyword = clause.Kind == ClauseKind.Requires ? "requires" : "ensures ";
            output.WriteLine($"{keyword} {clause.Text}: {(value ? "true" : "FALSE")}   ({clause.Location})");
            if (clause.Kind == ClauseKind.Requires)
                preconditionHolds &= value;
            else
                postconditionHolds &= value;
        }
        if (preconditionHolds && !postconditionHolds)
        {
            output.WriteLine($"the input violates contract {contract.Name}");
            return ExitCode.Violated;
        }
        output.WriteLine(preconditionHolds
            ? $"the input satisfies contract {contract.Name}: it is no longer a counterexample"
            : $"the input does not satisfy the preconditions of contract {contract.Name}: it is no longer a counterexample");
        return ExitCode.Success;
    }

    private static bool[]? InputsFor(BnnModel model, SavedCounterexample saved, string path, TextWriter error)
    {
        foreach (var name in saved.Inputs.Keys.Order(StringComparer.Ordinal))
        {
            if (model.IndexOfInput(name) < 0)
            {
                error.WriteLine(Diagnostic.Error(MismatchId, SourceLocation.OfFile(path),
                    $"the counterexample gives input '{name}', which model '{model.Name}' does not have{NameSuggestions.DidYouMean(name, model.InputNames)}"));
                return null;
            }
        }
        var inputs = new bool[model.InputCount];
        for (int i = 0; i < model.InputCount; i++)
        {
            if (!saved.Inputs.TryGetValue(model.InputNames[i], out inputs[i]))
            {
                error.WriteLine(Diagnostic.Error(MismatchId, SourceLocation.OfFile(path), $"the counterexample does not give input '{model.InputNames[i]}' of model '{model.Name}'"));
                return null;
            }
        }
        return inputs;
    }
}
