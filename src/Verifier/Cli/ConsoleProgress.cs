using System.Globalization;
using BnnVerify.Verifier.Checking;

namespace BnnVerify.Verifier.Cli;

/// <summary>
/// A progress bar on standard error for checks that run longer than a second: inputs checked out of
/// the inputs in scope. Draws nothing when standard error is not a terminal.
/// </summary>
internal sealed class ConsoleProgress : ICheckProgress, IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly TextWriter _error;
    private readonly object _lock = new();
    private Timer? _timer;
    private string _contract = "";
    private long _total;
    private long _done;
    private bool _drawn;

    public ConsoleProgress(TextWriter error) => _error = error;

    /// <summary>A progress bar when standard error is a terminal and <paramref name="enabled"/>, else null.</summary>
    public static ConsoleProgress? ForTerminal(TextWriter error, bool enabled) =>
        enabled && !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error) ? new ConsoleProgress(error) : null;

    public void Start(string contract, long total)
    {
        lock (_lock)
        {
            _contract = contract;
            _total = total;
            Interlocked.Exchange(ref _done, 0);
            _timer = new Timer(_ => Draw(), null, Delay, Interval);
        }
    }

    public void Report(long checkedSoFar) => Interlocked.Exchange(ref _done, checkedSoFar);

    public void Stop()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
            if (_drawn)
                _error.Write("\r" + new string(' ', Console.WindowWidth > 1 ? Console.WindowWidth - 1 : 79) + "\r");
            _drawn = false;
        }
    }

    public void Dispose() => Stop();

    private void Draw()
    {
        lock (_lock)
        {
            if (_timer is null)
                return;
            long done = Interlocked.Read(ref _done);
            double fraction = _total > 0 ? Math.Min(1.0, (double)done / _total) : 0;
            const int Width = 30;
            int filled = (int)(fraction * Width);
            string bar = new string('#', filled) + new string('-', Width - filled);
            _error.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{bar}] {fraction * 100,5:0.0}%  {done:N0} / {_total:N0} inputs  {_contract}   "));
            _error.Flush();
            _drawn = true;
        }
    }
}
