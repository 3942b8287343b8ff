namespace Edge.Platform;

/// <summary>
/// fsync of a directory, which .NET does not offer: a rename, a new file or subdirectory survives a power loss only
/// once its directory is flushed. Shared by every store that replaces files durably (workspaces, ledger keys).
/// </summary>
public static class DurableDirectory
{
    /// <summary>Makes a directory's entries (a rename, a new file or subdirectory) durable.</summary>
    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    public static void Fsync(string path)
    {
        var fd = Libc.OpenRetrying(path, Libc.ORdOnly | Libc.OCloExec);
        if (fd < 0)
        {
            throw LibcError.For("open", path);
        }
        try
        {
            if (Libc.FSync(fd) != 0)
            {
                throw LibcError.For("fsync", path);
            }
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }
}
