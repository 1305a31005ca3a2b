using BnnVerify.Encoding.Backends.External;
using BnnVerify.Encoding.Circuit;

namespace BnnVerify.Tests.Encoding;

/// <summary>
/// Loading a problem into a backend watches the cancellation token (a wide network's encoding can take long, and
/// <c>--timeout</c> must bound it): cancelled before it starts, nothing is loaded; not cancelled, everything is.
/// The clasp backend only logs what it is given, so its <see cref="ClaspBackend.Size"/> counts what arrived.
/// </summary>
public class LoadIntoCancellationTests
{
    private static ConstraintBuilder Problem()
    {
        var builder = new ConstraintBuilder(12);
        var inputs = Enumerable.Range(0, 12).Select(builder.Input).ToArray();
        for (int k = 2; k < 10; k++)
            builder.Assert(builder.Or(builder.AtLeast(inputs.Skip(k % 3), k), builder.And(inputs[k], inputs[k + 1])));
        Assert.True(builder.Clauses.Count > 0 && builder.CardinalityGates.Count > 0);
        return builder;
    }

    [Fact]
    public void A_cancelled_load_hands_the_backend_no_constraints()
    {
        var builder = Problem();
        using var backend = new ClaspBackend("/usr/bin/clasp", ClaspBackend.DefaultOptions);
        builder.LoadInto(backend, 0, 0, new CancellationToken(canceled: true));
        Assert.Equal(0, backend.Size.Clauses);
        Assert.Equal(0, backend.Size.CardinalityConstraints);
    }

    [Fact]
    public void An_uncancelled_load_hands_the_backend_every_constraint()
    {
        var builder = Problem();
        using var backend = new ClaspBackend("/usr/bin/clasp", ClaspBackend.DefaultOptions);
        builder.LoadInto(backend, 0, 0, CancellationToken.None);
        Assert.Equal(builder.Clauses.Count, backend.Size.Clauses);
        Assert.Equal(builder.CardinalityGates.Count, backend.Size.CardinalityConstraints);
        Assert.Equal(builder.VariableCount, backend.VariableCount);
    }
}
