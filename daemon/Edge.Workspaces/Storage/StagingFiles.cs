using Edge.Platform;

namespace Edge.Workspaces.Storage;

/// <summary>
/// Empty staging files of one workspace, created ahead of need on a background thread: creating a file (allocating
/// its inode) is one of the costliest steps of publishing an instance, and here it overlaps the receipt of the next
/// one instead of delaying the answer to this one. At most <see cref="Ahead"/> wait, empty; the recovery at open
/// deletes any that a crash left, as it does every staged file.
/// </summary>
internal sealed class StagingFiles : IDisposable
{
    private const int Ahead = 2;

    private readonly string _directory;
    private readonly Lock _lock = new();
    private readonly Queue<(string Path, UncachedFileWriter Stream)> _ready = new();
    private Task _refill = Task.CompletedTask;
    private bool _disposed;

    public StagingFiles(string directory) => _directory = directory;

    /// <summary>A new, empty staging file opened for writing, taken from those made ahead if one is there.</summary>
    /// <exception cref="IOException">The file could not be created.</exception>
    public (string Path, UncachedFileWriter Stream) Take()
    {
        (string, UncachedFileWriter)? ready = null;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_ready.Count > 0)
            {
                ready = _ready.Dequeue();
            }
            if (_refill.IsCompleted)
            {
                _refill = Task.Run(Refill);
            }
        }
        return ready ?? Create();
    }

    private void Refill()
    {
        while (true)
        {
            lock (_lock)
            {
                if (_disposed || _ready.Count >= Ahead)
                {
                    return;
                }
            }
            (string Path, UncachedFileWriter Stream) made;
            try
            {
                made = Create();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The next Take creates its file itself and reports the problem; nothing waits on this one.
                return;
            }
            try
            {
                // A new file's first fsync also makes its directory entry durable (ext4 without a journal writes the
                // parent directory then): done here, on this thread, the one after the instance is written covers
                // its data alone.
                made.Stream.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                Discard(made);
                return;
            }
            lock (_lock)
            {
                if (!_disposed)
                {
                    _ready.Enqueue(made);
                    continue;
                }
            }
            Discard(made);
            return;
        }
    }

    private (string Path, UncachedFileWriter Stream) Create()
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + WorkspaceLayout.StagingExtension);
        // Written around the page cache: the instance is fsync'd as soon as it is written, and read rarely.
        var stream = UncachedFileWriter.CreateNew(path, Permissions.PrivateFile);
        return (path, stream);
    }

    private static void Discard((string Path, UncachedFileWriter Stream) file)
    {
        file.Stream.Dispose();
        try
        {
            File.Delete(file.Path);
        }
        catch (IOException)
        {
            // Left for the recovery at the next open, which empties the staging directory.
        }
    }

    /// <summary>Stops making files, waits for one being made, and deletes those made ahead.</summary>
    public void Dispose()
    {
        Task refill;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            refill = _refill;
        }
        // So that no file appears after this returns (a purge deletes the directory next).
        refill.Wait();
        lock (_lock)
        {
            while (_ready.Count > 0)
            {
                Discard(_ready.Dequeue());
            }
        }
    }
}
