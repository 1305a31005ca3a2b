using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Model;
using BnnVerify.Verifier.Checking;
using BnnVerify.Verifier.Contracts.Semantics;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Checking;

/// <summary>
/// Block-shaped contracts (some inputs fixed, some free, some in small constrained groups, optionally one conjunct that
/// ties two groups together) on random small models, decided by exhaustive checking with the block enumeration, with the
/// generic precondition search, and by brute force over all 2ⁿ inputs: the same verdict, scope, violation count and
/// canonical counterexamples (inputs, outputs and failed clauses), on one thread and on several.
/// </summary>
public sealed class BlockEnumerationDifferentialTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bnnverify-blocks-");
    private int _caseNumber;

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>One random case: the model's seed and widths, and per input a role (see <see cref="Precondition"/>).</summary>
    public sealed record BlockCase(int Seed, int[] Widths, int[] Roles, int Extra, int Ensures, int MaxCounterexamples)
    {
        public override string ToString() =>
            $"seed {Seed}, widths {string.Join("-", Widths)}, roles {string.Join("", Roles)}, extra {Extra}, ensures {Ensures}, keep {MaxCounterexamples}";
    }

    private static Gen<BlockCase> Cases() =>
        from inputs in Gen.Choose(3, 11)
        from hidden in Gen.Choose(1, 9)
        from classes in Gen.Choose(2, 4)
        from twoHidden in Gen.Elements(true, false)
        from seed in Gen.Choose(0, int.MaxValue)
        from roles in Gen.ArrayOf(Gen.Frequency((2, Gen.Choose(0, 1)), (3, Gen.Constant(2)), (3, Gen.Constant(3))), inputs)
        from extra in Gen.Choose(0, 3)
        from ensures in Gen.Choose(0, 4)
        from keep in Gen.Frequency((3, Gen.Choose(0, 4)), (1, Gen.Constant(1 << 20)))
        select new BlockCase(seed, twoHidden ? [inputs, hidden, hidden + 1, classes] : [inputs, hidden, classes], roles, extra, ensures, keep);

    [Fact]
    public void The_block_enumeration_agrees_with_the_precondition_search_and_brute_force()
    {
        Prop.ForAll(Arb.From(Cases()), Check).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Where_it_wins_picks_the_blocks_only_for_search_bound_or_wide_first_layers()
    {
        // 12 inputs, 2 fixed, 10 free: the search walks cubes of 2^10 and one-word first layers gain nothing.
        var model = RandomNetworks.Create(7, [12, 8, 3]);
        var network = PackedNetwork.Compile(model);
        var cube = Load(model, "x0 && !x1", "class == c0");
        var options = new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, 3) { BallSearch = false };
        Assert.Equal(ExhaustiveEnumeration.PreconditionSearch, new ExhaustiveChecker(network, options).EnumerationFor(cube));
        Assert.Equal(ExhaustiveEnumeration.BlockEnumeration,
            new ExhaustiveChecker(network, options with { BlockEnumeration = BlockEnumerationUse.Always }).EnumerationFor(cube));
        // Every input in a small group: each input would cost a search leaf.
        var groups = Load(model, string.Join(" && ", Enumerable.Range(0, 6).Select(p => $"(x{2 * p} ==> !x{(2 * p) + 1})")), "class == c0");
        Assert.Equal(ExhaustiveEnumeration.BlockEnumeration, new ExhaustiveChecker(network, options).EnumerationFor(groups));
        Assert.Equal(ExhaustiveEnumeration.PreconditionSearch,
            new ExhaustiveChecker(network, options with { BlockEnumeration = BlockEnumerationUse.Never }).EnumerationFor(groups));
        // A precondition that ties every input together is one block: nothing to walk.
        var tied = Load(model, "count(x[0..11]) == 3", "class == c0");
        Assert.Equal(ExhaustiveEnumeration.PreconditionSearch,
            new ExhaustiveChecker(network, options with { BlockEnumeration = BlockEnumerationUse.Always }).EnumerationFor(tied));
    }

    private void Check(BlockCase c)
    {
        var model = RandomNetworks.Create(c.Seed, c.Widths);
        var network = PackedNetwork.Compile(model);
        var contract = Load(model, Precondition(c), EnsuresText(c.Ensures));
        var options = new ExhaustiveOptions(ExhaustiveOptions.DefaultMaxInputs, c.MaxCounterexamples) { BallSearch = false };
        var blocks = new ExhaustiveChecker(network, options with { BlockEnumeration = BlockEnumerationUse.Always, Threads = 1 });
        var blocksParallel = new ExhaustiveChecker(network, options with { BlockEnumeration = BlockEnumerationUse.Always, Threads = 2 });
        var search = new ExhaustiveChecker(network, options with { BlockEnumeration = BlockEnumerationUse.Never, Threads = 1 });

        var expected = BruteForce(network, contract, c.MaxCounterexamples);
        // Two free inputs at least make two blocks that change (three when extra 1 ties two of them into one block), so the
        // block path is the one under test, unless no input satisfies the precondition, which the scope count settles first.
        if (c.Roles.Count(r => r == 2) >= (c.Extra == 1 ? 3 : 2) && expected.InScope > 0)
            Assert.Equal(ExhaustiveEnumeration.BlockEnumeration, blocks.EnumerationFor(contract));
        Assert.Equal(ExhaustiveEnumeration.PreconditionSearch, search.EnumerationFor(contract));
        foreach (var result in new[] { blocks.Check(contract, null, CancellationToken.None), blocksParallel.Check(contract, null, CancellationToken.None),
                     search.Check(contract, null, CancellationToken.None) })
        {
            Assert.True(expected.Verdict == result.Verdict, $"{c}: expected {expected.Verdict}, got {result.Verdict} ({result.Reason})");
            Assert.Equal(expected.InScope, result.InputsInScope ?? 0);
            if (expected.Verdict != Verdict.Vacuous)
            {
                Assert.Equal(expected.InScope, result.InputsChecked);
                Assert.True(expected.Violations == result.Violations, $"{c}: expected {expected.Violations} violations, got {result.Violations}");
            }
            Assert.Equal(expected.Counterexamples.Count, result.Counterexamples.Length);
            for (int k = 0; k < expected.Counterexamples.Count; k++)
            {
                var (inputs, output, failed) = expected.Counterexamples[k];
                var actual = result.Counterexamples[k];
                Assert.Equal(inputs, actual.Inputs);
                Assert.Equal(output.Class, actual.Output.Class);
                Assert.Equal(output.Scores.ToArray(), actual.Output.Scores.ToArray());
                Assert.Equal(failed, actual.FailedClauses.Select(f => f.Text));
            }
        }
    }

    /// <summary>
    /// Role 0 or 1: the input is fixed false or true; 2: free (never mentioned); 3: in a group of up to three consecutive
    /// role-3 inputs with a constraint chosen by the group's position. Extra 1 adds a constraint over the first two free
    /// inputs, 2 a disjunction over every fixed input (true when they are as fixed, so it only merges them into one
    /// part), 3 one that ties the first and last group into one block.
    /// </summary>
    private static string Precondition(BlockCase c)
    {
        var conjuncts = new List<string>();
        var groups = new List<List<int>>();
        var group = new List<int>();
        for (int i = 0; i <= c.Roles.Length; i++)
        {
            if (i < c.Roles.Length && c.Roles[i] == 3 && group.Count < 3)
            {
                group.Add(i);
                continue;
            }
            if (group.Count > 0)
            {
                groups.Add(group);
                group = [];
            }
            if (i == c.Roles.Length)
                break;
            if (c.Roles[i] == 3)
                group.Add(i);
            else if (c.Roles[i] < 2)
                conjuncts.Add(c.Roles[i] == 1 ? $"x{i}" : $"!x{i}");
        }
        for (int g = 0; g < groups.Count; g++)
        {
            var names = groups[g].Select(i => $"x{i}").ToList();
            conjuncts.Add(((g + c.Seed) % 4, names.Count) switch
            {
                (0, _) => $"atmost(1, {string.Join(", ", names)})",
                (1, _) => $"exactly(1, {string.Join(", ", names)})",
                (2, 1) => $"!{names[0]}",
                (2, _) => $"({names[0]} ==> !{names[1]})",
                (_, _) => $"({string.Join(" || ", names)})",
            });
        }
        var free = Enumerable.Range(0, c.Roles.Length).Where(i => c.Roles[i] == 2).ToList();
        var fixedOnes = Enumerable.Range(0, c.Roles.Length).Where(i => c.Roles[i] < 2).ToList();
        if (c.Extra == 1 && free.Count >= 2)
            conjuncts.Add($"(x{free[0]} || x{free[1]})");
        if (c.Extra == 2 && fixedOnes.Count >= 2)
            conjuncts.Add($"({string.Join(" || ", fixedOnes.Select(i => c.Roles[i] == 1 ? $"x{i}" : $"!x{i}"))})");
        if (c.Extra == 3 && groups.Count >= 2)
            conjuncts.Add($"(x{groups[0][0]} ==> !x{groups[^1][0]})");
        return conjuncts.Count == 0 ? "true" : string.Join(" && ", conjuncts);
    }

    private static string EnsuresText(int kind) => kind switch
    {
        0 => "class == c0",
        1 => "class != c1",
        2 => "score(c0) > score(c1)",
        3 => "class in {c0, c1}",
        _ => "score(c1) <= score(c0) + 1",
    };

    private ElaboratedContract Load(BnnModel model, string precondition, string ensures)
    {
        string path = Path.Combine(_folder.FullName, (++_caseNumber).ToString(CultureInfo.InvariantCulture) + ".contract");
        File.WriteAllText(path, $"contract block_case {{\n  requires {precondition}\n  ensures {ensures}\n}}\n", new UTF8Encoding(false));
        var loaded = SpecLoader.Load(path, model);
        Assert.True(loaded.Succeeded, $"the generated spec does not load: {string.Join("; ", loaded.Diagnostics)}\n{File.ReadAllText(path)}");
        return loaded.Spec!.Contracts.Single();
    }

    private sealed record Expected(Verdict Verdict, long InScope, long Violations, List<(bool[] Inputs, NetworkOutput Output, string[] Failed)> Counterexamples);

    // Every one of the 2ⁿ inputs in counting order; the smallest counterexamples in the canonical order (false before
    // true, input 0 first) are the violating inputs sorted by their reversed bits.
    private static Expected BruteForce(PackedNetwork network, ElaboratedContract contract, int keep)
    {
        int n = network.InputCount;
        var assignment = new Assignment(n, network.OutputCount);
        var workspace = network.CreateWorkspace();
        long inScope = 0;
        var violating = new List<(bool[] Inputs, NetworkOutput Output, string[] Failed)>();
        for (long bits = 0; bits < 1L << n; bits++)
        {
            var inputs = Enumerable.Range(0, n).Select(i => ((bits >> i) & 1) != 0).ToArray();
            PackedBits.Pack(inputs, assignment.InputBits);
            if (!contract.Precondition.Evaluate(assignment))
                continue;
            inScope++;
            network.Evaluate(assignment.InputBits, workspace);
            assignment.SetOutput(workspace);
            var failed = contract.Ensures.Where(e => !e.Formula.Evaluate(assignment)).Select(e => e.Text).ToArray();
            if (failed.Length > 0)
                violating.Add((inputs, workspace.ToOutput(), failed));
        }
        var smallest = violating.OrderBy(v => string.Concat(v.Inputs.Select(b => b ? '1' : '0')), StringComparer.Ordinal).Take(keep).ToList();
        var verdict = inScope == 0 ? Verdict.Vacuous : violating.Count == 0 ? Verdict.Holds : Verdict.Violated;
        return new Expected(verdict, inScope, violating.Count, smallest);
    }
}
