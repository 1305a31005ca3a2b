using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Verifier.Checking;

/// <summary>
/// Runs one contract check so that it ends at most a grace period after its cancellation token fires, even when
/// the code running it does not look at the token in time: that is what makes <c>--timeout</c> a bound on wall time.
/// </summary>
/// <remarks>
/// Every strategy watches the token (external solvers are killed with their process tree, Z3 and CryptoMiniSat
/// are interrupted every 25 ms, exhaustive search and loading a problem into a backend check it between chunks),
/// so the grace normally goes unused. It is a backstop for the stretches that cannot be interrupted: a native
/// solver inside a long inprocessing step, encoding a very wide network. The check runs on a background thread;
/// when it has not returned a grace period after cancellation the result is Unknown and the thread is left to
/// finish on its own (its token is cancelled, so it stops at its next check and releases its solver).
/// </remarks>
public static class BoundedCheck
{
    /// <summary>How long a check may run on after its token fires before it is abandoned (docs/ci.md documents the margin).</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(2);

    // As much stack as the main thread has on Linux, for the recursive formula walks of encoding and replay.
    private const int StackSize = 8 << 20;

    /// <summary>
    /// Runs <paramref name="check"/> (which must watch <paramref name="cancellation"/>) and returns its result, or an
    /// Unknown result for <paramref name="contract"/> when it is still running <paramref name="grace"/> after
    /// <paramref name="cancellation"/> fired.
    /// </summary>
    public static ContractResult Run(ElaboratedContract contract, Func<ContractResult> check, TimeSpan grace, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(check);
        var clock = Stopwatch.StartNew();
        ContractResult? result = null;
        ExceptionDispatchInfo? failure = null;
        // Not disposed: an abandoned worker still sets it when it finishes.
        var done = new ManualResetEventSlim(false);
        var worker = new Thread(
            () =>
            {
                try
                {
                    result = check();
                }
                catch (Exception e)
                {
                    // Rethrown on the caller's thread below, so bugs still reach the internal-error handler.
                    failure = ExceptionDispatchInfo.Capture(e);
                }
                finally
                {
                    done.Set();
                }
            },
            StackSize)
        {
            IsBackground = true,
            Name = "bnnverify check " + contract.Name,
        };
        worker.Start();
        // Wakes on whichever comes first: the check's end or its cancellation.
        WaitHandle.WaitAny([done.WaitHandle, cancellation.WaitHandle]);
        if (!done.IsSet && !done.Wait(grace, CancellationToken.None))
        {
            return new ContractResult(contract, Verdict.Unknown, "none", [], clock.Elapsed)
            {
                Reason = string.Create(CultureInfo.InvariantCulture, $"the check did not stop within {grace.TotalSeconds:0.#} s of being stopped and was abandoned"),
            };
        }
        failure?.Throw();
        return result!;
    }
}
