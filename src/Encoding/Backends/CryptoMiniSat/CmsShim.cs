using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace BnnVerify.Encoding.Backends.CryptoMiniSat;

/// <summary>
/// The C entry points of native/cms-shim (a thin extern "C" layer over CryptoMiniSat's C++ SATSolver), bound
/// at run time through unmanaged function pointers.
/// </summary>
/// <remarks>
/// The shim is built per machine by scripts/build-cms-shim.sh into native/cms-shim/build/. It is looked for,
/// in order, at $BNNVERIFY_CMS_SHIM, beside this assembly, and in native/cms-shim/build/ of any folder above
/// it (which finds the repository's build from bin/ folders). Literals are passed as <c>Lit.Code</c> ints.
/// </remarks>
internal sealed unsafe class CmsShim
{
    /// <summary>The shim file name.</summary>
    public const string FileName = "libbnnverify_cms.so";

    /// <summary>The C interface version this binding speaks (bnnv_cms_abi_version).</summary>
    private const int AbiVersion = 1;

    private static readonly ConcurrentDictionary<string, CmsShim> Loaded = new(StringComparer.Ordinal);

    public readonly delegate* unmanaged<IntPtr> New;
    public readonly delegate* unmanaged<IntPtr, void> Delete;
    public readonly delegate* unmanaged<IntPtr, IntPtr> LastError;
    public readonly delegate* unmanaged<IntPtr> SolverVersion;
    public readonly delegate* unmanaged<IntPtr, int, int> NewVars;
    public readonly delegate* unmanaged<IntPtr, int*, int, int> AddClause;
    public readonly delegate* unmanaged<IntPtr, int*, int, int, int, int> AddBnn;
    public readonly delegate* unmanaged<IntPtr, int*, int, double, int> Solve;
    public readonly delegate* unmanaged<IntPtr, void> ClearInterrupt;
    public readonly delegate* unmanaged<IntPtr, void> Interrupt;
    public readonly delegate* unmanaged<IntPtr, byte*, int, int> Model;

    private CmsShim(IntPtr handle)
    {
        var abi = (delegate* unmanaged<int>)Export(handle, "bnnv_cms_abi_version");
        if (abi() != AbiVersion)
            throw new EntryPointNotFoundException($"the shim speaks interface version {abi()}, this binding {AbiVersion}; rebuild it");
        New = (delegate* unmanaged<IntPtr>)Export(handle, "bnnv_cms_new");
        Delete = (delegate* unmanaged<IntPtr, void>)Export(handle, "bnnv_cms_delete");
        LastError = (delegate* unmanaged<IntPtr, IntPtr>)Export(handle, "bnnv_cms_last_error");
        SolverVersion = (delegate* unmanaged<IntPtr>)Export(handle, "bnnv_cms_solver_version");
        NewVars = (delegate* unmanaged<IntPtr, int, int>)Export(handle, "bnnv_cms_new_vars");
        AddClause = (delegate* unmanaged<IntPtr, int*, int, int>)Export(handle, "bnnv_cms_add_clause");
        AddBnn = (delegate* unmanaged<IntPtr, int*, int, int, int, int>)Export(handle, "bnnv_cms_add_bnn");
        Solve = (delegate* unmanaged<IntPtr, int*, int, double, int>)Export(handle, "bnnv_cms_solve");
        ClearInterrupt = (delegate* unmanaged<IntPtr, void>)Export(handle, "bnnv_cms_clear_interrupt");
        Interrupt = (delegate* unmanaged<IntPtr, void>)Export(handle, "bnnv_cms_interrupt");
        Model = (delegate* unmanaged<IntPtr, byte*, int, int>)Export(handle, "bnnv_cms_model");
    }

    /// <summary>Where the shim is looked for, in order.</summary>
    public static IEnumerable<string> CandidatePaths()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("BNNVERIFY_CMS_SHIM");
        if (!string.IsNullOrEmpty(fromEnvironment))
            yield return fromEnvironment;
        var baseDirectory = AppContext.BaseDirectory;
        yield return Path.Combine(baseDirectory, FileName);
        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
            yield return Path.Combine(directory.FullName, "native", "cms-shim", "build", FileName);
    }

    /// <summary>Loads the shim from <paramref name="paths"/> (the first that exists), or throws <see cref="BackendUnavailableException"/>.</summary>
    public static CmsShim Load(string backendName, IEnumerable<string> paths)
    {
        string? found = null;
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                found = Path.GetFullPath(path);
                break;
            }
        }
        if (found is null)
            throw new BackendUnavailableException(backendName,
                $"the CryptoMiniSat shim {FileName} has not been built. Build it with `bash scripts/build-cms-shim.sh` (it installs libcryptominisat5-dev with apt-get when missing), or set BNNVERIFY_CMS_SHIM to its path.");
        if (Loaded.TryGetValue(found, out var cached))
            return cached;
        if (!NativeLibrary.TryLoad(found, out var handle))
            throw new BackendUnavailableException(backendName,
                $"the shim '{found}' exists but cannot be loaded (is libcryptominisat5 installed?). {BackendUnavailableException.InstallHint}");
        try
        {
            return Loaded.GetOrAdd(found, _ => new CmsShim(handle));
        }
        catch (EntryPointNotFoundException e)
        {
            throw new BackendUnavailableException(backendName, $"the shim '{found}' is out of date ({e.Message}). Rebuild it with `bash scripts/build-cms-shim.sh`.", e);
        }
    }

    /// <summary>Reads a C string the shim owns.</summary>
    public static string ReadString(IntPtr text) => text == IntPtr.Zero ? "" : Marshal.PtrToStringUTF8(text) ?? "";

    private static IntPtr Export(IntPtr handle, string name)
    {
        if (!NativeLibrary.TryGetExport(handle, name, out var address))
            throw new EntryPointNotFoundException($"missing export {name}");
        return address;
    }
}
