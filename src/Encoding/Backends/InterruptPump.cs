namespace BnnVerify.Encoding.Backends;

/// <summary>
/// Interrupts an in-process solver when a cancellation token fires or a wall-clock deadline passes, and keeps
/// interrupting every few milliseconds until disposed.
/// </summary>
/// <remarks>
/// Repeating matters: a solver may clear its interrupt flag when a call starts, so a single interrupt that
/// arrives just before the call would be lost. Disposing waits for a running interrupt to finish and stops
/// all later ones, so no interrupt can leak into the next call or reach a freed solver.
/// </remarks>
internal sealed class InterruptPump : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(25);
    private readonly Action _interrupt;
    private readonly Lock _gate = new();
    private readonly CancellationTokenRegistration _registration;
    private readonly Timer? _deadline;
    private Timer? _repeater;
    private bool _stopped;
    private string? _cause;

    /// <summary>Starts watching <paramref name="cancellation"/> and, when given, the wall-clock <paramref name="deadline"/>.</summary>
    public InterruptPump(Action interrupt, TimeSpan? deadline, CancellationToken cancellation)
    {
        _interrupt = interrupt;
        if (deadline is { } d)
            _deadline = new Timer(_ => Fire("wall-clock time limit"), null, d < TimeSpan.Zero ? TimeSpan.Zero : d, Timeout.InfiniteTimeSpan);
        _registration = cancellation.Register(() => Fire("cancelled"));
    }

    /// <summary>Why the solver was interrupted (<c>cancelled</c> or the time limit), or null when it was not.</summary>
    public string? Cause
    {
        get
        {
            lock (_gate)
                return _cause;
        }
    }

    private void Fire(string cause)
    {
        lock (_gate)
        {
            if (_stopped || _cause is not null)
                return;
            _cause = cause;
            _repeater = new Timer(_ => Tick(), null, TimeSpan.Zero, Period);
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (!_stopped)
                _interrupt();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _registration.Dispose();
        _deadline?.Dispose();
        lock (_gate)
            _stopped = true;
        _repeater?.Dispose();
    }
}
