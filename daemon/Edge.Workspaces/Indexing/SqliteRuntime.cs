using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using SQLitePCL;

namespace Edge.Workspaces.Indexing;

/// <summary>
/// Gives Microsoft.Data.Sqlite a native SQLite without fighting the ledger over it. The provider is process-wide and
/// the ledger (Edge.Ledger's SqlCipherRuntime) installs the same one, pointed at Debian's libsqlcipher, with a
/// per-assembly DllImport resolver that may be installed only once. So: if a provider is already set, use it; if not,
/// load the same library through the AssemblyLoadContext fallback event (which leaves the resolver slot free for the
/// ledger and is never consulted once the ledger's resolver answers) and set the same provider. Either order ends with
/// both on libsqlcipher, which without a key is plain SQLite 3.15: the index is not encrypted.
/// </summary>
internal static class SqliteRuntime
{
    public const string LibraryName = "libsqlcipher.so.0";
    private const string ProviderLibrary = "e_sqlite3";

    private static readonly Lazy<bool> Initialised = new(Initialise, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void EnsureInitialised() => _ = Initialised.Value;

    private static bool Initialise()
    {
        if (ProviderIsSet())
        {
            return true;
        }
        var providerAssembly = typeof(SQLite3Provider_e_sqlite3).Assembly;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (assembly, name) =>
            assembly == providerAssembly && name == ProviderLibrary ? Load(assembly) : IntPtr.Zero;
        raw.SetProvider(new SQLite3Provider_e_sqlite3());
        return true;
    }

    private static IntPtr Load(Assembly assembly) =>
        NativeLibrary.TryLoad(LibraryName, assembly, null, out var handle)
            ? handle
            : throw new WorkspaceStorageException(
                $"The SQLite library {LibraryName} is not installed (Debian package libsqlcipher0); the workspace index needs it.");

    /// <summary>SQLitePCLRaw keeps its provider private; a call that needs one tells whether it is there.</summary>
    private static bool ProviderIsSet()
    {
        try
        {
            _ = raw.sqlite3_libversion_number();
            return true;
        }
        catch (Exception ex) when (ex.GetType() == typeof(Exception))
        {
            // SQLitePCLRaw throws a plain Exception ("You need to call SetProvider") when none is set.
            return false;
        }
    }
}
