using System.Runtime.InteropServices;
using Edge.Platform;

namespace Edge.Workspaces.Interop;

/// <summary>The libc calls .NET does not offer: a rename that never falls back to copying, chown, user lookup (directory fsync: <see cref="DurableDirectory"/>).</summary>
internal static partial class Libc
{
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameNative(string oldPath, string newPath);

    [LibraryImport(Library, EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChownNative(string path, uint owner, uint group);

    [LibraryImport(Library, EntryPoint = "getpwnam", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetPwNam(string name);

    [LibraryImport(Library, EntryPoint = "getgrnam", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetGrNam(string name);

    /// <summary>rename(2): atomic replacement within one file system, and an error (not a copy) across two.</summary>
    public static void Rename(string source, string destination)
    {
        if (RenameNative(source, destination) != 0)
        {
            throw Failure("rename", destination);
        }
    }

    /// <summary>chown(2); null leaves that id unchanged.</summary>
    public static void Chown(string path, uint? owner, uint? group)
    {
        if (owner is null && group is null)
        {
            return;
        }
        if (ChownNative(path, owner ?? uint.MaxValue, group ?? uint.MaxValue) != 0)
        {
            throw Failure("chown", path);
        }
    }

    private static readonly Lock s_lookupLock = new();

    /// <summary>The uid of a user name, or null when there is no such user. getpwnam's result is static: callers are serialised.</summary>
    public static uint? UserId(string name)
    {
        lock (s_lookupLock)
        {
            var entry = GetPwNam(name);
            // struct passwd: pw_name, pw_passwd (pointers), then pw_uid.
            return entry == IntPtr.Zero ? null : (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size);
        }
    }

    /// <summary>The gid of a group name, or null when there is no such group.</summary>
    public static uint? GroupId(string name)
    {
        lock (s_lookupLock)
        {
            var entry = GetGrNam(name);
            // struct group: gr_name, gr_passwd (pointers), then gr_gid.
            return entry == IntPtr.Zero ? null : (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size);
        }
    }

    private static IOException Failure(string call, string path) => DurableDirectory.Failure(call, path);
}
