using System.Collections.Immutable;
using System.CommandLine;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Engine;
using BnnVerify.Encoding.ProblemFiles;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Cli;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Reports;

namespace BnnVerify.Verifier.Commands;

/// <summary>
/// <c>bnnverify decode EXPORT.map.json SOLVER-OUTPUT [--output CEX.json]</c>: turns another solver's model of an
/// exported problem into a counterexample file that <c>replay</c> reads, after checking on the reference engine that
/// the input really violates the contract. Exit 0 when it wrote the file, 2 when there is nothing to decode.
/// </summary>
internal static class DecodeCommand
{
    /// <summary>The solver found no model (UNSATISFIABLE: the contract holds) or gave up.</summary>
    public const string NoModelId = "BNN0964";

    /// <summary>The decoded input does not violate the contract on the reference engine.</summary>
    public const string NotACounterexampleId = "BNN0966";

    /// <summary>The map's inputs do not match the model's.</summary>
    public const string InputMismatchId = "BNN0967";

    public static Command Create()
    {
        var map = new Argument<string>("MAP") { Description = "The variable map 'bnnverify export' wrote beside the problem (FILE.map.json)." };
        var answer = new Argument<string>("SOLVER-OUTPUT") { Description = "What the solver printed or wrote: SAT-competition 's'/'v' lines, MiniSat's result file, PB-competition output (OPB), or z3's/cvc5's (check-sat)(get-model) answer." };
        var output = new Option<string?>("--output", "-o") { Description = "The counterexample file to write (default: SOLVER-OUTPUT.cex.json)." };
        var command = new Command("decode", "Turn a solver's model of an exported problem into a counterexample file for 'bnnverify replay'.") { map, answer, output };
        command.SetAction(parse => (int)Run(parse.GetValue(map)!, parse.GetValue(answer)!, parse.GetValue(output),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static ExitCode Run(string mapPath, string answerPath, string? outputPath, TextWriter output, TextWriter error)
    {
        var (map, mapProblem) = VariableMapFile.Read(mapPath);
        if (map is null)
            return Fail(error, mapProblem!);
        SolverAnswer answer;
        try
        {
            answer = SolverAnswerReader.Read(answerPath);
        }
        catch (DiagnosticException e)
        {
            return Fail(error, e.Diagnostic);
        }
        if (answer.Status != SolverAnswerStatus.Satisfiable)
        {
            string what = answer.Status == SolverAnswerStatus.Unsatisfiable
                ? $"the solver answered unsatisfiable: contract '{map.Contract}' holds, so there is no counterexample to decode"
                : "the solver gave up (unknown): there is no model to decode";
            return Fail(error, Diagnostic.Error(NoModelId, SourceLocation.OfFile(answerPath), what));
        }

        var model = ModelFiles.Load(map.ModelPath, error);
        if (model is null)
            return ExitCode.InvalidInput;
        if (NamedContract.Load(map.SpecPath, model, map.Contract, mapPath, error) is not { Spec: var spec, Contract: var contract })
            return ExitCode.InvalidInput;

        // The map names every input of the model it was exported from; a different model cannot be decoded with it.
        var byName = map.Inputs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var inputs = new bool[model.InputCount];
        int unassigned = 0;
        for (int i = 0; i < model.InputCount; i++)
        {
            if (!byName.TryGetValue(model.InputNames[i], out int variable))
            {
                return Fail(error, Diagnostic.Error(InputMismatchId, SourceLocation.OfFile(mapPath),
                    $"the map has no variable for input '{model.InputNames[i]}' of model '{model.Name}': it was exported from another model"));
            }
            // A solver may leave out a variable no constraint needs; any value satisfies the problem, so false.
            if (answer.Values.TryGetValue(variable, out bool value))
                inputs[i] = value;
            else
                unassigned++;
        }
        if (byName.Count != model.InputCount)
        {
            string extra = byName.Keys.First(name => model.IndexOfInput(name) < 0);
            return Fail(error, Diagnostic.Error(InputMismatchId, SourceLocation.OfFile(mapPath),
                $"the map gives input '{extra}', which model '{model.Name}' does not have: it was exported from another model"));
        }

        var counterexample = Violation(PackedNetwork.Compile(model), contract, inputs);
        if (counterexample is null)
        {
            return Fail(error, Diagnostic.Error(NotACounterexampleId, SourceLocation.OfFile(answerPath),
                $"the decoded input does not violate contract '{contract.Name}' on the reference engine: the solver output belongs to another problem, or the solver is wrong"));
        }
        string target = outputPath ?? answerPath + ".cex.json";
        try
        {
            CounterexampleFile.Write(target, map.ModelPath, map.SpecPath, contract.Name, model, counterexample);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{target}: error: cannot write the counterexample: {e.Message}");
            return ExitCode.InvalidInput;
        }
        string form = answer.Form switch
        {
            SolverAnswerForm.MiniSatResult => "MiniSat result file",
            SolverAnswerForm.SmtModel => "SMT-LIB model",
            _ => "competition output",
        };
        output.WriteLine($"decoded {answerPath} ({form}) with {mapPath}: a counterexample to contract {contract.Name} ({contract.Location}), replayed on the reference engine");
        if (unassigned > 0)
            output.WriteLine($"  {unassigned} input{(unassigned == 1 ? " was" : "s were")} left out by the solver and taken as false");
        CounterexampleText.Write(output, model, spec.Render, counterexample, allInputs: false, "  ");
        output.WriteLine($"wrote {target}; replay it with: bnnverify replay {map.ModelPath} {target}");
        return ExitCode.Success;
    }

    /// <summary>The counterexample <paramref name="inputs"/> make, or null when they satisfy the precondition's negation or every postcondition.</summary>
    private static Counterexample? Violation(PackedNetwork network, ElaboratedContract contract, bool[] inputs)
    {
        var assignment = new Assignment(network.InputCount, network.OutputCount);
        PackedBits.Pack(inputs, assignment.InputBits);
        var workspace = network.CreateWorkspace();
        network.Evaluate(assignment.InputBits, workspace);
        assignment.SetOutput(workspace);
        if (!contract.Precondition.Evaluate(assignment))
            return null;
        var failed = contract.Ensures.Where(c => !c.Formula.Evaluate(assignment)).ToImmutableArray();
        return failed.IsEmpty ? null : new Counterexample([.. inputs], workspace.ToOutput(), failed);
    }

    private static ExitCode Fail(TextWriter error, Diagnostic diagnostic)
    {
        error.WriteLine(diagnostic.ToString());
        return ExitCode.InvalidInput;
    }
}
