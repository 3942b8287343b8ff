namespace Edge.Platform;

/// <summary>chown(2), which .NET does not offer.</summary>
public static class FileOwner
{
    /// <summary>Gives <paramref name="path"/> to a user and a group; null leaves that one unchanged, both null does nothing.</summary>
    /// <exception cref="IOException">The change was refused (not permitted, no such file).</exception>
    public static void Set(string path, uint? userId, uint? groupId)
    {
        if (userId is null && groupId is null)
        {
            return;
        }
        if (Libc.Chown(path, userId ?? uint.MaxValue, groupId ?? uint.MaxValue) != 0)
        {
            throw LibcError.For("chown", path);
        }
    }
}
