using System.Collections.Immutable;
using System.Diagnostics;
using BnnVerify.Bnn.Engine;
using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Circuit;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Equivalence;

/// <summary>
/// Compares two networks symbolically: both are encoded over one set of input variables (the reference's inputs are
/// the network's, permuted by name), and the solver is asked for an input of the domain on which their outputs differ
/// — a miter. Unsatisfiable proves the two equivalent on the whole domain; a model is a difference, replayed on both
/// reference engines before it is reported. Each argmax keeps its own tie rule (<see cref="EncodedNetwork.ClassIs"/>).
/// </summary>
internal static class MiterEquivalence
{
    /// <summary>The miter's constraints: satisfiable exactly when some input of <paramref name="domain"/> makes the two outputs differ.</summary>
    public static ConstraintBuilder Encode(PackedNetwork network, ModelReference reference, Formula domain)
    {
        var model = network.Model;
        var fixedInputs = ContractEncoder.FixedInputs(domain);
        var builder = new ConstraintBuilder(model.InputCount);
        var inputs = Enumerable.Range(0, model.InputCount)
            .Select(i => fixedInputs.TryGetValue(i, out bool value) ? Bit.Constant(value) : builder.Input(i))
            .ToList();
        foreach (var (index, value) in fixedInputs)
            builder.Assert(value ? builder.Input(index) : !builder.Input(index));
        var limits = ContractEncoder.CountLimits(domain);
        var left = NetworkEncoder.Encode(builder, model, inputs, limits);
        var otherInputs = Enumerable.Range(0, reference.Network.InputCount).Select(j => inputs[reference.InputFromModel?[j] ?? j]).ToList();
        // The count limits name inputs by the network's positions; they apply to the reference only when the orders agree.
        var right = NetworkEncoder.Encode(builder, reference.Network.Model, otherInputs, reference.InputFromModel is null ? limits : []);
        builder.Assert(ContractEncoder.Translate(builder, left, domain));

        var differs = new List<Bit>();
        for (int j = 0; j < reference.OutputToModel.Count; j++)
        {
            int mine = reference.OutputToModel[j];
            var (a, b) = network.IsArgmax ? (left.ClassIs(mine), right.ClassIs(j)) : (left.OutputBits[mine], right.OutputBits[j]);
            differs.Add(builder.Xor(a, b));
        }
        builder.Assert(builder.Or(differs));
        return builder;
    }

    /// <summary>Decides equivalence on <paramref name="domain"/> with the backend called <paramref name="backendName"/>.</summary>
    public static EquivalenceResult Compare(PackedNetwork network, ModelReference reference, Formula domain, string backendName, Func<ISatBackend> createBackend, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        ConstraintBuilder builder;
        try
        {
            builder = Encode(network, reference, domain);
        }
        catch (NotSupportedException e)
        {
            return Unknown(clock, backendName, $"cannot encode the miter: {e.Message}");
        }
        if (builder.IsTriviallyUnsatisfiable)
            return Proved(clock, "simplifier");
        ISatBackend backend;
        try
        {
            backend = createBackend();
        }
        catch (BackendUnavailableException e)
        {
            return Unknown(clock, backendName, e.Message);
        }
        using (backend)
        {
            try
            {
                builder.LoadInto(backend, cancellation: cancellation);
            }
            catch (NotSupportedException e)
            {
                return Unknown(clock, backend.Name, e.Message);
            }
            // LoadInto stopped early: the backend holds part of the miter, whose models prove nothing.
            if (cancellation.IsCancellationRequested)
                return Unknown(clock, backend.Name, "interrupted before the solver answered");
            var answer = backend.Solve([], null, cancellation);
            switch (answer)
            {
                case SolveResult.Unsatisfiable:
                    return Proved(clock, backend.Name);
                case SolveResult.Unknown unknown:
                    return Unknown(clock, backend.Name, cancellation.IsCancellationRequested ? "interrupted before the solver answered" : unknown.Reason);
            }
            var inputs = new bool[network.InputCount];
            Array.Copy(((SolveResult.Satisfiable)answer).Model, inputs, inputs.Length);
            var difference = Replay(network, reference, domain, inputs, backend.Name);
            return new EquivalenceResult(EquivalenceVerdict.Differ, EquivalenceResult.Miter, backend.Name, [difference], clock.Elapsed) { InputsChecked = 1 };
        }
    }

    /// <summary>Re-evaluates a solver's difference on both engines; a model that is no difference is a bug, never a report.</summary>
    private static Difference Replay(PackedNetwork network, ModelReference reference, Formula domain, bool[] inputs, string backendName)
    {
        var assignment = new Assignment(network.InputCount, network.OutputCount);
        PackedBits.Pack(inputs, assignment.InputBits);
        var packed = network.PackInput(inputs);
        var results = new ulong[1];
        network.EvaluateBatch(packed, 1, results, network.CreateBatchWorkspace(1));
        var answers = new ulong[1];
        reference.Answer(packed, 1, answers, isLast: true, CancellationToken.None);
        bool inDomain = domain.Evaluate(assignment);
        if (!inDomain || results[0] == answers[0])
        {
            string what = !inDomain ? "is outside the domain" : "gives both networks the same output";
            throw new SolverReplayMismatchException(
                $"backend {backendName} reported an input on which the two networks differ that, replayed on the reference engines, {what}. "
                + "The difference was not reported. This is a bug in bnnverify's encoding or in the solver; please report it with both models and the backend name.");
        }
        return new Difference([.. inputs], network.Evaluate(inputs), answers[0], reference.Explain(inputs));
    }

    private static EquivalenceResult Proved(Stopwatch clock, string backend) =>
        new(EquivalenceVerdict.Equivalent, EquivalenceResult.Miter, backend, ImmutableArray<Difference>.Empty, clock.Elapsed);

    private static EquivalenceResult Unknown(Stopwatch clock, string backend, string reason) =>
        new(EquivalenceVerdict.Unknown, EquivalenceResult.Miter, backend, ImmutableArray<Difference>.Empty, clock.Elapsed) { Reason = reason };
}
