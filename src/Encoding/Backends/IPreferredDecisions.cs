namespace BnnVerify.Encoding.Backends;

/// <summary>
/// A backend that can be told which variables to branch on first. A network encoding's inputs determine every
/// other variable, so deciding them first keeps a CDCL search in the input space; the checkers say so through
/// this interface and backends without such a choice simply do not implement it.
/// </summary>
public interface IPreferredDecisions
{
    /// <summary>Asks the backend to decide <paramref name="variables"/> before any other variable.</summary>
    void PreferDecisions(ReadOnlySpan<int> variables);
}
