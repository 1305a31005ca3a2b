using BenchmarkDotNet.Attributes;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Bnn.Model;

namespace BnnVerify.Bench;

/// <summary>
/// Evaluations per second of the packed reference engine (one input at a time, and layer-major batches)
/// against a plain scalar loop, single-threaded, on random models of two shapes and on the bundled MNIST model,
/// once per popcount path this CPU has (<see cref="PopCountPath"/>; the scalar loop does not depend on it). Each
/// benchmark evaluates the same 256 random inputs; divide 256 by the reported time for evaluations per second.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    public const int InputsPerOperation = 256;

    private PackedNetwork _network = null!;
    private ScalarEvaluator _scalar = null!;
    private EvaluationWorkspace _workspace = null!;
    private BatchWorkspace _batchWorkspace = null!;
    private ulong[] _packedInputs = null!;
    private int[][] _scalarInputs = null!;
    private ulong[] _results = null!;

    /// <summary>The bundled 784-200-100-100-100-10 MNIST network (imported from Chainer), by its file name.</summary>
    public const string MnistModel = "models/mnist.json";

    [Params("784-500-300-200-100-10", "18-64-64-9", MnistModel)]
    public string Shape { get; set; } = "";

    [ParamsSource(nameof(AvailablePaths))]
    public PopCountPath PopCount { get; set; }

    public static IEnumerable<PopCountPath> AvailablePaths() => PopCountPaths.Available();

    [GlobalSetup]
    public void Setup()
    {
        var model = Shape == MnistModel ? ReadRepositoryModel(MnistModel) : RandomModels.Create([.. Shape.Split('-').Select(int.Parse)], seed: 1);
        _network = PackedNetwork.Compile(model, PopCount);
        if (_network.PopCount != PopCount)
            throw new InvalidOperationException($"asked for the {PopCount} path, compiled {_network.PopCount}");
        _scalar = new ScalarEvaluator(model);
        _workspace = _network.CreateWorkspace();
        _batchWorkspace = _network.CreateBatchWorkspace(InputsPerOperation);
        var inputs = RandomModels.Inputs(model, InputsPerOperation, seed: 2);
        _packedInputs = [.. inputs.SelectMany(input => _network.PackInput(input))];
        _scalarInputs = [.. inputs.Select(input => input.Select(b => b ? 1 : -1).ToArray())];
        _results = new ulong[InputsPerOperation];

        // The three ways must agree, or the comparison measures different work.
        _network.EvaluateBatch(_packedInputs, InputsPerOperation, _results, _batchWorkspace);
        for (int i = 0; i < InputsPerOperation; i++)
        {
            _network.Evaluate(_packedInputs.AsSpan(i * _network.InputWords, _network.InputWords), _workspace);
            if (_scalar.Classify(_scalarInputs[i]) != _workspace.Class || (int)_results[i] != _workspace.Class)
                throw new InvalidOperationException($"the evaluators disagree on input {i}");
        }
    }

    // BenchmarkDotNet runs from a generated project below bin/, so look for the file upwards.
    private static BnnModel ReadRepositoryModel(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string path = Path.Combine(directory.FullName, relativePath);
            if (!File.Exists(path))
                continue;
            var read = ModelReader.Read(File.ReadAllBytes(path), path);
            return read.Model ?? throw new InvalidOperationException(read.Error!.ToString());
        }
        throw new FileNotFoundException($"no {relativePath} above {AppContext.BaseDirectory}");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = InputsPerOperation)]
    public int ScalarLoop()
    {
        int checksum = 0;
        foreach (var input in _scalarInputs)
            checksum += _scalar.Classify(input);
        return checksum;
    }

    [Benchmark(OperationsPerInvoke = InputsPerOperation)]
    public int PackedSingle()
    {
        int checksum = 0;
        for (int i = 0; i < InputsPerOperation; i++)
        {
            _network.Evaluate(_packedInputs.AsSpan(i * _network.InputWords, _network.InputWords), _workspace);
            checksum += _workspace.Class;
        }
        return checksum;
    }

    [Benchmark(OperationsPerInvoke = InputsPerOperation)]
    public ulong PackedBatch()
    {
        _network.EvaluateBatch(_packedInputs, InputsPerOperation, _results, _batchWorkspace);
        return _results[0];
    }
}
