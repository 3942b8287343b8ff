namespace Edge.Platform;

/// <summary>
/// Files replaced whole and durably: a reader, or the next start after a crash, sees the old content or the new.
/// Shared by the workspaces (registry, published instances), the daemon's state files and the ledger's key files.
/// </summary>
public static class DurableFile
{
    /// <summary>
    /// Writes <paramref name="content"/> to a temporary file beside <paramref name="path"/> (with <paramref name="mode"/>,
    /// whatever the umask, and never wider while being written), fsyncs it, renames it over <paramref name="path"/> and
    /// fsyncs the directory.
    /// </summary>
    /// <exception cref="IOException">A step failed; the temporary file is gone and <paramref name="path"/> is as it was.</exception>
    public static void Replace(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = mode,
            }))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            // Set explicitly: the mode given at creation is narrowed by the umask.
            File.SetUnixFileMode(temporary, mode);
            Rename(temporary, path);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        DurableDirectory.Fsync(directory);
    }

    /// <summary>Renames <paramref name="source"/> over <paramref name="path"/> and fsyncs the directory of <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The rename or the directory's fsync failed.</exception>
    public static void Move(string source, string path)
    {
        Rename(source, path);
        DurableDirectory.Fsync(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>rename(2): atomic replacement within one file system, and an error (not a copy, as File.Move would do) across two.</summary>
    /// <exception cref="IOException">The rename failed.</exception>
    public static void Rename(string source, string destination)
    {
        if (Libc.Rename(source, destination) != 0)
        {
            throw LibcError.For("rename", destination);
        }
    }
}
