namespace BnnVerify.Fuzz.Targets;

/// <summary>
/// One reader of user files driven by fuzzed bytes. <see cref="Run"/> returns normally when the reader
/// accepted the input or rejected it with a diagnostic (both are correct behaviour); anything it throws is a
/// finding: an exception the reader let escape, or a <see cref="FuzzFindingException"/> for a bug the reader
/// reported as an internal error.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The name scripts/fuzz.sh and the corpus folder use: fuzz/corpus/NAME/.</summary>
    public abstract string Name { get; }

    /// <summary>Feeds <paramref name="input"/> to the reader; throws only on a finding.</summary>
    public abstract void Run(byte[] input);
}

/// <summary>A bug a target detected without an exception escaping, such as a CLI verb that answered "internal error".</summary>
public sealed class FuzzFindingException(string message) : Exception(message);
