namespace BnnVerify.Encoding.Backends;

/// <summary>
/// A backend cannot be used on this machine: its solver binary, native library or shim is missing.
/// The message names what is missing and how to install it (normally <c>scripts/install-solvers.sh</c>).
/// </summary>
/// <remarks>This is an environment problem, not a verdict: callers report it and never treat it as Unknown.</remarks>
public sealed class BackendUnavailableException : Exception
{
    /// <summary>The hint every message ends with.</summary>
    internal const string InstallHint = "Install the solvers with `bash scripts/install-solvers.sh` (as root or with sudo).";

    /// <summary>Creates the exception for backend <paramref name="backend"/> with a message that says what is missing.</summary>
    public BackendUnavailableException(string backend, string message, Exception? innerException = null)
        : base($"Backend '{backend}' is unavailable: {message}", innerException)
    {
        Backend = backend;
    }

    /// <summary>Creates the exception with a complete message.</summary>
    public BackendUnavailableException(string message)
        : base(message)
    {
        Backend = "";
    }

    /// <summary>Creates the exception with a complete message and the underlying cause.</summary>
    public BackendUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Backend = "";
    }

    /// <summary>Creates the exception without a message (for serializers and analyzers).</summary>
    public BackendUnavailableException()
    {
        Backend = "";
    }

    /// <summary>The name of the backend that is unavailable, e.g. <c>cadical/totalizer</c> or <c>z3-pb</c>.</summary>
    public string Backend { get; }
}
