using System.Collections.Immutable;
using System.Text;
using BnnVerify.Tests.Contracts.Reference;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Solving;

/// <summary>
/// Contracts that hold (or fail) for reasons constant propagation cannot see, added to the random specs of
/// <see cref="ContractGenerators"/> — whose contracts that hold mostly hold by their form (<c>e ==&gt; e</c>),
/// which the builder folds before any solver runs. These make the solver prove UNSAT:
/// robustness around an input vector (<c>requires hamming(V) &lt;= r ensures class == c</c>), the argmax law
/// with the tie rule (<c>class == ci ==&gt; score(ci) &gt; score(cj)</c> holds exactly when ci wins ties
/// against cj), "some class wins" and "at most one class wins", and preconditions no input satisfies.
/// </summary>
internal static class SemanticContracts
{
    public const string VectorName = "SEMVEC";

    public const string ComplementName = "SEMVEC_NOT";

    /// <summary>The most inputs of a model that gets the argmax laws.</summary>
    public const int SmallModelInputs = 10;

    /// <summary>The spec of <paramref name="shape"/> with one to three semantic contracts added.</summary>
    public static Gen<RefSpec> AddTo(ModelShape shape, RefSpec spec) =>
        from values in Gen.ArrayOf(Gen.Elements(true, false), shape.InputCount)
        from count in Gen.Choose(1, 3)
        from contracts in Gen.ArrayOf(Contract(shape, values), count)
        select With(spec, [Vector(shape, values), Complement(shape, values)], contracts);

    private static Gen<SemanticContract> Contract(ModelShape shape, bool[] values)
    {
        var vector = Vector(shape, values);
        var point = DifferentialCase.ReferencePoint(shape.Model, values);
        int outputs = shape.OutputCount;
        var robust =
            from radius in Gen.Choose(1, 3)
            from faithful in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
            from other in Gen.Choose(0, outputs - 1)
            from bit in Gen.Choose(0, outputs - 1)
            let requires = (RefBool)new Compare("<=", new Hamming(vector), new IntLiteral(radius))
            let ensures = shape.IsArgmax
                ? (RefBool)new ClassIs(Class(shape, faithful ? point.Class : other), equal: true, classOnRight: false)
                : point.Bits[bit] == faithful ? OutputBit(shape, bit) : new Not(OutputBit(shape, bit), word: false)
            select new SemanticContract([requires], [ensures]);
        // Two hamming balls around V and its complement whose radii add up to less than n: no input is in both
        // (its distances to the two add up to n), but only a counting argument shows it.
        var unsatisfiable =
            from radius in Gen.Choose(0, shape.InputCount - 1)
            select new SemanticContract(
                [new Compare("<=", new Hamming(vector), new IntLiteral(radius)),
                 new Compare("<=", new Hamming(Complement(shape, values)), new IntLiteral(shape.InputCount - 1 - radius))],
                [shape.IsArgmax ? new ClassIs(Class(shape, 0), true, false) : OutputBit(shape, 0)]);
        // The argmax laws make a solver prove that two comparator circuits over the scores agree: instant on small
        // models, but minutes for CryptoMiniSat or MiniSat on 13 inputs and 9 classes. Larger models get the
        // robustness and counting contracts only.
        if (!shape.IsArgmax || outputs < 2 || shape.InputCount > SmallModelInputs)
            return Gen.Frequency((4, robust), (1, unsatisfiable));

        var tieRule =
            from i in Gen.Choose(0, outputs - 1)
            from j in Gen.Choose(0, outputs - 1).Where(j => j != i)
            from strict in Gen.Elements(true, false)
            select new SemanticContract([], [new Binary(Connective.Implies,
                new ClassIs(Class(shape, i), equal: true, classOnRight: false),
                new Compare(strict ? ">" : ">=", new Score(Class(shape, i)), new Score(Class(shape, j))), word: false, comment: 0)]);
        var classes = Enumerable.Range(0, outputs).Select(j => Class(shape, j)).ToArray();
        var someClassWins = Gen.Constant(new SemanticContract([], [new ClassIn(classes, null)]));
        var oneClassWins = Gen.Constant(new SemanticContract([], [new Cardinality("exactly", new IntLiteral(1),
            [.. classes.Select(c => (RefItem)new ConditionItem(new ClassIs(c, equal: true, classOnRight: true)))])]));
        return Gen.Frequency((4, robust), (3, tieRule), (1, someClassWins), (1, oneClassWins), (1, unsatisfiable));
    }

    private static NameRef Class(ModelShape shape, int j) => NameRef.Direct(NameKind.Class, shape.OutputName(j), j);

    private static BoolName OutputBit(ModelShape shape, int j) => new(NameRef.Direct(NameKind.OutputBit, shape.OutputName(j), j));

    private static VectorConstant Vector(ModelShape shape, bool[] values) => Vector(shape, VectorName, "semantic.inputs", values);

    private static VectorConstant Complement(ModelShape shape, bool[] values) =>
        Vector(shape, ComplementName, "complement.inputs", [.. values.Select(v => !v)]);

    private static VectorConstant Vector(ModelShape shape, string name, string file, bool[] values)
    {
        var text = new StringBuilder("# a centre of the semantic contracts\n");
        for (int i = 0; i < values.Length; i++)
            text.Append(shape.InputName(i)).Append(values[i] ? "=1\n" : "=0\n");
        return new VectorConstant(name, file, text.ToString(), values);
    }

    private sealed record SemanticContract(RefBool[] Requires, RefBool[] Ensures);

    private static RefSpec With(RefSpec spec, VectorConstant[] vectors, SemanticContract[] added)
    {
        int declarations = spec.Declarations.Count, extra = vectors.Length;
        // The new declarations go last among the declarations, so every old contract index moves up.
        var order = spec.Order.Select(i => i < declarations ? i : i + extra).ToList();
        order.AddRange(Enumerable.Range(declarations, extra));
        var contracts = spec.Contracts.ToList();
        for (int k = 0; k < added.Length; k++)
        {
            order.Add(declarations + extra + contracts.Count);
            contracts.Add(new RefContract($"semantic{k}", added[k].Requires, added[k].Ensures, [true]));
        }
        return new RefSpec([.. spec.Declarations, .. vectors], contracts.ToImmutableList(), order);
    }
}
