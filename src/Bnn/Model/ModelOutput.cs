using System.Collections.Immutable;

namespace BnnVerify.Bnn.Model;

/// <summary>How ties between equal top scores are resolved in an argmax output.</summary>
public enum TieBreak
{
    /// <summary>The class listed first wins (the default).</summary>
    LowestIndex,

    /// <summary>The class listed last wins.</summary>
    HighestIndex,
}

/// <summary>What a model's last layer means to its users.</summary>
public abstract record ModelOutput
{
    private protected ModelOutput()
    {
    }

    /// <summary>The names of the output classes or bits, in order.</summary>
    public abstract ImmutableArray<string> Names { get; }
}

/// <summary>The last layer gives integer scores; the output is the class with the highest score.</summary>
/// <param name="Classes">One name per score.</param>
/// <param name="TieBreak">Which of several top-scoring classes wins.</param>
public sealed record ArgmaxOutput(ImmutableArray<string> Classes, TieBreak TieBreak) : ModelOutput
{
    /// <inheritdoc/>
    public override ImmutableArray<string> Names => Classes;
}

/// <summary>The last layer is a binarized layer; each neuron is a named output bit.</summary>
/// <param name="Bits">One name per neuron of the last layer.</param>
public sealed record BitsOutput(ImmutableArray<string> Bits) : ModelOutput
{
    /// <inheritdoc/>
    public override ImmutableArray<string> Names => Bits;
}
