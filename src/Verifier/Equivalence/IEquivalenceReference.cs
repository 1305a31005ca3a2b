using BnnVerify.Bnn.Engine;

namespace BnnVerify.Verifier.Equivalence;

/// <summary>
/// What a network is compared with: anything that answers inputs of the network with an output of the
/// network's kind. An answer is one word in the network's output space (<see cref="OutputSpace"/>): the index of
/// a class of the network, or the network's output bits, packed; so answers compare with the engine's batch
/// results by equality.
/// </summary>
internal interface IEquivalenceReference : IDisposable
{
    /// <summary>How the reference was named on the command line (<c>tictactoe:minimax</c>, <c>exec:./xor</c>).</summary>
    string Name { get; }

    /// <summary>True when <see cref="Answer"/> may be called from several threads at once (in-process code).</summary>
    bool IsThreadSafe { get; }

    /// <summary>How many inputs one call should receive (a process answers in batches of this size).</summary>
    int PreferredBatchSize { get; }

    /// <summary>
    /// Answers <paramref name="count"/> packed inputs laid out one after another (the network's input order and
    /// word count), one word each into <paramref name="answers"/>. <paramref name="isLast"/> says that no more inputs
    /// follow (a process then sees the end of its input, so that it may answer from buffered output).
    /// </summary>
    /// <exception cref="ReferenceFailedException">The reference crashed, printed garbage or has no answer for an input.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired (timeout or Ctrl-C) before the answers came.</exception>
    void Answer(ReadOnlySpan<ulong> inputs, int count, Span<ulong> answers, bool isLast, CancellationToken cancellation);

    /// <summary>The reference's own output on one input with its detail (a model's scores), or null when it has none beyond the answer.</summary>
    NetworkOutput? Explain(ReadOnlySpan<bool> inputs);
}

/// <summary>
/// A reference for which several answers can be right (a perfect player with several best moves): its answer is one of
/// them, and a network that gives another right one agrees with it.
/// </summary>
internal interface IAcceptsAlternatives
{
    /// <summary>Whether <paramref name="answer"/> is also right on <paramref name="input"/> (one packed input).</summary>
    bool Accepts(ReadOnlySpan<ulong> input, ulong answer);
}

/// <summary>A reference could not answer: the message says what it did (crashed, hung, printed garbage, has no answer).</summary>
internal sealed class ReferenceFailedException : Exception
{
    /// <summary>Creates the exception with the message shown to the user.</summary>
    public ReferenceFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the message shown to the user and the I/O error behind it.</summary>
    public ReferenceFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
