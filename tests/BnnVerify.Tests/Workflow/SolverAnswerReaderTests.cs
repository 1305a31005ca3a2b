using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Backends.External;
using BnnVerify.Encoding.ProblemFiles;

namespace BnnVerify.Tests.Workflow;

/// <summary>
/// Reading solver answers for <c>bnnverify decode</c> (every output form, located errors), and the external backend's
/// exit-code convention: 10/20 without a status line, and MiniSat run by its binary's name.
/// </summary>
public sealed class SolverAnswerReaderTests
{
    [Theory]
    [InlineData("c comment\ns SATISFIABLE\nv 1 -2\nv 3 0\n", SolverAnswerForm.Competition)]
    [InlineData("SAT\n1 -2 3 0\n", SolverAnswerForm.MiniSatResult)]
    [InlineData("c clasp\nv x1 -x2 x3\ns SATISFIABLE\n", SolverAnswerForm.Competition)]
    [InlineData("sat\n(\n  (define-fun v2 () Bool\n    false)\n  (define-fun v1 () Bool true)\n  (define-fun v3 () Bool true)\n)\n", SolverAnswerForm.SmtModel)]
    public void Every_form_gives_the_same_model(string text, SolverAnswerForm form)
    {
        var answer = SolverAnswerReader.Parse("answer.txt", text);
        Assert.Equal(SolverAnswerStatus.Satisfiable, answer.Status);
        Assert.Equal(form, answer.Form);
        Assert.True(answer.Values[1]);
        Assert.False(answer.Values[2]);
        Assert.True(answer.Values[3]);
        Assert.Equal(3, answer.Values.Count);
    }

    [Theory]
    [InlineData("s UNSATISFIABLE\n", SolverAnswerStatus.Unsatisfiable)]
    [InlineData("UNSAT\n", SolverAnswerStatus.Unsatisfiable)]
    [InlineData("unsat\n(error \"line 9 column 10: model is not available\")\n", SolverAnswerStatus.Unsatisfiable)]
    [InlineData("s UNKNOWN\n", SolverAnswerStatus.Unknown)]
    [InlineData("INDET\n", SolverAnswerStatus.Unknown)]
    [InlineData("unknown\n", SolverAnswerStatus.Unknown)]
    public void Answers_without_a_model_are_recognised(string text, SolverAnswerStatus status)
    {
        Assert.Equal(status, SolverAnswerReader.Parse("answer.txt", text).Status);
    }

    [Theory]
    [InlineData("", "BNN0963", 1, 1)]
    [InlineData("hello\n", "BNN0963", 1, 1)]
    [InlineData("s SATISFIABLE\nv 1 two 0\n", "BNN0965", 2, 5)]
    [InlineData("s SATISFIABLE\nv 1 -1 0\n", "BNN0965", 2, 5)]
    [InlineData("s SATISFIABLE\nv 1 0 2\n", "BNN0965", 2, 7)]
    [InlineData("s SATISFIABLE\n", "BNN0963", 1, 1)]
    [InlineData("s MAYBE\n", "BNN0963", 1, 3)]
    [InlineData("SAT\n1 2\n", "BNN0965", 2, 1)]
    [InlineData("sat\n", "BNN0963", 1, 1)]
    [InlineData("sat\n(error \"bad\")\n", "BNN0963", 2, 1)]
    public void Malformed_answers_are_located_diagnostics(string text, string id, int line, int column)
    {
        var e = Assert.Throws<DiagnosticException>(() => SolverAnswerReader.Parse("answer.txt", text));
        Assert.Equal(id, e.Diagnostic.Id);
        Assert.Equal(line, e.Diagnostic.Location.Line);
        Assert.Equal(column, e.Diagnostic.Location.Column);
    }

    [Fact]
    public void Exit_code_20_without_a_status_line_is_unsatisfiable()
    {
        Assert.IsType<SolveResult.Unsatisfiable>(SolverOutputParser.ParseCompetition("s", 20, "UNSATISFIABLE\n", 3));
    }

    [Fact]
    public void Exit_code_10_with_a_model_and_no_status_line_is_that_model()
    {
        var model = Assert.IsType<SolveResult.Satisfiable>(SolverOutputParser.ParseCompetition("s", 10, "v 1 -2 3 0\n", 3)).Model;
        Assert.Equal([true, false, true], model);
    }

    [Fact]
    public void Exit_code_10_without_a_model_is_unknown_and_says_how_minisat_is_run()
    {
        var unknown = Assert.IsType<SolveResult.Unknown>(SolverOutputParser.ParseCompetition("minisat-like", 10, "SATISFIABLE\n", 3));
        Assert.Contains("exited with code 10", unknown.Reason, StringComparison.Ordinal);
        Assert.Contains("--backend minisat", unknown.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("minisat", "minisat")]
    [InlineData("minisat-2.2", "minisat")]
    [InlineData("MiniSat.exe", "minisat")]
    [InlineData("minisat+", "")]
    [InlineData("cryptominisat5", "cryptominisat5")]
    [InlineData("cadical_static", "cadical")]
    [InlineData("glucose", "")]
    public void A_binary_named_after_a_known_solver_is_run_as_that_solver(string file, string known)
    {
        Assert.Equal(known, DimacsSolver.KnownStem(file));
    }
}
