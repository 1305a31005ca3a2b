using BnnVerify.Encoding.Native;

namespace BnnVerify.Encoding.ProblemFiles;

/// <summary>A linear pseudo-Boolean constraint <c>Output ⇔ Σ Weights[i]·Literals[i] ≥ AtLeast</c>, or the sum alone when <c>Output</c> is null.</summary>
/// <param name="Literals">Literal codes (2·variable + sign).</param>
/// <param name="Weights">Positive weights, one per literal.</param>
/// <param name="AtLeast">The bound.</param>
/// <param name="Output">The literal equivalent to the bound being reached, or null for a constraint that must hold.</param>
public sealed record PseudoBooleanConstraint(int[] Literals, int[] Weights, long AtLeast, int? Output);

/// <summary>
/// A satisfiability problem read from a file: clauses and pseudo-Boolean constraints over variables 0 …
/// Variables−1, as the cardinality-CNF and OPB readers produce it, ready for <see cref="CdclSolver"/>.
/// </summary>
/// <param name="Variables">How many variables the file declares or uses.</param>
/// <param name="Clauses">Clauses as literal codes.</param>
/// <param name="Constraints">Pseudo-Boolean constraints.</param>
/// <param name="PreferredVariables">Variables the file asks to branch on first (a network's inputs), possibly none.</param>
public sealed record PseudoBooleanProblem(int Variables, IReadOnlyList<int[]> Clauses, IReadOnlyList<PseudoBooleanConstraint> Constraints, IReadOnlyList<int> PreferredVariables)
{
    /// <summary>Loads the problem into a fresh solver whose first decisions are <paramref name="initialPhase"/>; its variables are the file's, in order.</summary>
    public CdclSolver CreateSolver(bool initialPhase = false)
    {
        var solver = new CdclSolver { InitialPhase = initialPhase };
        for (int v = 0; v < Variables; v++)
            solver.NewVariable();
        int? alwaysTrue = null;
        foreach (var clause in Clauses)
            solver.AddClause(clause);
        foreach (var c in Constraints)
        {
            int output;
            if (c.Output is { } o)
            {
                output = o;
            }
            else
            {
                alwaysTrue ??= 2 * solver.NewVariable();
                solver.AddClause([alwaysTrue.Value]);
                output = alwaysTrue.Value;
            }
            solver.AddAtLeast(c.Literals, c.Weights, c.AtLeast, output);
        }
        return solver;
    }
}
