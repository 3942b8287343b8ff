using System.Runtime.InteropServices;
using Edge.Platform;

namespace Edge.Control.Interop;

/// <summary>File operations .NET does not offer: changing a file's group, and telling a socket file from others.</summary>
internal static partial class UnixFiles
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int StatxSize = 256;
    private const int FileTypeMask = 0xF000;
    private const int SocketType = 0xC000;

    /// <summary>Gives the file to a group, keeping its owner.</summary>
    public static void ChangeGroup(string path, uint groupId)
    {
        try
        {
            FileOwner.Set(path, userId: null, groupId);
        }
        catch (IOException ex)
        {
            throw new ControlException($"Cannot give a file to group {groupId}: {ex.Message}.");
        }
    }

    /// <summary>Whether the path itself (not a link's target) is a Unix domain socket.</summary>
    public static bool IsSocket(string path)
    {
        // statx's layout is the same on every architecture, unlike struct stat.
        Span<byte> buffer = stackalloc byte[StatxSize];
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            throw new ControlException($"Cannot inspect {path}: {Marshal.GetLastPInvokeErrorMessage()}.");
        }
        return (MemoryMarshal.Read<ushort>(buffer[StatxModeOffset..]) & FileTypeMask) == SocketType;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, ref byte statxbuf);
}
