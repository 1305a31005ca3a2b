using System.Collections.Immutable;
using BnnVerify.Encoding.Logic;

namespace BnnVerify.Encoding.Circuit;

/// <summary>
/// A fact about the inputs that holds in every solution of a problem: at most <paramref name="AtMost"/> of
/// <paramref name="Literals"/> are true. A precondition <c>hamming(v) &lt;= R</c> is one: at most R inputs differ from v.
/// </summary>
/// <param name="Literals">Literals over input variables, each input at most once.</param>
/// <param name="AtMost">The limit (non-negative).</param>
public sealed record InputCountLimit(ImmutableArray<Lit> Literals, int AtMost);
