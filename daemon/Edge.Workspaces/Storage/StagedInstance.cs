using Edge.Platform;

namespace Edge.Workspaces.Storage;

/// <summary>
/// A temporary file outside every workspace tree for one de-identified instance. Write the Part 10 file to
/// <see cref="Stream"/>, then hand it to <see cref="WorkspaceStore.CommitAsync"/>; disposing an uncommitted one deletes it.
/// </summary>
public sealed class StagedInstance : IDisposable
{
    private UncachedFileWriter? _stream;
    private bool _committed;
    private bool _synced;

    internal StagedInstance(WorkspaceStore store, string path, UncachedFileWriter stream)
    {
        Store = store;
        Path = path;
        _stream = stream;
    }

    internal WorkspaceStore Store { get; }

    private UncachedFileWriter Open => _stream ?? throw new InvalidOperationException("This staged instance was already committed or disposed.");

    /// <summary>Where the file is staged (for diagnostics; write through <see cref="Stream"/>).</summary>
    public string Path { get; }

    /// <exception cref="InvalidOperationException">The instance was already committed or disposed.</exception>
    public Stream Stream
    {
        get
        {
            // Whoever takes the stream may write: what Sync made durable no longer covers the file.
            _synced = false;
            return Open;
        }
    }

    /// <summary>
    /// Flushes what was written to disk now, so that the caller can overlap the wait with other work (the ledger's
    /// commit); <see cref="WorkspaceStore.CommitAsync"/> then does not flush it again. Write nothing after it through a
    /// stream taken before it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The instance was already committed or disposed.</exception>
    public void Sync()
    {
        Open.Flush(flushToDisk: true);
        _synced = true;
    }

    /// <summary>Flushes the file to disk unless <see cref="Sync"/> did since the stream was last taken, closes it; returns its size.</summary>
    internal long Seal()
    {
        var stream = Open;
        if (!_synced)
        {
            stream.Flush(flushToDisk: true);
        }
        var length = stream.Length;
        stream.Dispose();
        _stream = null;
        return length;
    }

    /// <summary>The file was renamed into the workspace: nothing is left to delete.</summary>
    internal void MarkCommitted() => _committed = true;

    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
        if (!_committed)
        {
            _committed = true;
            try
            {
                File.Delete(Path);
            }
            catch (IOException)
            {
                // Left for the start-up recovery, which empties the staging directory.
            }
        }
    }
}
