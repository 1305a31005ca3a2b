using System.Collections.Immutable;
using System.Globalization;

namespace BnnVerify.Verifier.Contracts.Semantics;

/// <summary>What an expression denotes during elaboration. Only booleans and integers survive into formulas.</summary>
internal abstract record Value
{
    /// <summary>How the value is named in type errors ("a boolean", "a count", …).</summary>
    public abstract string Describe();
}

/// <summary>A boolean: a formula over inputs and outputs (possibly constant).</summary>
internal sealed record BoolValue(Formula Formula) : Value
{
    public override string Describe() => Formula is ConstantFormula c ? (c.Value ? "the constant true" : "the constant false") : "a boolean";
}

/// <summary>An integer: a linear sum of counts and scores, or a plain constant when it has no terms.</summary>
internal sealed record IntValue(LinearSum Sum) : Value
{
    public bool IsStatic => Sum.IsConstant;

    public static IntValue Of(long value) => new(new LinearSum([], value));

    public override string Describe() =>
        IsStatic ? "the integer " + Sum.Constant.ToString(CultureInfo.InvariantCulture) : (Sum.MentionsOutput ? "an integer expression over scores or outputs" : "a count");
}

/// <summary>A list: of integers, tuples, booleans (a family slice such as a[0..8]) or classes.</summary>
internal sealed record ListValue(ImmutableArray<Value> Items) : Value
{
    public override string Describe() => "a list";
}

/// <summary>A tuple such as (0, 1, 2).</summary>
internal sealed record TupleValue(ImmutableArray<Value> Items) : Value
{
    public override string Describe() => "a tuple of " + Items.Length.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The integers From..To.</summary>
internal sealed record RangeValue(long From, long To) : Value
{
    public override string Describe() => "a range";
}

/// <summary>A family name not yet fully indexed: <c>a</c> (for a0..a8) or <c>px[3]</c> (for px_3_0..px_3_7).</summary>
internal sealed record FamilyValue(string Prefix, ImmutableArray<long> Indices) : Value
{
    public override string Describe() =>
        Indices.IsEmpty ? $"the family '{Prefix}' (index it, as in {Prefix}[0])" : $"part of the family '{Prefix}' (it needs another index)";
}

/// <summary>One of the argmax model's classes.</summary>
internal sealed record ClassNameValue(int Index, string Name) : Value
{
    public override string Describe() => $"the class '{Name}'";
}

/// <summary>The keyword <c>class</c>: the winning class.</summary>
internal sealed record WinningClassValue : Value
{
    public override string Describe() => "'class'";
}

/// <summary>A constant input vector read with <c>inputs("file")</c>.</summary>
internal sealed record VectorValue(ImmutableArray<bool> Inputs, string Origin) : Value
{
    public override string Describe() => "an input vector";
}

/// <summary>A string (only meaningful as the argument of <c>inputs</c>).</summary>
internal sealed record StringValue(string Text) : Value
{
    public override string Describe() => "a string";
}
