using System.Runtime.InteropServices;

namespace Edge.Platform;

/// <summary>
/// User and group names to ids through libc (getpwnam_r, getgrnam_r), so NSS sources such as LDAP or sssd are
/// honoured, not only /etc/passwd and /etc/group. Used for the control socket's group and roles and for the owner and group
/// of workspace files.
/// </summary>
public static partial class UnixAccounts
{
    private const int ERANGE = 34;

    // struct passwd and struct group on LP64 Linux: two pointers, then the id at byte 16.
    private const int IdOffset = 16;
    private const int PasswdSize = 48;
    private const int GroupSize = 32;

    public static uint? FindUserId(string name) => Find(name, PasswdSize, GetPwNamR);

    public static uint? FindGroupId(string name) => Find(name, GroupSize, GetGrNamR);

    private delegate int LookUp(string name, Span<byte> entry, Span<byte> strings, out nint result);

    private static uint? Find(string name, int entrySize, LookUp lookUp)
    {
        Span<byte> entry = stackalloc byte[entrySize];
        // The entry's strings (members of a large group) may need more room than the first guess.
        for (var size = 4096; size <= 1 << 24; size *= 4)
        {
            var strings = new byte[size];
            var error = lookUp(name, entry, strings, out var result);
            if (error == ERANGE)
            {
                continue;
            }
            if (error != 0 || result == 0)
            {
                return null;
            }
            return MemoryMarshal.Read<uint>(entry[IdOffset..]);
        }
        return null;
    }

    private static int GetPwNamR(string name, Span<byte> entry, Span<byte> strings, out nint result) =>
        getpwnam_r(name, ref MemoryMarshal.GetReference(entry), ref MemoryMarshal.GetReference(strings), (nuint)strings.Length, out result);

    private static int GetGrNamR(string name, Span<byte> entry, Span<byte> strings, out nint result) =>
        getgrnam_r(name, ref MemoryMarshal.GetReference(entry), ref MemoryMarshal.GetReference(strings), (nuint)strings.Length, out result);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int getpwnam_r(string name, ref byte pwd, ref byte buf, nuint buflen, out nint result);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int getgrnam_r(string name, ref byte grp, ref byte buf, nuint buflen, out nint result);
}
