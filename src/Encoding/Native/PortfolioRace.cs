namespace BnnVerify.Encoding.Native;

/// <summary>Runs several solvers on the same problem at once, each on a thread of its own; the first definite answer stops the others.</summary>
public static class PortfolioRace
{
    /// <summary>
    /// Solves <paramref name="solvers"/>[i] under <paramref name="assumptions"/>[i] until the deadline or cancellation,
    /// all at once. Returns the index of the solver whose answer counts: the first to answer SAT or UNSAT, or 0 when
    /// none did (its status is then Unknown).
    /// </summary>
    public static (SolveStatus Status, int Winner) Run(IReadOnlyList<CdclSolver> solvers, IReadOnlyList<int[]> assumptions, long deadline, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(solvers);
        ArgumentNullException.ThrowIfNull(assumptions);
        if (solvers.Count != assumptions.Count)
            throw new ArgumentException($"{solvers.Count} solvers but {assumptions.Count} assumption lists.", nameof(assumptions));
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var statuses = new SolveStatus[solvers.Count];
        int winner = -1;
        var threads = new Thread[solvers.Count];
        for (int i = 0; i < solvers.Count; i++)
        {
            int index = i;
            threads[i] = new Thread(() =>
            {
                statuses[index] = solvers[index].Solve(assumptions[index], deadline, race.Token);
                if (statuses[index] != SolveStatus.Unknown && Interlocked.CompareExchange(ref winner, index, -1) == -1)
                    race.Cancel();
            }, maxStackSize: 16 << 20) { IsBackground = true, Name = $"native solver {index}" };
            threads[i].Start();
        }
        foreach (var thread in threads)
            thread.Join();
        int chosen = winner >= 0 ? winner : 0;
        return (statuses[chosen], chosen);
    }
}
