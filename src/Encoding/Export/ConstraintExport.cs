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

    /// <summary>SMT-LIB 2 (QF_LIA): booleans, with cardinality as sums of 0/1 terms compared with their bound.</summary>
    Smt2,
}

/// <summary>
/// Writes a <see cref="ConstraintBuilder"/>'s problem (all clauses, cardinality gates and assertions) to a file
/// format other tools read. Variable <c>v</c> is DIMACS/OPB variable <c>v + 1</c>; the caller writes the map
/// from those numbers to input and neuron names beside the file.
/// </summary>
public static class ConstraintExport
{
    /// <summary>Writes the problem in <paramref name="format"/>; <paramref name="encoding"/> matters for DIMACS only.</summary>
    public static void Write(TextWriter writer, ConstraintBuilder builder, ExportFormat format, CardinalityEncoding encoding, string comment)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(builder);
        switch (format)
        {
            case ExportFormat.Dimacs:
                WriteDimacs(writer, builder, encoding, comment);
                break;
            case ExportFormat.CardinalityCnf:
                WriteCardinalityCnf(writer, builder, comment);
                break;
            case ExportFormat.Opb:
                WriteOpb(writer, builder, comment);
                break;
            case ExportFormat.Smt2:
                WriteSmt2(writer, builder, comment);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "unknown export format");
        }
    }

    private static void WriteDimacs(TextWriter writer, ConstraintBuilder builder, CardinalityEncoding encoding, string comment)
    {
        var formula = new CnfFormula();
        formula.EnsureVariables(builder.VariableCount);
        AddClauses(formula, builder);
        foreach (var gate in builder.CardinalityGates)
            ReifiedCardinality.Encode(formula, gate.Literals.AsSpan(), gate.AtLeast, gate.Output, encoding);
        WriteComment(writer, "c ", comment);
        WriteNames(writer, builder);
        DimacsWriter.Write(writer, formula, []);
    }

    private static void WriteCardinalityCnf(TextWriter writer, ConstraintBuilder builder, string comment)
    {
        WriteComment(writer, "c ", comment);
        WriteNames(writer, builder);
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"p cnf {builder.VariableCount} {ClauseCount(builder) + builder.CardinalityGates.Count}\n"));
        WriteClauses(writer, builder);
        foreach (var gate in builder.CardinalityGates)
        {
            var line = new StringBuilder();
            foreach (var literal in gate.Literals)
                line.Append(literal.ToDimacs().ToString(CultureInfo.InvariantCulture)).Append(' ');
            line.Append(CultureInfo.InvariantCulture, $">= {gate.AtLeast} # {gate.Output.ToDimacs()}\n");
            writer.Write(line.ToString());
        }
    }

    private static void WriteOpb(TextWriter writer, ConstraintBuilder builder, string comment)
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
    }

    private static void WriteSmt2(TextWriter writer, ConstraintBuilder builder, string comment)
    {
        WriteComment(writer, "; ", comment);
        writer.Write("(set-logic QF_LIA)\n(set-option :produce-models true)\n");
        for (int v = 0; v < builder.VariableCount; v++)
        {
            string name = builder.Names.TryGetValue(v, out var n) ? $" ; {n}" : "";
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"(declare-const v{v + 1} Bool){name}\n"));
        }
        foreach (var clause in builder.Clauses)
        {
            var literals = clause.Select(code => Smt(Lit.FromCode(code))).ToList();
            writer.Write(literals.Count == 1 ? $"(assert {literals[0]})\n" : $"(assert (or {string.Join(" ", literals)}))\n");
        }
        foreach (var gate in builder.CardinalityGates)
        {
            string sum = string.Join(" ", gate.Literals.Select(l => $"(ite {Smt(l)} 1 0)"));
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"(assert (= {Smt(gate.Output)} (>= (+ {sum} 0) {gate.AtLeast})))\n"));
        }
        if (builder.IsTriviallyUnsatisfiable)
            writer.Write("(assert false)\n");
        writer.Write("(check-sat)\n");
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
