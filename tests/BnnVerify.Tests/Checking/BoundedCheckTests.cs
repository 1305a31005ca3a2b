using System.Diagnostics;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Tests.Checking;

/// <summary>
/// <see cref="BoundedCheck"/>, which makes <c>--timeout</c> a bound on wall time: a check that ignores its token is
/// abandoned a grace period after cancellation, one that stops in time keeps its own result, and results and
/// exceptions pass through unchanged.
/// </summary>
public sealed class BoundedCheckTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bnnverify-bounded-");
    private readonly ManualResetEventSlim _release = new(false);

    public void Dispose()
    {
        // Lets an abandoned fake check end.
        _release.Set();
        _folder.Delete(recursive: true);
    }

    private ElaboratedContract Contract()
    {
        var model = RandomNetworks.Create(3, [4, 4, 2]);
        string spec = Path.Combine(_folder.FullName, "bounded.contract");
        File.WriteAllText(spec, "contract k { ensures class == c0 }\n");
        var loaded = SpecLoader.Load(spec, model);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        return loaded.Spec!.Contracts[0];
    }

    private static ContractResult Result(ElaboratedContract contract, Verdict verdict, string reason) =>
        new(contract, verdict, "fake", [], TimeSpan.Zero) { Reason = reason };

    [Fact]
    public void A_check_that_ignores_its_token_is_abandoned_after_the_grace_period()
    {
        var contract = Contract();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();
        var result = BoundedCheck.Run(contract, () =>
        {
            _release.Wait(TimeSpan.FromSeconds(60));
            return Result(contract, Verdict.Holds, "too late");
        }, TimeSpan.FromMilliseconds(500), cancellation.Token);
        Assert.Equal(Verdict.Unknown, result.Verdict);
        Assert.Contains("did not stop within 0.5 s", result.Reason, StringComparison.Ordinal);
        Assert.Contains("abandoned", result.Reason, StringComparison.Ordinal);
        // 0.2 s to the cancellation, 0.5 s of grace; the rest is slack for a loaded machine.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(650), $"returned after {clock.Elapsed.TotalSeconds:0.00} s, before the grace period ended");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"returned after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void A_check_that_stops_within_the_grace_period_keeps_its_own_result()
    {
        var contract = Contract();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var token = cancellation.Token;
        var result = BoundedCheck.Run(contract, () =>
        {
            token.WaitHandle.WaitOne(TimeSpan.FromSeconds(60));
            Thread.Sleep(200);
            return Result(contract, Verdict.Unknown, "stopped by itself");
        }, TimeSpan.FromSeconds(30), token);
        Assert.Equal("stopped by itself", result.Reason);
    }

    [Fact]
    public void Results_and_exceptions_pass_through()
    {
        var contract = Contract();
        var expected = Result(contract, Verdict.Violated, "as found");
        Assert.Same(expected, BoundedCheck.Run(contract, () => expected, BoundedCheck.DefaultGrace, CancellationToken.None));
        var e = Assert.Throws<InvalidOperationException>(() =>
            BoundedCheck.Run(contract, () => throw new InvalidOperationException("a bug"), BoundedCheck.DefaultGrace, CancellationToken.None));
        Assert.Equal("a bug", e.Message);
    }
}
