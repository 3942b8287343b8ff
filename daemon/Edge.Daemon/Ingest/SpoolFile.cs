namespace Edge.Daemon.Ingest;

/// <summary>
/// The spool file one C-STORE data set is written to as its PDVs arrive (0600, in the state's spool directory).
/// Writes are synchronous even when asked for asynchronously: they only reach the page cache, and on Linux .NET
/// emulates asynchronous file writes with a thread-pool hop each, which costs more than the copy itself.
/// </summary>
internal sealed class SpoolFile : FileStream
{
    // Length of the data set before this one: kept here rather than asked of the file system for every instance.
    private long _previousLength;

    private SpoolFile(string path, FileStreamOptions options) : base(path, options)
    {
    }

    /// <summary>
    /// Starts the next data set at the start of the file, over the previous one: freeing and reallocating the file's
    /// blocks for every instance costs more than overwriting them.
    /// </summary>
    public void Rewind() => Position = 0;

    /// <summary>Ends the data set written since <see cref="Rewind"/>: cuts what a longer previous one left beyond it.</summary>
    public void EndDataSet()
    {
        var length = Position;
        if (length < _previousLength)
        {
            SetLength(length);
        }
        _previousLength = length;
    }

    public static SpoolFile Create(string directory) =>
        new(Path.Combine(directory, Guid.NewGuid().ToString("N") + ".spool"), new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 64 * 1024,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Flush();
        return Task.CompletedTask;
    }
}
