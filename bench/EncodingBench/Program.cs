// Prints the two tables of docs/encodings.md as Markdown:
//  1. clause/variable counts of each CNF encoding for a few (n, k);
//  2. wall-clock time for each backend to refute "at least k of x" together with "at most k−1 of x"
//     (the second stated as at least n−k+1 of the negations, which z3-pb turns into Z3's atmost).
// Usage: encoding-bench [timeout-seconds]   (default 60)
using System.Diagnostics;
using System.Globalization;
using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;

var timeout = TimeSpan.FromSeconds(args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 60);
var encodings = Enum.GetValues<CardinalityEncoding>();

Console.WriteLine("| n | k | " + string.Join(" | ", encodings.Select(e => e.ToShortName() + " vars / clauses")) + " |");
Console.WriteLine("|---|---|" + string.Concat(encodings.Select(_ => "---|")));
foreach (var (n, k) in new[] { (100, 50), (100, 10), (100, 90), (1000, 500), (1000, 30) })
{
    var cells = new List<string>();
    foreach (var encoding in encodings)
    {
        var formula = new CnfFormula();
        formula.EnsureVariables(n + 1);
        var x = new Lit[n];
        for (int i = 0; i < n; i++)
            x[i] = Lit.Positive(i);
        ReifiedCardinality.Encode(formula, x, k, Lit.Positive(n), encoding);
        cells.Add($"{formula.VariableCount - n - 1} / {formula.ClauseCount}");
    }
    Console.WriteLine($"| {n} | {k} | {string.Join(" | ", cells)} |");
}
Console.WriteLine();

string[] backends = ["z3-pb", "z3-intsum", "z3-cnf/totalizer", "cadical/totalizer", "cms/totalizer", "minisat/sortnet"];
int[] sizes = [10, 20, 30, 40, 60, 100];
Console.WriteLine("| n (k = n/2) | " + string.Join(" | ", backends) + " |");
Console.WriteLine("|---|" + string.Concat(backends.Select(_ => "---|")));
var gaveUp = new HashSet<string>();
foreach (int n in sizes)
{
    var cells = new List<string>();
    foreach (var name in backends)
    {
        if (gaveUp.Contains(name))
        {
            cells.Add("(skipped)");
            continue;
        }
        using var backend = SolverBackends.Create(name);
        var x = new Lit[n];
        var notX = new Lit[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = Lit.Positive(backend.NewVariable());
            notX[i] = !x[i];
        }
        int k = n / 2;
        var atLeast = Lit.Positive(backend.NewVariable());
        var atMost = Lit.Positive(backend.NewVariable());
        backend.AddReifiedAtLeast(x, k, atLeast);              // Σx ≥ k
        backend.AddReifiedAtLeast(notX, n - k + 1, atMost);    // Σ¬x ≥ n−k+1, i.e. Σx ≤ k−1
        var clock = Stopwatch.StartNew();
        var result = backend.Solve([atLeast, atMost], timeout, CancellationToken.None);
        clock.Stop();
        string verdict = result switch
        {
            SolveResult.Unsatisfiable => $"{clock.Elapsed.TotalSeconds:0.000} s",
            SolveResult.Unknown => $"> {timeout.TotalSeconds:0} s (unknown)",
            _ => "WRONG: satisfiable",
        };
        if (result is SolveResult.Unknown)
            gaveUp.Add(name);
        cells.Add(verdict);
    }
    Console.WriteLine($"| {n} | {string.Join(" | ", cells)} |");
}
