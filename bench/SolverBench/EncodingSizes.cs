using System.Globalization;
using System.Text;
using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.SolverBench;

/// <summary>
/// <c>solver-bench encoding-sizes</c>: clauses and auxiliary variables of every encoding of y ⇔ (Σ x ≥ k) over n
/// distinct inputs, for the (n, k) shapes the workloads contain (a neuron with n inputs has k near n/2).
/// </summary>
internal static class EncodingSizes
{
    public static string Table()
    {
        var encodings = Enum.GetValues<CardinalityEncoding>();
        var text = new StringBuilder();
        text.Append("| n | k | ").Append(string.Join(" | ", encodings.Select(e => e.ToShortName() + " clauses / aux vars"))).Append(" | fewest clauses |\n");
        text.Append("|---:|---:|").Append(string.Concat(encodings.Select(_ => "---:|"))).Append("---|\n");
        foreach (int n in new[] { 8, 12, 16, 24, 32, 48, 64, 128, 254, 500, 784 })
        {
            foreach (int k in new[] { 2, 3, n / 8, n / 4, n / 2 }.Where(k => k >= 2).Distinct())
            {
                var x = new Lit[n];
                for (int i = 0; i < n; i++)
                    x[i] = Lit.Positive(i);
                var sizes = new List<(CardinalityEncoding Encoding, long Clauses, long Variables)>();
                foreach (var encoding in encodings)
                {
                    var sink = new CountingSink(n + 1);
                    ReifiedCardinality.Encode(sink, x, k, Lit.Positive(n), encoding);
                    sizes.Add((encoding, sink.Clauses, sink.Variables - n - 1));
                }
                var best = sizes.MinBy(s => s.Clauses);
                text.Append(CultureInfo.InvariantCulture, $"| {n} | {k} | ")
                    .Append(string.Join(" | ", sizes.Select(s => $"{s.Clauses:N0} / {s.Variables:N0}")))
                    .Append(" | ").Append(best.Encoding.ToShortName()).Append(" |\n");
            }
        }
        return text.ToString();
    }
}
