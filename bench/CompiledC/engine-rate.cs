#:project ../../src/Bnn/Bnn.csproj
#:property PublishAot=false
// Evaluations per second of the packed reference engine over all 2^n inputs of a model, single-threaded,
// batch path (what exhaustive checking runs on each core). Usage: dotnet run engine-rate.cs -- MODEL REPEATS
using System.Diagnostics;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;

var model = ModelReader.ReadFile(args[0]).Model ?? throw new InvalidOperationException("cannot read " + args[0]);
int repeats = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var network = PackedNetwork.Compile(model);
const int Batch = 256;
long total = 1L << model.InputCount;
var inputs = new ulong[Batch];
var results = new ulong[Batch];
var workspace = network.CreateBatchWorkspace(Batch);
ulong checksum = 0;
var clock = Stopwatch.StartNew();
for (int r = 0; r < repeats; r++)
{
    for (long start = 0; start < total; start += Batch)
    {
        for (int i = 0; i < Batch; i++)
            inputs[i] = (ulong)(start + i);
        network.EvaluateBatch(inputs, Batch, results, workspace);
        foreach (ulong result in results)
            checksum += result;
    }
}
double seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"engine {model.Name}: {repeats * total / seconds:0} evaluations/s ({repeats} x {total} inputs in {seconds:0.00} s, checksum {checksum})");
