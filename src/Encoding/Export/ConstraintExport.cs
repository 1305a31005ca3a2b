using System.Globalization;
using System.Text;
using BnnVerify.Encoding.Cardinality;
using BnnVerify.Encoding.Circuit;
using BnnVerify.Encoding.Cnf;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Export;

/// <summary>The file formats a <see cref="ConstraintBuilder"/> can be exported to.</summary>
public enum ExportFormat
{
    /// <summary>DIMACS CNF; cardinality constraints become clauses through a chosen encoding.</summary>
    Dimacs,

    /// <summary>
    /// DIMACS extended with native reified cardinality lines <c>ℓ₁ … ℓₙ &gt;= k # y</c> (y ⇔ at least k of the
    /// literals; a literal may repeat to carry weight), as read by MiniSatCS in the EEV verifier
    /// (Jia &amp; Rinard, NeurIPS 2020). The header counts clauses and cardinality lines together.
    /// </summary>
    CardinalityCnf,

    /// <summary>Linear pseudo-Boolean constraints in the OPB format of the PB competitions (positive literals only).</summary>
    Opb,

    /// <summary>SMT-LIB 2: booleans, with cardinality as z3's pseudo-Boolean <c>pbge</c> (measured much faster in z3 than sums of 0/1 integers; docs/benchmarks.md).</summary>
    Smt2,
}

/// <summary>The size of an exported file as the file itself states it: its header's counts (SMT-LIB: declarations and assertions).</summary>
/// <param name="Variables">Variables in the header (DIMACS, OPB) or declared constants (SMT-LIB).</param>
/// <param name="Constraints">Clauses (DIMACS), clauses plus cardinality lines (cardinality CNF), constraints (OPB) or assertions (SMT-LIB).</param>
/// <param name="CardinalityLines">Of <paramref name="Constraints"/>, the native cardinality lines (cardinality CNF only, else 0).</param>
public sealed record ExportSize(int Variables, int Constraints, int CardinalityLines = 0);

/// <summary>
/// Writes a <see cref="ConstraintBuilder"/>'s problem (all clauses, cardinality gates and assertions) to a file
/// format other tools read. Variable <c>v</c> is DIMACS/OPB variable <c>v + 1</c>; the caller writes the map
/// from those numbers to input and neuron names beside the file.
/// </summary>
public static class ConstraintExport
{
    /// <summary>Writes the problem in <paramref name="format"/>; <paramref name="encoding"/> matters for DIMACS only. Returns the written file's size.</summary>
    public static ExportSize Write(TextWriter writer, ConstraintBuilder builder, ExportFormat format, CardinalityEncoding encoding, string comment)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(builder);
        return format switch
        {
            ExportFormat.Dimacs => WriteDimacs(writer, builder, encoding, comment),
            ExportFormat.CardinalityCnf => WriteCardinalityCnf(writer, builder, comment),
            ExportFormat.Opb => WriteOpb(writer, builder, comment),
            ExportFormat.Smt2 => WriteSmt2(writer, builder, comment),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown export format"),
        };
    }

    /// <summary>The comment lines a cardinality-CNF file starts with: what the format is, and that plain DIMACS solvers cannot read it.</summary>
    public const string CardinalityCnfNotice =
        "cardinality CNF: DIMACS extended with lines 'l1 ... ln >= k # y' (y <=> at least k of the literals), the format\n"
        + "EEV's MiniSatCS reads (Jia & Rinard, NeurIPS 2020) and 'bnnverify solve' reads. Plain DIMACS solvers cannot read\n"
        + "it: for them export with --format dimacs, which encodes the cardinality lines as clauses.";

    private static ExportSize WriteDimacs(TextWriter writer, ConstraintBuilder builder, CardinalityEncoding encoding, string comment)
    {
        var formula = new CnfFormula();
        formula.EnsureVariables(builder.VariableCount);
        AddClauses(formula, builder);
        foreach (var gate in builder.CardinalityGates)
            ReifiedCardinality.Encode(formula, gate.Literals.AsSpan(), gate.AtLeast, gate.Output, encoding);
        WriteComment(writer, "c ", comment);
        WriteNames(writer, builder);
        DimacsWriter.Write(writer, formula, []);
        return new ExportSize(formula.VariableCount, formula.ClauseCount);
    }

    private static ExportSize WriteCardinalityCnf(TextWriter writer, ConstraintBuilder builder, string comment)
    {
        WriteComment(writer, "c ", comment);
        WriteComment(writer, "c ", CardinalityCnfNotice);
        WriteNames(writer, builder);
        // The header counts clauses and cardinality lines together, as MiniSatCS expects.
        var size = new ExportSize(builder.VariableCount, ClauseCount(builder) + builder.CardinalityGates.Count, builder.CardinalityGates.Count);
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"p cnf {size.Variables} {size.Constraints}\n"));
        WriteClauses(writer, builder);
        foreach (var gate in builder.CardinalityGates)
        {
            var line = new StringBuilder();
            foreach (var literal in gate.Literals)
                line.Append(literal.ToDimacs().ToString(CultureInfo.InvariantCulture)).Append(' ');
            line.Append(CultureInfo.InvariantCulture, $">= {gate.AtLeast} # {gate.Output.ToDimacs()}\n");
            writer.Write(line.ToString());
        }
        return size;
    }

    private static ExportSize WriteOpb(TextWriter writer, ConstraintBuilder builder, string comment)
    {
        var opb = new OpbWriter();
        foreach (var clause in builder.Clauses)
            opb.AddClauseCodes(clause);
        // A problem that folded to false must still be unsatisfiable in the file.
        if (builder.IsTriviallyUnsatisfiable)
            opb.AddFalse();
        foreach (var gate in builder.CardinalityGates)
            opb.AddReifiedAtLeast(gate.Literals.AsSpan(), gate.AtLeast, gate.Output);
        var comments = comment.Split('\n')
            .Append(string.Create(CultureInfo.InvariantCulture, $"{ProblemFiles.ProblemFileReader.InputsComment} {builder.InputCount}"))
            .Concat(builder.Names.OrderBy(p => p.Key)
            .Select(name => string.Create(CultureInfo.InvariantCulture, $"x{name.Key + 1} = {name.Value}")));
        opb.Write(writer, builder.VariableCount, comments);
        var (variables, constraints) = opb.HeaderCounts(builder.VariableCount);
        return new ExportSize(variables, constraints);
    }

    private static ExportSize WriteSmt2(TextWriter writer, ConstraintBuilder builder, string comment)
    {
        WriteComment(writer, "; ", comment);
        WriteComment(writer, "; ", Smt2CardinalityNotice);
        // pbge is z3's extension; z3 accepts it under logic ALL (not under QF_LIA).
        writer.Write("(set-logic ALL)\n(set-option :produce-models true)\n");
        for (int v = 0; v < builder.VariableCount; v++)
        {
            string name = builder.Names.TryGetValue(v, out var n) ? $" ; {n}" : "";
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"(declare-const v{v + 1} Bool){name}\n"));
        }
        int assertions = 0;
        foreach (var clause in builder.Clauses)
        {
            var literals = clause.Select(code => Smt(Lit.FromCode(code))).ToList();
            writer.Write(literals.Count == 1 ? $"(assert {literals[0]})\n" : $"(assert (or {string.Join(" ", literals)}))\n");
            assertions++;
        }
        foreach (var gate in builder.CardinalityGates)
        {
            writer.Write(Smt2Gate(gate.Literals.AsSpan(), gate.AtLeast, gate.Output));
            assertions++;
        }
        if (builder.IsTriviallyUnsatisfiable)
        {
            writer.Write("(assert false)\n");
            assertions++;
        }
        // get-model makes the solver print the counterexample, which bnnverify decode turns into a counterexample file.
        writer.Write("(check-sat)\n(get-model)\n");
        return new ExportSize(builder.VariableCount, assertions);
    }

    /// <summary>Why the SMT-LIB export states cardinality with pbge, and who reads it.</summary>
    public const string Smt2CardinalityNotice =
        "cardinality as z3's pseudo-Boolean ((_ pbge k w1 ... wn) l1 ... ln), which z3 decides far faster than sums of\n"
        + "(ite l 1 0) or bit-vector sums (docs/benchmarks.md). cvc5 reads neither pbge nor at-least: for cvc5 and other\n"
        + "solvers export with --format dimacs or --format opb.";

    /// <summary>
    /// <c>(assert (= y ((_ pbge k w…) ℓ…)))</c>: y ⇔ at least k of the literals, repeated literals merged into weights.
    /// The indices of pbge are numerals, so a bound of 0 or less (always true) and one above the total weight (never)
    /// fix y instead.
    /// </summary>
    private static string Smt2Gate(ReadOnlySpan<Lit> literals, int atLeast, Lit output)
    {
        var weights = new Dictionary<Lit, int>();
        var order = new List<Lit>();
        foreach (var literal in literals)
        {
            if (weights.TryGetValue(literal, out int w))
            {
                weights[literal] = w + 1;
            }
            else
            {
                weights[literal] = 1;
                order.Add(literal);
            }
        }
        if (atLeast <= 0)
            return $"(assert {Smt(output)})\n";
        if (atLeast > literals.Length)
            return $"(assert {Smt(!output)})\n";
        string coefficients = string.Join(" ", order.Select(l => weights[l].ToString(CultureInfo.InvariantCulture)));
        string terms = string.Join(" ", order.Select(Smt));
        return string.Create(CultureInfo.InvariantCulture, $"(assert (= {Smt(output)} ((_ pbge {atLeast} {coefficients}) {terms})))\n");
    }

    private static string Smt(Lit literal) =>
        literal.IsNegative ? $"(not v{literal.Variable + 1})" : $"v{literal.Variable + 1}";

    private static int ClauseCount(ConstraintBuilder builder) => builder.Clauses.Count + (builder.IsTriviallyUnsatisfiable ? 1 : 0);

    private static void AddClauses(CnfFormula formula, ConstraintBuilder builder)
    {
        foreach (var clause in builder.Clauses)
            formula.AddClause([.. clause.Select(Lit.FromCode)]);
        // A trivially unsatisfiable problem still has to be unsatisfiable in the file: the empty clause says so.
        if (builder.IsTriviallyUnsatisfiable)
            formula.AddClause([]);
    }

    private static void WriteClauses(TextWriter writer, ConstraintBuilder builder)
    {
        foreach (var clause in builder.Clauses)
            writer.Write(string.Join(" ", clause.Select(code => Lit.FromCode(code).ToDimacs().ToString(CultureInfo.InvariantCulture))) + " 0\n");
        if (builder.IsTriviallyUnsatisfiable)
            writer.Write("0\n");
    }

    private static void WriteNames(TextWriter writer, ConstraintBuilder builder)
    {
        // Which variables are the network's inputs, for solvers that branch on them first (bnnverify solve).
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"c {ProblemFiles.ProblemFileReader.InputsComment} {builder.InputCount}\n"));
        foreach (var name in builder.Names.OrderBy(p => p.Key))
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"c vname {name.Key + 1} {name.Value}\n"));
    }

    private static void WriteComment(TextWriter writer, string prefix, string comment)
    {
        foreach (var line in comment.Split('\n'))
            writer.Write(prefix + line + "\n");
    }
}
