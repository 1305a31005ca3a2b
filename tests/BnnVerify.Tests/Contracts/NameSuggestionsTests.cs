using BnnVerify.Verifier.Inputs;
using FsCheck;
using FsCheck.Fluent;

namespace BnnVerify.Tests.Contracts;

/// <summary>
/// The edit distance behind every "did you mean" hint: the optimal-string-alignment distance, where swapping two
/// adjacent characters is one edit, and the rule that decides which names are close enough to suggest.
/// </summary>
public sealed class NameSuggestionsTests
{
    // A three-letter alphabet makes repeated letters, equal strings and swaps of equal letters frequent.
    private static Gen<string> Words(int maxLength) =>
        from length in Gen.Choose(0, maxLength)
        from letters in Gen.Elements('a', 'b', 'c').ArrayOf(length)
        select new string(letters);

    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(1000);

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("ensrues", "ensures", 1)]
    [InlineData("mvoe", "move", 1)]
    [InlineData("x01", "x10", 1)]
    [InlineData("ab", "ba", 1)]
    [InlineData("kitten", "sitting", 3)]
    // Optimal string alignment edits no part twice: "ca" to "abc" is 3, where unrestricted Damerau distance is 2.
    [InlineData("ca", "abc", 3)]
    [InlineData("mamaml", "mammal", 1)]
    [InlineData("mmaal", "mammal", 2)]
    public void Distance_of_known_pairs(string a, string b, int expected) =>
        Assert.Equal(expected, NameSuggestions.Distance(a, b));

    [Fact]
    public void A_string_is_at_distance_0_from_itself() =>
        Prop.ForAll(Arb.From(Words(12)), s => NameSuggestions.Distance(s, s) == 0).Check(Quick);

    [Fact]
    public void One_adjacent_swap_of_different_letters_is_distance_1() =>
        Prop.ForAll(Arb.From(
            from word in Words(12).Where(w => w.Length >= 2)
            from at in Gen.Choose(0, word.Length - 2)
            select (word, at)), c =>
        {
            var letters = c.word.ToCharArray();
            (letters[c.at], letters[c.at + 1]) = (letters[c.at + 1], letters[c.at]);
            int expected = c.word[c.at] == c.word[c.at + 1] ? 0 : 1;
            return NameSuggestions.Distance(c.word, new string(letters)) == expected;
        }).Check(Quick);

    [Fact]
    public void Distance_is_symmetric() =>
        Prop.ForAll(Arb.From(Words(10)), Arb.From(Words(10)), (a, b) => NameSuggestions.Distance(a, b) == NameSuggestions.Distance(b, a)).Check(Quick);

    [Fact]
    public void Distance_is_at_most_the_levenshtein_distance_and_at_least_half_of_it() =>
        // A swap is two Levenshtein edits, so each alignment edit stands for at most two of them.
        Prop.ForAll(Arb.From(Words(10)), Arb.From(Words(10)), (a, b) =>
        {
            int distance = NameSuggestions.Distance(a, b), levenshtein = Levenshtein(a, b);
            return distance <= levenshtein && 2 * distance >= levenshtein;
        }).Check(Quick);

    [Fact]
    public void Distance_is_zero_only_between_equal_strings() =>
        Prop.ForAll(Arb.From(Words(6)), Arb.From(Words(6)), (a, b) => (NameSuggestions.Distance(a, b) == 0) == (a == b)).Check(Quick);

    [Theory]
    [InlineData("ensrues", "ensures")]
    [InlineData("x01", "x10")]
    [InlineData("ro", "or")]
    [InlineData("mlik", "milk")]
    [InlineData("cuont", "count")]
    public void A_swap_is_suggested_even_in_a_short_name(string typo, string meant) =>
        Assert.Equal($"; did you mean '{meant}'?", NameSuggestions.DidYouMean(typo, ["zzzzzzzz", meant, "qq"]));

    [Theory]
    // Two edits in a name of five letters or fewer change too much of it to guess from.
    [InlineData("mmaal", "mammal")]
    [InlineData("ab", "xy")]
    [InlineData("predicate", "pred")]
    public void A_name_changed_too_much_is_not_suggested(string typo, string other) =>
        Assert.Equal("", NameSuggestions.DidYouMean(typo, [other]));

    [Fact]
    public void The_first_of_equally_close_names_is_suggested() =>
        Assert.Equal("; did you mean 'a1'?", NameSuggestions.DidYouMean("a", ["a1", "a2"]));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(9, 3)]
    public void Edits_allowed_for_a_typo(int length, int edits) =>
        Assert.Equal(edits, NameSuggestions.MostEditsForATypo(length));

    // Plain Levenshtein distance, written independently, as the bound the alignment distance must stay under.
    private static int Levenshtein(string a, string b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
            table[i, 0] = i;
        for (int j = 0; j <= b.Length; j++)
            table[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
                table[i, j] = Math.Min(Math.Min(table[i - 1, j] + 1, table[i, j - 1] + 1), table[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        }
        return table[a.Length, b.Length];
    }
}
