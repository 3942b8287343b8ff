using System.Runtime.InteropServices;

namespace Edge.Platform;

/// <summary>
/// fsync of a directory, which .NET does not offer: a rename, a new file or subdirectory survives a power loss only
/// once its directory is flushed. Shared by every store that replaces files durably (workspaces, ledger keys).
/// </summary>
public static partial class DurableDirectory
{
    private const string Library = "libc";

    // Same values on x86-64 and arm64 Linux.
    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000;
    private const int EIntr = 4;

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    /// <summary>Makes a directory's entries (a rename, a new file or subdirectory) durable.</summary>
    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    public static void Fsync(string path)
    {
        int fd;
        do
        {
            fd = Open(path, ORdOnly | OCloExec);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == EIntr);
        if (fd < 0)
        {
            throw LibcError.For("open", path);
        }
        try
        {
            if (FSync(fd) != 0)
            {
                throw LibcError.For("fsync", path);
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }
}
