namespace Edge.Cli.Quarantine;

/// <summary>
/// Where a preview PNG goes: it shows original pixels, so only its owner may read it (0600). A temporary file beside
/// the target is created before the daemon is asked (a path that cannot be written fails before anything is shown
/// and audited) and renamed over the target once the image is written, so a failed call leaves an existing file alone.
/// </summary>
public sealed class PreviewFile : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly FileStream _temporary;
    private bool _committed;

    private PreviewFile(string path, FileStream temporary)
    {
        Path = path;
        _temporary = temporary;
    }

    /// <summary>The target's full path.</summary>
    public string Path { get; }

    public static PreviewFile? Create(string path, out string? problem)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            problem = $"{full} is a directory; --out names the PNG file";
            return null;
        }
        var temporary = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!,
            $".{System.IO.Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = OwnerOnly,
            });
            // A umask can only narrow the mode it was created with: set it exactly, whatever the umask.
            File.SetUnixFileMode(stream.SafeFileHandle, OwnerOnly);
            problem = null;
            return new PreviewFile(full, stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot write {full}: {ex.Message}";
            return null;
        }
    }

    /// <summary>Writes the image and puts it in place of the target.</summary>
    public void Commit(ReadOnlySpan<byte> png)
    {
        _temporary.Write(png);
        _temporary.Flush(flushToDisk: true);
        _temporary.Dispose();
        File.Move(_temporary.Name, Path, overwrite: true);
        _committed = true;
    }

    /// <summary>Removes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        _temporary.Dispose();
        if (!_committed)
        {
            File.Delete(_temporary.Name);
        }
    }
}
