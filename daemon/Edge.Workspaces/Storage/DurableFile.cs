using Edge.Platform;
using Edge.Workspaces.Interop;

namespace Edge.Workspaces.Storage;

/// <summary>Small state files replaced whole and durably: a reader, or the next start after a crash, sees the old content or the new.</summary>
public static class DurableFile
{
    /// <summary>
    /// Writes <paramref name="content"/> to a temporary file beside <paramref name="path"/> (with <paramref name="mode"/>,
    /// whatever the umask), fsyncs it, renames it over <paramref name="path"/> and fsyncs the directory.
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
            Libc.Rename(temporary, path);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        DurableDirectory.Fsync(directory);
    }
}
