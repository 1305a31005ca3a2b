using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace BnnVerify.Encoding.Backends.Z3;

/// <summary>
/// The handful of Z3 C API functions the Z3 backend uses, bound at run time from <c>libz3.so.4</c>
/// (no managed Z3 package is available) through unmanaged function pointers.
/// </summary>
/// <remarks>
/// Binding by hand rather than with <c>[LibraryImport]</c> lets the library name be chosen when the backend
/// is created, so a missing library is reported as an unavailable backend and tests can point the binding at
/// a library that does not exist. Every handle is an opaque <see cref="IntPtr"/> and never leaves the Z3
/// backend. Signatures follow z3_api.h of Z3 4.8.12 (<c>bool</c> is one byte; <c>Z3_lbool</c> and
/// <c>Z3_error_code</c> are C enums, i.e. <c>int</c>).
/// </remarks>
internal sealed unsafe class Z3Library
{
    /// <summary>The library names tried by default: the Debian runtime package ships only the versioned name.</summary>
    public static readonly string[] DefaultNames = ["libz3.so.4", "libz3.so"];

    private static readonly ConcurrentDictionary<string, Z3Library> Loaded = new(StringComparer.Ordinal);

    public readonly delegate* unmanaged<IntPtr> MkConfig;
    public readonly delegate* unmanaged<IntPtr, void> DelConfig;
    public readonly delegate* unmanaged<IntPtr, IntPtr> MkContextRc;
    public readonly delegate* unmanaged<IntPtr, void> DelContext;
    public readonly delegate* unmanaged<IntPtr, IntPtr, void> SetErrorHandler;
    public readonly delegate* unmanaged<IntPtr, int> GetErrorCode;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> GetErrorMsg;
    public readonly delegate* unmanaged<IntPtr> GetFullVersion;
    public readonly delegate* unmanaged<IntPtr, void> Interrupt;
    public readonly delegate* unmanaged<IntPtr, IntPtr, void> IncRef;
    public readonly delegate* unmanaged<IntPtr, IntPtr, void> DecRef;
    public readonly delegate* unmanaged<IntPtr, IntPtr> MkBoolSort;
    public readonly delegate* unmanaged<IntPtr, IntPtr> MkIntSort;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> MkIntSymbol;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr> MkStringSymbol;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr> MkConst;
    public readonly delegate* unmanaged<IntPtr, IntPtr> MkFalse;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr> MkNot;
    public readonly delegate* unmanaged<IntPtr, uint, IntPtr*, IntPtr> MkOr;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr> MkIff;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr> MkIte;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr, IntPtr> MkInt;
    public readonly delegate* unmanaged<IntPtr, uint, IntPtr*, IntPtr> MkAdd;
    public readonly delegate* unmanaged<IntPtr, uint, IntPtr*, IntPtr> MkSub;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr> MkGe;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr> MkLe;
    public readonly delegate* unmanaged<IntPtr, uint, IntPtr*, uint, IntPtr> MkAtLeast;
    public readonly delegate* unmanaged<IntPtr, uint, IntPtr*, uint, IntPtr> MkAtMost;
    public readonly delegate* unmanaged<IntPtr, uint, IntPtr*, int*, int, IntPtr> MkPbGe;
    public readonly delegate* unmanaged<IntPtr, uint, IntPtr*, int*, int, IntPtr> MkPbEq;
    public readonly delegate* unmanaged<IntPtr, IntPtr> MkSolver;
    public readonly delegate* unmanaged<IntPtr, IntPtr, void> SolverIncRef;
    public readonly delegate* unmanaged<IntPtr, IntPtr, void> SolverDecRef;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, void> SolverAssert;
    public readonly delegate* unmanaged<IntPtr, IntPtr, uint, IntPtr*, int> SolverCheckAssumptions;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr> SolverGetModel;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr> SolverGetReasonUnknown;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, void> SolverSetParams;
    public readonly delegate* unmanaged<IntPtr, IntPtr, void> ModelIncRef;
    public readonly delegate* unmanaged<IntPtr, IntPtr, void> ModelDecRef;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, byte, IntPtr*, byte> ModelEval;
    public readonly delegate* unmanaged<IntPtr, IntPtr, int> GetBoolValue;
    public readonly delegate* unmanaged<IntPtr, IntPtr> MkParams;
    public readonly delegate* unmanaged<IntPtr, IntPtr, void> ParamsIncRef;
    public readonly delegate* unmanaged<IntPtr, IntPtr, void> ParamsDecRef;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, uint, void> ParamsSetUint;

    private Z3Library(IntPtr handle)
    {
        MkConfig = (delegate* unmanaged<IntPtr>)Export(handle, "Z3_mk_config");
        DelConfig = (delegate* unmanaged<IntPtr, void>)Export(handle, "Z3_del_config");
        MkContextRc = (delegate* unmanaged<IntPtr, IntPtr>)Export(handle, "Z3_mk_context_rc");
        DelContext = (delegate* unmanaged<IntPtr, void>)Export(handle, "Z3_del_context");
        SetErrorHandler = (delegate* unmanaged<IntPtr, IntPtr, void>)Export(handle, "Z3_set_error_handler");
        GetErrorCode = (delegate* unmanaged<IntPtr, int>)Export(handle, "Z3_get_error_code");
        GetErrorMsg = (delegate* unmanaged<IntPtr, int, IntPtr>)Export(handle, "Z3_get_error_msg");
        GetFullVersion = (delegate* unmanaged<IntPtr>)Export(handle, "Z3_get_full_version");
        Interrupt = (delegate* unmanaged<IntPtr, void>)Export(handle, "Z3_interrupt");
        IncRef = (delegate* unmanaged<IntPtr, IntPtr, void>)Export(handle, "Z3_inc_ref");
        DecRef = (delegate* unmanaged<IntPtr, IntPtr, void>)Export(handle, "Z3_dec_ref");
        MkBoolSort = (delegate* unmanaged<IntPtr, IntPtr>)Export(handle, "Z3_mk_bool_sort");
        MkIntSort = (delegate* unmanaged<IntPtr, IntPtr>)Export(handle, "Z3_mk_int_sort");
        MkIntSymbol = (delegate* unmanaged<IntPtr, int, IntPtr>)Export(handle, "Z3_mk_int_symbol");
        MkStringSymbol = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)Export(handle, "Z3_mk_string_symbol");
        MkConst = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr>)Export(handle, "Z3_mk_const");
        MkFalse = (delegate* unmanaged<IntPtr, IntPtr>)Export(handle, "Z3_mk_false");
        MkNot = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)Export(handle, "Z3_mk_not");
        MkOr = (delegate* unmanaged<IntPtr, uint, IntPtr*, IntPtr>)Export(handle, "Z3_mk_or");
        MkIff = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr>)Export(handle, "Z3_mk_iff");
        MkIte = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr>)Export(handle, "Z3_mk_ite");
        MkInt = (delegate* unmanaged<IntPtr, int, IntPtr, IntPtr>)Export(handle, "Z3_mk_int");
        MkAdd = (delegate* unmanaged<IntPtr, uint, IntPtr*, IntPtr>)Export(handle, "Z3_mk_add");
        MkSub = (delegate* unmanaged<IntPtr, uint, IntPtr*, IntPtr>)Export(handle, "Z3_mk_sub");
        MkGe = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr>)Export(handle, "Z3_mk_ge");
        MkLe = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr>)Export(handle, "Z3_mk_le");
        MkAtLeast = (delegate* unmanaged<IntPtr, uint, IntPtr*, uint, IntPtr>)Export(handle, "Z3_mk_atleast");
        MkAtMost = (delegate* unmanaged<IntPtr, uint, IntPtr*, uint, IntPtr>)Export(handle, "Z3_mk_atmost");
        MkPbGe = (delegate* unmanaged<IntPtr, uint, IntPtr*, int*, int, IntPtr>)Export(handle, "Z3_mk_pbge");
        MkPbEq = (delegate* unmanaged<IntPtr, uint, IntPtr*, int*, int, IntPtr>)Export(handle, "Z3_mk_pbeq");
        MkSolver = (delegate* unmanaged<IntPtr, IntPtr>)Export(handle, "Z3_mk_solver");
        SolverIncRef = (delegate* unmanaged<IntPtr, IntPtr, void>)Export(handle, "Z3_solver_inc_ref");
        SolverDecRef = (delegate* unmanaged<IntPtr, IntPtr, void>)Export(handle, "Z3_solver_dec_ref");
        SolverAssert = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, void>)Export(handle, "Z3_solver_assert");
        SolverCheckAssumptions = (delegate* unmanaged<IntPtr, IntPtr, uint, IntPtr*, int>)Export(handle, "Z3_solver_check_assumptions");
        SolverGetModel = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)Export(handle, "Z3_solver_get_model");
        SolverGetReasonUnknown = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)Export(handle, "Z3_solver_get_reason_unknown");
        SolverSetParams = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, void>)Export(handle, "Z3_solver_set_params");
        ModelIncRef = (delegate* unmanaged<IntPtr, IntPtr, void>)Export(handle, "Z3_model_inc_ref");
        ModelDecRef = (delegate* unmanaged<IntPtr, IntPtr, void>)Export(handle, "Z3_model_dec_ref");
        ModelEval = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, byte, IntPtr*, byte>)Export(handle, "Z3_model_eval");
        GetBoolValue = (delegate* unmanaged<IntPtr, IntPtr, int>)Export(handle, "Z3_get_bool_value");
        MkParams = (delegate* unmanaged<IntPtr, IntPtr>)Export(handle, "Z3_mk_params");
        ParamsIncRef = (delegate* unmanaged<IntPtr, IntPtr, void>)Export(handle, "Z3_params_inc_ref");
        ParamsDecRef = (delegate* unmanaged<IntPtr, IntPtr, void>)Export(handle, "Z3_params_dec_ref");
        ParamsSetUint = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, uint, void>)Export(handle, "Z3_params_set_uint");
    }

    /// <summary>The error handler installed on every context: it does nothing, so Z3 returns to the caller.</summary>
    /// <remarks>
    /// Z3's default handler prints and calls exit(). This one must not throw across the native frame, so it only
    /// returns; the backend reads Z3_get_error_code after every call. Being a static [UnmanagedCallersOnly]
    /// method, its pointer stays valid for the life of the process: there is no delegate for the GC to collect.
    /// </remarks>
    public static IntPtr IgnoringErrorHandler => (IntPtr)(delegate* unmanaged<IntPtr, int, void>)&IgnoreError;

    /// <summary>Loads the first of <paramref name="names"/> that exists, or throws <see cref="BackendUnavailableException"/>.</summary>
    public static Z3Library Load(string backendName, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (Loaded.TryGetValue(name, out var cached))
                return cached;
        }
        var failures = new List<string>();
        foreach (var name in names)
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                failures.Add(name);
                continue;
            }
            try
            {
                return Loaded.GetOrAdd(name, _ => new Z3Library(handle));
            }
            catch (EntryPointNotFoundException e)
            {
                throw new BackendUnavailableException(backendName, $"the library '{name}' is not a usable Z3 (4.8 or later): {e.Message}. {BackendUnavailableException.InstallHint}", e);
            }
        }
        throw new BackendUnavailableException(backendName,
            $"the Z3 library could not be loaded (tried {string.Join(", ", failures)}). It comes with the Debian package libz3-4. {BackendUnavailableException.InstallHint}");
    }

    /// <summary>Reads a C string that Z3 owns (valid until the next Z3 call).</summary>
    public static string ReadString(IntPtr text) => text == IntPtr.Zero ? "" : Marshal.PtrToStringUTF8(text) ?? "";

    [UnmanagedCallersOnly]
    private static void IgnoreError(IntPtr context, int code)
    {
        _ = context;
        _ = code;
    }

    private static IntPtr Export(IntPtr handle, string name)
    {
        if (!NativeLibrary.TryGetExport(handle, name, out var address))
            throw new EntryPointNotFoundException($"missing export {name}");
        return address;
    }
}
