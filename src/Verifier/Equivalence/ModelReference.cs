using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Verifier.Equivalence;

/// <summary>
/// Another network as the reference (<c>model:OTHER.json</c>): same input names and same output names as the
/// network under comparison, in any order. Inputs are permuted into its order, its output back into the
/// network's; its argmax ties follow its own tie rule.
/// </summary>
internal sealed class ModelReference : IEquivalenceReference
{
    /// <summary>The prefix of this reference's name.</summary>
    public const string Prefix = "model:";

    private readonly int[]? _inputFromModel;
    private readonly int[] _outputToModel;
    private readonly bool _isArgmax;
    private readonly ThreadLocal<(BatchWorkspace Batch, ulong[] Permuted, ulong[] Results)> _workspaces;

    private ModelReference(string name, PackedNetwork network, int[]? inputFromModel, int[] outputToModel)
    {
        Name = name;
        Network = network;
        _inputFromModel = inputFromModel;
        _outputToModel = outputToModel;
        _isArgmax = network.IsArgmax;
        _workspaces = new(() => (network.CreateBatchWorkspace(PreferredBatchSize), new ulong[PreferredBatchSize * network.InputWords], new ulong[PreferredBatchSize]));
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The reference network's engine.</summary>
    public PackedNetwork Network { get; }

    /// <summary>For each of the reference's inputs, the index of the same-named input of the network (null when the orders agree).</summary>
    public IReadOnlyList<int>? InputFromModel => _inputFromModel;

    /// <summary>For each of the reference's classes or bits, the index of the same-named one of the network.</summary>
    public IReadOnlyList<int> OutputToModel => _outputToModel;

    /// <inheritdoc/>
    public bool IsThreadSafe => true;

    /// <inheritdoc/>
    public int PreferredBatchSize => 256;

    /// <summary>
    /// Pairs <paramref name="other"/> with <paramref name="model"/> by names, or returns null with a message saying which
    /// name one has and the other lacks (or why the outputs are of different kinds).
    /// </summary>
    public static ModelReference? Create(string name, BnnModel model, BnnModel other, out string? problem)
    {
        problem = null;
        var inputs = Index(model.InputNames);
        var otherInputs = Index(other.InputNames);
        if (FirstMissing(model.InputNames, otherInputs) is { } missingInput)
        {
            problem = $"the models' inputs differ: '{missingInput}' is an input of the model but not of the reference {name}";
            return null;
        }
        if (FirstMissing(other.InputNames, inputs) is { } extraInput)
        {
            problem = $"the models' inputs differ: '{extraInput}' is an input of the reference {name} but not of the model";
            return null;
        }
        if ((model.Output is ArgmaxOutput) != (other.Output is ArgmaxOutput))
        {
            string Kind(BnnModel m) => m.Output is ArgmaxOutput ? "an argmax over classes" : "named bits";
            problem = $"the models' outputs differ: the model's output is {Kind(model)}, the reference {name}'s is {Kind(other)}";
            return null;
        }
        var outputs = Index(model.Output.Names);
        var otherOutputs = Index(other.Output.Names);
        if (FirstMissing(model.Output.Names, otherOutputs) is { } missingOutput)
        {
            problem = $"the models' outputs differ: '{missingOutput}' is an output of the model but not of the reference {name}";
            return null;
        }
        if (FirstMissing(other.Output.Names, outputs) is { } extraOutput)
        {
            problem = $"the models' outputs differ: '{extraOutput}' is an output of the reference {name} but not of the model";
            return null;
        }
        var inputFromModel = other.InputNames.Select(n => inputs[n]).ToArray();
        bool sameOrder = inputFromModel.Select((m, j) => m == j).All(b => b);
        var outputToModel = other.Output.Names.Select(n => outputs[n]).ToArray();
        return new ModelReference(name, PackedNetwork.Compile(other), sameOrder ? null : inputFromModel, outputToModel);
    }

    /// <inheritdoc/>
    public void Answer(ReadOnlySpan<ulong> inputs, int count, Span<ulong> answers, bool isLast, CancellationToken cancellation)
    {
        var (batch, permuted, results) = _workspaces.Value;
        int words = Network.InputWords;
        for (int start = 0; start < count; start += PreferredBatchSize)
        {
            int n = Math.Min(PreferredBatchSize, count - start);
            ReadOnlySpan<ulong> own = inputs.Slice(start * words, n * words);
            if (_inputFromModel is not null)
            {
                Array.Clear(permuted);
                for (int item = 0; item < n; item++)
                {
                    var from = own.Slice(item * words, words);
                    var to = permuted.AsSpan(item * words, words);
                    for (int j = 0; j < _inputFromModel.Length; j++)
                    {
                        int i = _inputFromModel[j];
                        if (((from[i >> 6] >> (i & 63)) & 1) != 0)
                            to[j >> 6] |= 1UL << (j & 63);
                    }
                }
                own = permuted.AsSpan(0, n * words);
            }
            Network.EvaluateBatch(own, n, results, batch);
            for (int item = 0; item < n; item++)
                answers[start + item] = ToModel(results[item]);
        }
    }

    /// <summary>The reference's output on <paramref name="inputs"/> (the network's input order), with its scores, in its own class order.</summary>
    public NetworkOutput? Explain(ReadOnlySpan<bool> inputs) => Network.Evaluate(Permute(inputs));

    /// <summary>The reference's inputs for the network's <paramref name="inputs"/>.</summary>
    public bool[] Permute(ReadOnlySpan<bool> inputs)
    {
        var own = new bool[Network.InputCount];
        for (int j = 0; j < own.Length; j++)
            own[j] = inputs[_inputFromModel?[j] ?? j];
        return own;
    }

    /// <summary>A result word of the reference engine (its class index, or its bits) in the network's output space.</summary>
    public ulong ToModel(ulong result)
    {
        if (_isArgmax)
            return (ulong)_outputToModel[(int)result];
        ulong mapped = 0;
        for (int j = 0; j < _outputToModel.Length; j++)
        {
            if (((result >> j) & 1) != 0)
                mapped |= 1UL << _outputToModel[j];
        }
        return mapped;
    }

    /// <inheritdoc/>
    public void Dispose() => _workspaces.Dispose();

    private static Dictionary<string, int> Index(IEnumerable<string> names) =>
        names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);

    private static string? FirstMissing(IEnumerable<string> names, Dictionary<string, int> among) =>
        names.FirstOrDefault(n => !among.ContainsKey(n));
}
