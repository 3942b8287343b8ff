using System.Runtime.InteropServices;

namespace Edge.Platform;

/// <summary>The IOException for a libc call that failed, with the system's reason (strerror of errno).</summary>
public static class LibcError
{
    /// <summary>Call right after the failed call: it reads the errno that call left.</summary>
    public static IOException For(string call, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        var text = Marshal.PtrToStringUTF8(Libc.StrError(errno)) ?? "error " + errno;
        return new IOException($"{call} {path}: {text}", errno);
    }
}
