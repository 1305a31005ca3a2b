using System.Globalization;
using BnnVerify.Verifier.Reports;

namespace BnnVerify.Verifier.Equivalence;

/// <summary>The report for people: what was compared, the verdict, the differences with pictures.</summary>
internal static class EquivalenceTextReport
{
    /// <summary>Writes the report.</summary>
    public static void Write(EquivalenceReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var result = report.Result;
        output.WriteLine($"comparing {report.ModelPath} with {report.Reference} on {report.Domain.Description}");
        output.WriteLine(Headline(result));
        if (result.Reason is not null)
            output.WriteLine("  " + result.Reason);
        for (int k = 0; k < result.Differences.Length; k++)
        {
            var difference = result.Differences[k];
            output.WriteLine(string.Create(c, $"  difference {k + 1}:"));
            output.WriteLine("    " + CounterexampleText.Inputs(report.Model, difference.Inputs, report.ShowAllInputs));
            if (report.Domain.Render is { } render)
            {
                foreach (var line in CounterexampleText.Picture(render, difference.Inputs))
                    output.WriteLine("      " + line);
            }
            output.WriteLine("    network:   " + report.NetworkOutputText(difference.Output));
            output.WriteLine("    reference: " + report.ReferenceAnswerText(difference));
        }
        if (result.DifferenceCount is { } count && count > result.Differences.Length && result.Differences.Length > 0)
            output.WriteLine(string.Create(c, $"  ({count - result.Differences.Length} more; --max-counterexamples shows more)"));
    }

    /// <summary>The one-line verdict: <c>EQUIVALENT on all 4 inputs of the domain (exhaustive)</c>, <c>DIFFER on 8 of 2097 inputs …</c>.</summary>
    public static string Headline(EquivalenceResult result)
    {
        var c = CultureInfo.InvariantCulture;
        string Inputs(long n) => string.Create(c, $"{n} input{(n == 1 ? "" : "s")}");
        return result.Verdict switch
        {
            EquivalenceVerdict.Equivalent when result.Method == EquivalenceResult.Miter => $"EQUIVALENT on the whole domain, proved by {result.Backend} (miter)",
            EquivalenceVerdict.Equivalent => $"EQUIVALENT on all {Inputs(result.InputsInDomain ?? 0)} of the domain (exhaustive)",
            EquivalenceVerdict.Differ when result.Method == EquivalenceResult.Miter => $"DIFFER: a difference found by {result.Backend} (miter)",
            EquivalenceVerdict.Differ when result.InputsInDomain is { } all && result.InputsChecked < all =>
                string.Create(c, $"DIFFER on at least {result.DifferenceCount} of {Inputs(all)} of the domain, interrupted after {result.InputsChecked} (exhaustive)"),
            EquivalenceVerdict.Differ => string.Create(c, $"DIFFER on {result.DifferenceCount} of {Inputs(result.InputsInDomain ?? 0)} of the domain (exhaustive)"),
            _ => $"UNKNOWN ({(result.Method == EquivalenceResult.Miter ? result.Backend + ", miter" : result.Method)})",
        };
    }
}
