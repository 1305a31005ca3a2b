using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Contracts.Semantics;
using BnnVerify.Verifier.Contracts.Syntax;

namespace BnnVerify.Verifier.Robustness;

/// <summary>
/// A robustness question as an ordinary contract, so that every backend can decide it and saved counterexamples replay:
/// <c>requires hamming(center) &lt;= R</c>, the bits that may not flip fixed at the center's values, and
/// <c>ensures class == L</c> (ties by the model's rule) or <c>ensures score(L) &gt; score(c)</c> for every other class
/// (a tie counts as a change).
/// </summary>
internal static class RobustnessContract
{
    /// <summary>The contract, with locations in the spec text <see cref="SpecText"/> writes (file <paramref name="specName"/>).</summary>
    public static ElaboratedContract Build(BnnModel model, string name, string specName, ImmutableArray<bool> center, ImmutableArray<int> freeBits,
        int radius, int label, bool tieIsChange)
    {
        var free = new HashSet<int>(freeBits);
        Formula Differs(int i) => center[i] ? Formulas.Not(Formulas.Input(i)) : Formulas.Input(i);
        Formula Keeps(int i) => center[i] ? Formulas.Input(i) : Formulas.Not(Formulas.Input(i));
        var requires = ImmutableArray.CreateBuilder<ContractClause>();
        var distance = new LinearSum([.. freeBits.Select(i => new LinearTerm(-1, Differs(i), -1))], radius);
        requires.Add(new ContractClause(ClauseKind.Requires, new SourceLocation(specName, 3, 3), HammingText(radius),
            Formulas.Compare(distance, Comparison.AtLeastZero)));
        var fixedBits = Enumerable.Range(0, center.Length).Where(i => !free.Contains(i)).ToList();
        if (fixedBits.Count > 0)
        {
            requires.Add(new ContractClause(ClauseKind.Requires, new SourceLocation(specName, 4, 3), FixedText(model, center, fixedBits),
                Formulas.And(fixedBits.Select(Keeps))));
        }
        var ensures = ImmutableArray.CreateBuilder<ContractClause>();
        int line = 4 + (fixedBits.Count > 0 ? 1 : 0);
        var classes = model.Output.Names;
        if (!tieIsChange || classes.Length == 1)
        {
            ensures.Add(new ContractClause(ClauseKind.Ensures, new SourceLocation(specName, line, 3), $"class == {classes[label]}", Formulas.ClassIs(label)));
        }
        else
        {
            for (int c = 0; c < classes.Length; c++)
            {
                if (c == label)
                    continue;
                var beats = new LinearSum([new LinearTerm(1, null, label), new LinearTerm(-1, null, c)], -1);
                ensures.Add(new ContractClause(ClauseKind.Ensures, new SourceLocation(specName, line++, 3), $"score({classes[label]}) > score({classes[c]})",
                    Formulas.Compare(beats, Comparison.AtLeastZero)));
            }
        }
        return new ElaboratedContract(name, new SourceLocation(specName, 2, 1), requires.ToImmutable(), ensures.ToImmutable());
    }

    /// <summary>The contract as spec text (with its center in <paramref name="centerFile"/>), line for line as <see cref="Build"/> locates it.</summary>
    public static string SpecText(ElaboratedContract contract, string centerFile)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"const center = inputs(\"{centerFile}\")\n");
        text.Append(CultureInfo.InvariantCulture, $"contract {contract.Name} {{\n");
        foreach (var clause in contract.Requires)
            text.Append(CultureInfo.InvariantCulture, $"  requires {clause.Text}\n");
        foreach (var clause in contract.Ensures)
            text.Append(CultureInfo.InvariantCulture, $"  ensures {clause.Text}\n");
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>The center in the input-file syntax (true inputs listed, one per line).</summary>
    public static string CenterText(BnnModel model, ImmutableArray<bool> center)
    {
        var text = new StringBuilder("# the center of a bnnverify robust query: its true inputs\n");
        for (int i = 0; i < center.Length; i++)
        {
            if (center[i])
                text.Append(model.InputNames[i]).Append('\n');
        }
        return text.ToString();
    }

    private static string HammingText(int radius) => string.Create(CultureInfo.InvariantCulture, $"hamming(center) <= {radius}");

    private static string FixedText(BnnModel model, ImmutableArray<bool> center, List<int> fixedBits) =>
        string.Join(" && ", fixedBits.Select(i => (center[i] ? "" : "!") + model.InputNames[i]));
}
