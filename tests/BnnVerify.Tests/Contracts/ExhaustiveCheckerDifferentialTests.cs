using System.Globalization;
using BnnVerify.Bnn.Engine;
using BnnVerify.Tests.Bnn;
using BnnVerify.Tests.Contracts.Reference;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Contracts;

/// <summary>
/// The most important test of the contract language: random small models and random contracts written
/// as spec text, elaborated by <see cref="SpecLoader"/> and decided by <see cref="ExhaustiveChecker"/>,
/// against an interpreter written in the tests (<see cref="RefNode"/>: quantifiers, predicates and
/// constants evaluated on the fly) over a naive loop of all 2ⁿ inputs with <see cref="NaiveEvaluator"/>
/// outputs. It shares nothing with the production code but the spec text and the model object.
/// </summary>
public sealed class ExhaustiveCheckerDifferentialTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bnnverify-differential-" + Guid.NewGuid().ToString("N"));
    private int _caseNumber;

    public ExhaustiveCheckerDifferentialTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Gen<DifferentialCase> Cases() =>
        from shape in ModelShape.Generate()
        from spec in ContractGenerators.Specs(shape)
        from maxCounterexamples in Gen.Frequency((3, Gen.Choose(0, 3)), (1, Gen.Constant(1 << 20)))
        from maxInputs in Gen.Frequency((5, Gen.Constant(ExhaustiveOptions.DefaultMaxInputs)), (1, Gen.Choose(0, 40).Select(i => (long)i)))
        select new DifferentialCase(shape, spec, maxCounterexamples, maxInputs);

    [Fact]
    public void Exhaustive_checking_agrees_with_an_independent_interpreter_on_random_contracts()
    {
        Prop.ForAll(Arb.From(Cases()), Check).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    private void Check(DifferentialCase c)
    {
        var model = c.Shape.Model;
        var (loaded, specPath) = Load(c);
        Assert.True(loaded.Succeeded, $"the generated spec does not load: {string.Join("; ", loaded.Diagnostics)}");
        Assert.All(loaded.Diagnostics, d => Assert.Contains(d.Id, new[] { ContractDiagnosticIds.UnusedDeclaration, ContractDiagnosticIds.ConstantClause }));
        var spec = loaded.Spec!;
        var contracts = c.Spec.ContractsInFileOrder;
        Assert.Equal(contracts.Select(k => k.Name), spec.Contracts.Select(k => k.Name));
        Assert.Equal(specPath, spec.Path);

        var points = AllPoints(c.Shape);
        var network = PackedNetwork.Compile(model);
        var single = new ExhaustiveChecker(network, new ExhaustiveOptions(c.MaxInputs, c.MaxCounterexamples, Threads: 1));
        var parallel = new ExhaustiveChecker(network, new ExhaustiveOptions(c.MaxInputs, c.MaxCounterexamples));
        for (int k = 0; k < spec.Contracts.Length; k++)
        {
            var expected = contracts[k];
            var contract = spec.Contracts[k];
            Assert.Equal(expected.Requires.Count, contract.Requires.Length);
            Assert.Equal(expected.Ensures.Count, contract.Ensures.Length);
            // Clause by clause on every input up to 2^10 (a spread sample of 1024 beyond); verdicts and counts below use all.
            var sample = points.Length <= 1024 ? points : [.. points.Where((_, m) => m % (points.Length / 1024) == 0)];
            ClausesAgreeEverywhere(expected, contract, sample, network);
            PartialEvaluationIsSound(expected, contract, points, k);

            // The reference verdict, counted over every input.
            long inScope = 0;
            var violating = new Dictionary<string, bool[]>(StringComparer.Ordinal);
            foreach (var point in points)
            {
                if (!expected.Requires.All(r => r.Eval(point, null)))
                    continue;
                inScope++;
                var failed = expected.Ensures.Select(e => !e.Eval(point, null)).ToArray();
                if (failed.Any(f => f))
                    violating.Add(Key(point.Inputs), failed);
            }

            var first = single.Check(contract, null, CancellationToken.None);
            var second = parallel.Check(contract, null, CancellationToken.None);
            foreach (var result in new[] { first, second })
                AgreesWithReference(result, contract, inScope, violating, c, points);
            // The counterexamples do not depend on the number of threads.
            Assert.Equal(first.Counterexamples.Select(x => Key(x.Inputs)), second.Counterexamples.Select(x => Key(x.Inputs)));
        }
    }

    private (SpecLoadResult Result, string Path) Load(DifferentialCase c)
    {
        string folder = Path.Combine(_folder, (++_caseNumber).ToString(CultureInfo.InvariantCulture));
        string path = c.WriteSpec(folder);
        try
        {
            return (SpecLoader.Load(path, c.Shape.Model), path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AgreesWithReference(ContractResult result, ElaboratedContract contract, long inScope, Dictionary<string, bool[]> violating,
        DifferentialCase c, Point[] points)
    {
        string where = $"contract {contract.Name}: ";
        Assert.Equal(ExhaustiveChecker.BackendName, result.Backend);
        if (inScope > c.MaxInputs)
        {
            Assert.True(result.Verdict == Verdict.Unknown, $"{where}{inScope} inputs in scope, bound {c.MaxInputs}: expected unknown, got {result.Verdict}");
            Assert.NotNull(result.Reason);
            Assert.Null(result.InputsInScope);
            Assert.Empty(result.Counterexamples);
            return;
        }
        var verdict = inScope == 0 ? Verdict.Vacuous : violating.Count == 0 ? Verdict.Holds : Verdict.Violated;
        Assert.True(verdict == result.Verdict, $"{where}expected {verdict}, got {result.Verdict} ({result.Reason})");
        Assert.True(inScope == result.InputsInScope, $"{where}expected {inScope} inputs in scope, got {result.InputsInScope}");
        if (verdict == Verdict.Vacuous)
        {
            Assert.Empty(result.Counterexamples);
            return;
        }
        Assert.Equal(inScope, result.InputsChecked);
        Assert.True(violating.Count == result.Violations, $"{where}expected {violating.Count} violations, got {result.Violations}");
        Assert.Null(result.Reason);
        Assert.Equal(Math.Min(c.MaxCounterexamples, violating.Count), result.Counterexamples.Length);
        Assert.Equal(result.Counterexamples.Length, result.Counterexamples.Select(x => Key(x.Inputs)).Distinct().Count());
        foreach (var counterexample in result.Counterexamples)
        {
            string key = Key(counterexample.Inputs);
            Assert.True(violating.TryGetValue(key, out var failed), $"{where}the counterexample {key} satisfies the contract under the reference");
            // The failed clauses are exactly those the reference finds false, in clause order.
            var expectedFailed = contract.Ensures.Where((_, i) => failed![i]).ToList();
            Assert.Equal(expectedFailed, counterexample.FailedClauses);
            var point = points[Index(counterexample.Inputs)];
            Assert.Equal(point.Class, counterexample.Output.Class);
            Assert.Equal(point.Scores, counterexample.Output.Scores.Select(s => (long)s));
            Assert.Equal(point.Bits, counterexample.Output.Bits);
        }
    }

    // Each elaborated clause, evaluated by the production formula, equals the reference on every input.
    private static void ClausesAgreeEverywhere(RefContract expected, ElaboratedContract contract, Point[] points, PackedNetwork network)
    {
        var clauses = expected.Requires.Zip(contract.Requires).Concat(expected.Ensures.Zip(contract.Ensures)).ToList();
        var assignment = new Assignment(network.InputCount, network.OutputCount);
        foreach (var point in points)
        {
            Fill(assignment, point);
            foreach (var (reference, clause) in clauses)
            {
                bool want = reference.Eval(point, null);
                bool got = clause.Formula.Evaluate(assignment);
                Assert.True(want == got, $"the clause '{clause.Text}' ({clause.Location}) is {got} on input {Key(point.Inputs)}; the reference says {want}");
            }
        }
    }

    // Three-valued evaluation of the preconditions, which the search prunes with, never claims what some completion contradicts.
    private static void PartialEvaluationIsSound(RefContract expected, ElaboratedContract contract, Point[] points, int seed)
    {
        int n = points[0].Inputs.Length;
        var random = new Random(seed * 7919 + points.Length);
        var formulas = contract.Requires.Select(r => r.Formula).Append(contract.Precondition).ToList();
        var references = expected.Requires.Select(r => (Func<Point, bool>)(p => r.Eval(p, null)))
            .Append(p => expected.Requires.All(r => r.Eval(p, null))).ToList();
        var partial = new sbyte[n];
        for (int trial = 0; trial < 6; trial++)
        {
            for (int i = 0; i < n; i++)
                partial[i] = (sbyte)random.Next(-1, 2);
            var completions = points.Where(p => Completes(p.Inputs, partial)).ToList();
            for (int f = 0; f < formulas.Count; f++)
            {
                var truth = formulas[f].EvaluatePartially(partial);
                if (truth == Truth.Unknown)
                    continue;
                var contradicting = completions.FirstOrDefault(p => references[f](p) != (truth == Truth.True));
                Assert.True(contradicting is null,
                    $"precondition {f} of {contract.Name} is {truth} under the partial assignment {string.Join("", partial.Select(v => v < 0 ? '?' : (char)('0' + v)))}, "
                    + $"but the reference says {truth != Truth.True} on its completion {Key(contradicting?.Inputs ?? [])}");
            }
        }
    }

    private static bool Completes(bool[] inputs, sbyte[] partial)
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            if (partial[i] >= 0 && (partial[i] == 1) != inputs[i])
                return false;
        }
        return true;
    }

    private static void Fill(Assignment assignment, Point point)
    {
        PackedBits.Pack(point.Inputs, assignment.InputBits);
        assignment.Class = point.Class;
        for (int j = 0; j < point.Scores.Length; j++)
            assignment.Scores[j] = checked((int)point.Scores[j]);
        if (point.Bits.Length > 0)
            PackedBits.Pack(point.Bits, assignment.OutputBits);
    }

    private static Point[] AllPoints(ModelShape shape)
    {
        int n = shape.InputCount;
        var points = new Point[1 << n];
        for (int m = 0; m < points.Length; m++)
        {
            var inputs = new bool[n];
            for (int i = 0; i < n; i++)
                inputs[i] = ((m >> i) & 1) == 1;
            points[m] = DifferentialCase.ReferencePoint(shape.Model, inputs);
        }
        return points;
    }

    private static int Index(IReadOnlyList<bool> inputs)
    {
        int m = 0;
        for (int i = 0; i < inputs.Count; i++)
            m |= inputs[i] ? 1 << i : 0;
        return m;
    }

    private static string Key(IEnumerable<bool> inputs) => DifferentialCase.Key(inputs);
}
