using System.Text;
using BnnVerify.Verifier.Cli;

namespace BnnVerify.Tests.Solving;

/// <summary>
/// The native solver seen from the command line: <c>solve</c> on problem files (answers, exit codes, located
/// mistakes, the time limit) and <c>check --backend native</c>'s counterexample count.
/// </summary>
public sealed class NativeCommandLineTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bnnverify-native-cli-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int exitCode = (int)CommandLine.Run(arguments, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    // holes + 1 pigeons in holes holes, as cardinality CNF: pigeon p is somewhere, no hole holds two.
    private static string Pigeonhole(int holes)
    {
        int pigeons = holes + 1, always = pigeons * holes + 1;
        var text = new StringBuilder($"p cnf {always} {pigeons + holes + 1}\n{always} 0\n");
        for (int p = 0; p < pigeons; p++)
            text.Append(string.Join(" ", Enumerable.Range(0, holes).Select(h => p * holes + h + 1))).Append(" >= 1 # ").Append(always).Append('\n');
        for (int h = 0; h < holes; h++)
            text.Append(string.Join(" ", Enumerable.Range(0, pigeons).Select(p => p * holes + h + 1))).Append(" >= 2 # -").Append(always).Append('\n');
        return text.ToString();
    }

    [Theory]
    [InlineData("portfolio")]
    [InlineData("inputs-first")]
    [InlineData("plain")]
    public void Solve_refutes_a_pigeonhole_and_places_the_pigeons_when_one_leaves(string mode)
    {
        var refuted = Run("solve", Write("php6.cnf", Pigeonhole(6)), "--mode", mode);
        Assert.Equal(20, refuted.ExitCode);
        Assert.Equal("s UNSATISFIABLE\n", refuted.Output);

        // 3 pigeons, 3 holes: every pigeon somewhere, no hole twice; the v lines are a placement.
        var fits = Run("solve", Write("fits.cnf", "p cnf 10 7\n10 0\n1 2 3 >= 1 # 10\n4 5 6 >= 1 # 10\n7 8 9 >= 1 # 10\n1 4 7 >= 2 # -10\n2 5 8 >= 2 # -10\n3 6 9 >= 2 # -10\n"), "--mode", mode);
        Assert.Equal(10, fits.ExitCode);
        var lines = fits.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("s SATISFIABLE", lines[0]);
        var values = lines.Skip(1).SelectMany(l => l[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).Where(l => l != 0).ToHashSet();
        Assert.Equal(10, values.Count);
        for (int p = 0; p < 3; p++)
            Assert.Contains(Enumerable.Range(0, 3), h => values.Contains(3 * p + h + 1));
        for (int h = 0; h < 3; h++)
            Assert.True(Enumerable.Range(0, 3).Count(p => values.Contains(3 * p + h + 1)) <= 1, fits.Output);
    }

    [Fact]
    public void Solve_reads_opb_with_negative_coefficients_equalities_and_negated_literals()
    {
        // x1 + x2 + x3 = 2, x1 - x2 >= 1 (so x1, ¬x2), ~x3 >= 1 contradicts them: unsatisfiable; without the last, x1 x3.
        string both = "* #variable= 3 #constraint= 2\n+1 x1 +1 x2 +1 x3 = 2 ;\n+1 x1 -1 x2 >= 1 ;\n";
        var sat = Run("solve", Write("a.opb", both));
        Assert.Equal(10, sat.ExitCode);
        Assert.Contains("v 1 -2 3 0", sat.Output, StringComparison.Ordinal);
        var unsat = Run("solve", Write("b.opb", both + "+1 ~x3 >= 1 ;\n"));
        Assert.Equal(20, unsat.ExitCode);
    }

    [Theory]
    [InlineData("p cnf 2 1\n1 x 0\n", "(2,3): error BNN0801: expected a literal")]
    [InlineData("p cnf 2 1\n1 3 0\n", "(2,3): error BNN0802: literal 3 is beyond the header's 2 variables")]
    [InlineData("p cnf 3 1\n1 2 >= 1 # \n", "(2,10): error BNN0801: expected the output literal after '#'")]
    [InlineData("p cnf 3 1\n1 2 >= k # 3\n", "(2,8): error BNN0801: expected the bound (an integer), found 'k'")]
    public void Solve_reports_a_malformed_cardinality_cnf_file_with_its_location(string text, string expected)
    {
        string path = Write("bad.cnf", text);
        var run = Run("solve", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Equal(path + expected, run.Error.Split('\n')[0][..(path.Length + expected.Length)]);
    }

    [Theory]
    [InlineData("* #variable= 2 #constraint= 1\n+1 x1 +1 x3 >= 1 ;\n", "(2,10): error BNN0802: variable x3 is beyond the header's #variable= 2")]
    [InlineData("* #variable= 2 #constraint= 1\n+1 x1 +1 x2 >= 1\n", "(2,17): error BNN0801: expected ';' after the bound")]
    [InlineData("* #variable= 2 #constraint= 1\nmin: +1 x1 ;\n", "(2,1): error BNN0804: objective functions are not supported")]
    [InlineData("* #variable= 2 #constraint= 1\n+1 x1 x2 >= 1 ;\n", "(2,4): error BNN0804: non-linear terms")]
    public void Solve_reports_a_malformed_opb_file_with_its_location(string text, string expected)
    {
        string path = Write("bad.opb", text);
        var run = Run("solve", path);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(path + expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_says_unknown_at_its_time_limit_and_a_missing_file_is_invalid_input()
    {
        // Pigeonhole as clauses with 12 holes is far beyond a fraction of a second for a CDCL search.
        int holes = 12, pigeons = holes + 1;
        var text = new StringBuilder($"p cnf {pigeons * holes} 0\n");
        for (int p = 0; p < pigeons; p++)
            text.Append(string.Join(" ", Enumerable.Range(0, holes).Select(h => p * holes + h + 1))).Append(" 0\n");
        for (int h = 0; h < holes; h++)
            for (int p = 0; p < pigeons; p++)
                for (int q = p + 1; q < pigeons; q++)
                    text.Append($"-{p * holes + h + 1} -{q * holes + h + 1} 0\n");
        var run = Run("solve", Write("php12.cnf", text.ToString()), "--timeout", "0.3");
        Assert.Equal(3, run.ExitCode);
        Assert.EndsWith("s UNKNOWN\n", run.Output, StringComparison.Ordinal);

        var missing = Run("solve", Path.Combine(_folder.FullName, "absent.cnf"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("error BNN0800: cannot read the problem file", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_solver_backend_shows_one_counterexample_unless_more_are_asked_for()
    {
        string model = Path.Combine(RepositoryRoot.Path, "models", "tictactoe-move.json");
        string spec = Path.Combine(RepositoryRoot.Path, "specs", "tictactoe-move.contract");
        string[] check = ["check", model, spec, "--contract", "agrees_with_the_rule_based_player", "--backend", "native"];
        var one = Run(check);
        Assert.Equal(1, one.ExitCode);
        Assert.Contains("counterexample 1:", one.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("counterexample 2:", one.Output, StringComparison.Ordinal);
        var three = Run([.. check, "--max-counterexamples", "3"]);
        Assert.Equal(1, three.ExitCode);
        Assert.Contains("counterexample 3:", three.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("counterexample 4:", three.Output, StringComparison.Ordinal);
    }
}
