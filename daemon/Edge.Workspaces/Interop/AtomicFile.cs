namespace Edge.Workspaces.Interop;

/// <summary>Small files replaced whole: a reader sees the old content or the new, and the new survives a crash once written.</summary>
internal static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
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
            File.SetUnixFileMode(temporary, mode);
            Libc.Rename(temporary, path);
            Libc.FsyncDirectory(directory);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
