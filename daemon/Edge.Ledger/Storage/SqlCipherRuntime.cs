using System.Runtime.InteropServices;
using SQLitePCL;

namespace Edge.Ledger.Storage;

/// <summary>
/// Points SQLitePCLRaw's e_sqlite3 provider at Debian's libsqlcipher (SQLCipher 3.4, SQLite 3.15) instead of a bundled
/// plain SQLite, once per process. Microsoft.Data.Sqlite then talks to the encrypting library.
/// </summary>
internal static class SqlCipherRuntime
{
    public const string LibraryName = "libsqlcipher.so.0";

    private static readonly Lazy<bool> Initialised = new(Initialise, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void EnsureInitialised() => _ = Initialised.Value;

    private static bool Initialise()
    {
        var provider = typeof(SQLite3Provider_e_sqlite3).Assembly;
        NativeLibrary.SetDllImportResolver(provider, (name, assembly, searchPath) =>
        {
            if (name != "e_sqlite3")
            {
                return IntPtr.Zero;
            }
            if (NativeLibrary.TryLoad(LibraryName, assembly, searchPath, out var handle))
            {
                return handle;
            }
            throw new LedgerException($"The SQLCipher library {LibraryName} is not installed (Debian package libsqlcipher0); the ledger cannot be encrypted without it.");
        });
        raw.SetProvider(new SQLite3Provider_e_sqlite3());
        return true;
    }
}
