using BnnVerify.Fuzz.Targets;
using SharpFuzz;

namespace BnnVerify.Fuzz;

/// <summary>
/// <c>BnnVerify.Fuzz TARGET</c> runs TARGET under afl-fuzz (scripts/fuzz.sh starts it);
/// <c>BnnVerify.Fuzz TARGET FILE...</c> runs it once on each file, to reproduce a finding without AFL.
/// </summary>
public static class Program
{
    /// <summary>Exit code 0, or 2 for a wrong command line; a finding crashes the process, as AFL expects.</summary>
    public static int Main(string[] args)
    {
        var target = args.Length > 0 ? FuzzTargets.Create(args[0]) : null;
        if (target is null)
        {
            Console.Error.WriteLine($"usage: BnnVerify.Fuzz {string.Join('|', FuzzTargets.Names)} [FILE...]");
            return 2;
        }
        if (args.Length > 1)
        {
            foreach (string file in args.Skip(1))
            {
                target.Run(File.ReadAllBytes(file));
                Console.WriteLine($"{file}: no finding");
            }
            return 0;
        }
        // Out of process: a stack overflow or a hang kills only the child SharpFuzz runs each input in, and
        // AFL still sees it as a crash or a timeout instead of losing the fork server.
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            try
            {
                target.Run(buffer.ToArray());
            }
            catch (Exception e) when (KnownFailures.Enabled && KnownFailures.IsKnown(e))
            {
                // Known and being fixed elsewhere: not a new finding (see KnownFailures).
            }
        });
        return 0;
    }
}
