namespace BnnVerify.Encoding.Native;

/// <summary>How <see cref="NativeBackend"/> branches.</summary>
public enum NativeSearchMode
{
    /// <summary>Preferred variables (a network's inputs) first, then EVSIDS.</summary>
    InputsFirst,

    /// <summary>EVSIDS over all variables, preferences ignored.</summary>
    Plain,

    /// <summary>Both searches at once on two threads; the first answer wins and stops the other.</summary>
    Portfolio,
}
