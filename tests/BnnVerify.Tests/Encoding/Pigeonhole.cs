using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Tests.Encoding;

/// <summary>The pigeonhole formula (holes+1 pigeons, pairwise exclusion clauses): unsatisfiable and hard for resolution.</summary>
internal static class Pigeonhole
{
    public static void Add(ISatBackend backend, int holes)
    {
        int pigeons = holes + 1;
        var x = new int[pigeons, holes];
        for (int p = 0; p < pigeons; p++)
            for (int h = 0; h < holes; h++)
                x[p, h] = backend.NewVariable();
        for (int p = 0; p < pigeons; p++)
        {
            var clause = new Lit[holes];
            for (int h = 0; h < holes; h++)
                clause[h] = Lit.Positive(x[p, h]);
            backend.AddClause(clause);
        }
        for (int h = 0; h < holes; h++)
            for (int p = 0; p < pigeons; p++)
                for (int q = p + 1; q < pigeons; q++)
                    backend.AddClause([Lit.Negative(x[p, h]), Lit.Negative(x[q, h])]);
    }
}
