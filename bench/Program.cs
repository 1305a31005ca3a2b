using BenchmarkDotNet.Running;

namespace BnnVerify.Bench;

/// <summary>Runs the benchmarks named on the command line (BenchmarkDotNet's switcher: --filter, --list, ...).</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
