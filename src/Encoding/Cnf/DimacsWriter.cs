using System.Globalization;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Cnf;

/// <summary>Writes a <see cref="CnfFormula"/> in DIMACS CNF, the one place where 1-based signed numbering appears.</summary>
public static class DimacsWriter
{
    /// <summary>
    /// Writes the header, every clause, and each of <paramref name="units"/> as a unit clause
    /// (this is how assumptions reach a solver that reads a file).
    /// </summary>
    public static void Write(TextWriter writer, CnfFormula formula, ReadOnlySpan<Lit> units)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(formula);
        int variables = formula.VariableCount;
        foreach (var unit in units)
        {
            if (unit.Variable >= variables)
                throw new ArgumentOutOfRangeException(nameof(units), $"Unit {unit} names variable {unit.Variable}, but only {variables} variables exist.");
        }
        writer.Write("p cnf ");
        writer.Write(variables.ToString(CultureInfo.InvariantCulture));
        writer.Write(' ');
        writer.Write((formula.ClauseCount + units.Length).ToString(CultureInfo.InvariantCulture));
        writer.Write('\n');
        Span<char> digits = stackalloc char[12];
        for (int c = 0; c < formula.ClauseCount; c++)
        {
            foreach (int code in formula.ClauseCodes(c))
                WriteLiteral(writer, Lit.FromCode(code), digits);
            writer.Write("0\n");
        }
        foreach (var unit in units)
        {
            WriteLiteral(writer, unit, digits);
            writer.Write("0\n");
        }
    }

    private static void WriteLiteral(TextWriter writer, Lit lit, Span<char> digits)
    {
        // Formatting into a stack buffer avoids one string per literal on large formulas.
        lit.ToDimacs().TryFormat(digits, out int length, default, CultureInfo.InvariantCulture);
        writer.Write(digits[..length]);
        writer.Write(' ');
    }
}
