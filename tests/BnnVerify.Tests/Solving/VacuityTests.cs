using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Tests.Solving;

/// <summary>
/// A contract whose preconditions no input satisfies is VACUOUS on every backend, as under exhaustive checking,
/// whether the simplifier or a solve refutes "precondition ∧ ¬postcondition"; a contract that holds stays HOLDS.
/// </summary>
public sealed class VacuityTests : IDisposable
{
    private const string Spec = """
        // Unsatisfiable, but only a solver sees it: every assignment of x0, x1 falsifies one clause.
        contract needs_a_solve {
          requires (x0 || x1) && (x0 || !x1) && (!x0 || x1) && (!x0 || !x1)
          ensures y
        }
        // Unsatisfiable by constant propagation.
        contract simplified {
          requires x0 && !x0
          ensures y
        }
        // Satisfiable, and it holds: xor is true when exactly one input is.
        contract holds {
          requires x0 != x1
          ensures y
        }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bnnverify-vacuity-" + Guid.NewGuid().ToString("N"));

    public VacuityTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Backends()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _, _, _) in SolvingBackends.All())
            data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Every_backend_reports_an_unsatisfiable_precondition_as_vacuous(string backend)
    {
        var model = ModelReader.ReadFile("models/xor.json").Model!;
        string path = Path.Combine(_folder, "vacuous.contract");
        File.WriteAllText(path, Spec);
        var spec = SpecLoader.Load(path, model).Spec!;
        var checker = CheckerFactory.Create(backend, PackedNetwork.Compile(model), new ExhaustiveOptions(16, 1), out string? error);
        Assert.True(checker is not null, error);
        var verdicts = spec.Contracts.ToDictionary(c => c.Name, c => checker.Check(c, null, CancellationToken.None));

        Assert.True(verdicts["needs_a_solve"].Verdict == Verdict.Vacuous, $"{backend}: {verdicts["needs_a_solve"].Verdict} by {verdicts["needs_a_solve"].Backend} ({verdicts["needs_a_solve"].Reason})");
        Assert.Equal(0, verdicts["needs_a_solve"].InputsInScope);
        Assert.True(verdicts["simplified"].Verdict == Verdict.Vacuous, $"{backend}: {verdicts["simplified"].Verdict} by {verdicts["simplified"].Backend}");
        Assert.True(verdicts["holds"].Verdict == Verdict.Holds, $"{backend}: {verdicts["holds"].Verdict} by {verdicts["holds"].Backend} ({verdicts["holds"].Reason})");
        if (backend != "auto")
        {
            // The row's solver decided (auto leaves a scope of four inputs to exhaustive checking).
            Assert.Equal(SolvingBackends.SolverNameOf(backend), verdicts["needs_a_solve"].Backend);
        }
    }
}
