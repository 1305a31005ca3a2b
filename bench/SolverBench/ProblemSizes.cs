using System.Diagnostics;
using BnnVerify.Bnn.Model;
using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.SolverBench;

/// <summary>Counts what an encoding produces without storing it (a 784-input model's totalizer runs to 10⁸ clauses).</summary>
internal sealed class CountingSink : IClauseSink
{
    public long Variables { get; private set; }
    public long Clauses { get; private set; }

    public CountingSink(long variables) => Variables = variables;

    public int NewVariable() => checked((int)Variables++);

    public void AddClause(ReadOnlySpan<Lit> literals) => Clauses++;
}

/// <summary>Measures a contract's violation problem: the IR, and the CNF every cardinality encoding makes of it.</summary>
internal static class ProblemSizes
{
    public static ProblemSize Measure(BnnModel model, ElaboratedContract contract)
    {
        var clock = Stopwatch.StartNew();
        var problem = ContractEncoder.Encode(model, contract);
        clock.Stop();
        var builder = problem.Builder;
        long literals = 0;
        foreach (var gate in builder.CardinalityGates)
            literals += gate.Literals.Length;
        var cnf = new Dictionary<string, long[]>();
        foreach (var encoding in Enum.GetValues<CardinalityEncoding>())
        {
            var sink = new CountingSink(builder.VariableCount);
            foreach (var gate in builder.CardinalityGates)
                ReifiedCardinality.Encode(sink, gate.Literals.AsSpan(), gate.AtLeast, gate.Output, encoding);
            cnf[encoding.ToShortName()] = [sink.Variables, builder.Clauses.Count + sink.Clauses];
        }
        return new ProblemSize
        {
            Variables = builder.VariableCount,
            Clauses = builder.Clauses.Count,
            CardinalityConstraints = builder.CardinalityGates.Count,
            CardinalityLiterals = literals,
            EncodeSeconds = clock.Elapsed.TotalSeconds,
            TriviallyUnsatisfiable = builder.IsTriviallyUnsatisfiable,
            Cnf = cnf,
        };
    }
}
