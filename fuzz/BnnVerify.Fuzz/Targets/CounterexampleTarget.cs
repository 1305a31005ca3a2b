using BnnVerify.Verifier.Cli;

namespace BnnVerify.Fuzz.Targets;

/// <summary>
/// What <c>bnnverify replay</c> reads: the counterexample file, then the spec it names (relative to the
/// repository root, so the corpus's "specs/showcase.contract" is found) against models/showcase.json. The verb
/// runs in process through <see cref="CommandLine.Run"/>, which turns an escaped exception into exit code 4
/// ("internal error"); that exit code is the finding here.
/// </summary>
public sealed class CounterexampleTarget : FuzzTarget
{
    /// <summary>The target's name.</summary>
    public const string TargetName = "counterexample";

    /// <summary>The model every fuzzed counterexample is replayed on (the one most golden counterexamples name).</summary>
    public const string ModelPath = "models/showcase.json";

    /// <inheritdoc/>
    public override string Name => TargetName;

    /// <inheritdoc/>
    public override void Run(byte[] input)
    {
        string path = FuzzTargets.WriteScratchFile(input, ".json");
        var error = new StringWriter();
        var exit = CommandLine.Run(["replay", ModelPath, path], TextWriter.Null, error);
        if (exit == ExitCode.InternalError)
            throw new FuzzFindingException($"replay answered internal error: {error}");
    }
}
