using System.Runtime.InteropServices;

namespace BnnVerify.Verifier.Cli;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM of a long run into a cancellation, so that the verb stops its work and still
/// writes the report of what it knows (verdict unknown, exit 3); a second signal ends the process at once. CI systems and
/// <c>timeout(1)</c> stop jobs with SIGTERM, which without this ended the process with no report at all.
/// </summary>
internal sealed class RunInterruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration? _terminate;

    private RunInterruption()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        // PosixSignalRegistration throws PlatformNotSupportedException where the signal does not exist; Ctrl-C still works there.
        try
        {
            _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        }
        catch (PlatformNotSupportedException)
        {
            _terminate = null;
        }
    }

    /// <summary>Cancelled by the first Ctrl-C or SIGTERM.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>True once the run was interrupted.</summary>
    public bool IsCancellationRequested => _source.IsCancellationRequested;

    /// <summary>What interrupted the run (<c>Ctrl-C</c> or <c>SIGTERM</c>), for the report's stop reason; null before.</summary>
    public string? Cause { get; private set; }

    /// <summary>Starts listening; dispose to stop.</summary>
    public static RunInterruption Listen() => new();

    /// <inheritdoc/>
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _terminate?.Dispose();
        _source.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e) => e.Cancel = Interrupt("Ctrl-C");

    private void OnSignal(PosixSignalContext context) => context.Cancel = Interrupt("SIGTERM");

    // True (keep the process alive) the first time; the second signal is allowed to end the process.
    private bool Interrupt(string cause)
    {
        bool first = !_source.IsCancellationRequested;
        if (first)
            Cause = cause;
        _source.Cancel();
        return first;
    }
}
