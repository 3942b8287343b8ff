using System.Runtime.InteropServices;

namespace Edge.Platform;

/// <summary>The libc file calls and Linux constants that .NET does not expose, declared once (account lookups: <see cref="UnixAccounts"/>).</summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    // open(2) flags and fcntl(2) commands: the same on x86-64 and arm64 Linux, except O_DIRECT.
    public const int ORdOnly = 0x0, OWrOnly = 0x1, OCreat = 0x40, OExcl = 0x80, OCloExec = 0x80000;
    public const int FSetFl = 4;
    public const int EIntr = 4, EInval = 22;

    public static readonly int ODirect = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x10000 : 0x4000;

    /// <summary>open(2), again while it is interrupted by a signal; -1 with errno set on failure.</summary>
    public static int OpenRetrying(string path, int flags, int mode = 0)
    {
        int fd;
        do
        {
            fd = Open(path, flags, mode);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == EIntr);
        return fd;
    }

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    public static partial int FSync(int fd);

    [LibraryImport(Library, EntryPoint = "pwrite", SetLastError = true)]
    public static partial nint PWrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport(Library, EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chown(string path, uint owner, uint group);

    [LibraryImport(Library, EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rename(string oldPath, string newPath);

    [LibraryImport(Library, EntryPoint = "strerror")]
    public static partial IntPtr StrError(int errno);
}
