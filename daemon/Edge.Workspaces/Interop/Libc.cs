using System.Runtime.InteropServices;
using Edge.Platform;

namespace Edge.Workspaces.Interop;

/// <summary>The libc calls .NET does not offer here: chown and user and group lookup (rename and fsync: Edge.Platform).</summary>
internal static partial class Libc
{
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChownNative(string path, uint owner, uint group);

    [LibraryImport(Library, EntryPoint = "getpwnam", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetPwNam(string name);

    [LibraryImport(Library, EntryPoint = "getgrnam", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetGrNam(string name);

    /// <summary>chown(2); null leaves that id unchanged.</summary>
    public static void Chown(string path, uint? owner, uint? group)
    {
        if (owner is null && group is null)
        {
            return;
        }
        if (ChownNative(path, owner ?? uint.MaxValue, group ?? uint.MaxValue) != 0)
        {
            throw LibcError.For("chown", path);
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

}
