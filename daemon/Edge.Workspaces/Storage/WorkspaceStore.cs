using System.Diagnostics;
using System.Runtime.CompilerServices;
using Edge.Dicom.Data;
using Edge.Platform;
using Edge.Workspaces.Definitions;
using Edge.Workspaces.Indexing;
using Edge.Workspaces.Query;
using Microsoft.Data.Sqlite;

namespace Edge.Workspaces.Storage;

/// <summary>
/// One workspace on disk: <c>ROOT/NAME/STUDY/SERIES/INSTANCE.dcm</c> named by de-identified UIDs, directories 0750 and
/// files 0640 with the configured owner and group, and its query index. An instance is published in this order: its
/// staged file (made ahead, empty) is written and fsync'd, renamed over any previous copy, then its directory is
/// fsync'd while its index row is committed; the rename comes first, so a row never names a file not yet in place,
/// and whatever a crash cuts short (a row whose file a power loss took back, a staged file) is tidied by the
/// recovery at open.
/// </summary>
public sealed partial class WorkspaceStore : IDisposable
{
    private const int PurgeProgressEvery = 64;
    private const int RetrieveChunk = 800;

    private readonly WorkspaceOptions _options;
    private readonly WorkspaceLayout _layout;
    private readonly OperationGate _gate = new();
    private readonly KeyedLock _instanceLocks = new();
    private readonly Lock _directoryLock = new();
    private readonly Lock _diskLock = new();
    private long _diskCheckedAt = long.MinValue;
    private long _diskAvailable;
    private long _diskStagedSince;
    private readonly Lock _usageLock = new();
    private volatile Settings _settings;
    private WorkspaceIndex? _index;
    private StagingFiles? _staging;
    private long _usedBytes;

    private sealed record Settings(WorkspaceDefinition Definition, FileOwnership Ownership);

    private WorkspaceStore(WorkspaceDefinition definition, WorkspaceOptions options)
    {
        _options = options;
        _layout = new WorkspaceLayout(options, definition.Name);
        _settings = new Settings(definition, FileOwnership.Resolve(definition));
    }

    public string Name => _settings.Definition.Name;

    public WorkspaceDefinition Definition => _settings.Definition;

    /// <summary>The workspace's directory: <c>ROOT/NAME</c>.</summary>
    public string Directory => _layout.WorkspaceDirectory;

    /// <summary>What the recovery at open found and fixed.</summary>
    public RecoveryReport Recovery { get; private set; } = RecoveryReport.Nothing;

    /// <summary>True once purged (or while being purged): instances are refused and queries find nothing.</summary>
    public bool IsPurged => _gate.IsClosed;

    /// <summary>Bytes of instances held, as counted against the quota.</summary>
    public long UsedBytes
    {
        get
        {
            lock (_usageLock)
            {
                return _usedBytes;
            }
        }
    }

    /// <summary>
    /// Opens a workspace: creates its directories and index if new, then recovers from an interrupted run (staged
    /// files deleted, rows of missing files removed, unindexed files indexed). Opening a purged workspace finishes
    /// any purge a crash interrupted and gives a store that refuses instances.
    /// </summary>
    /// <exception cref="WorkspaceDefinitionException">The definition is invalid or names an unknown owner or group.</exception>
    public static async Task<WorkspaceStore> OpenAsync(WorkspaceDefinition definition, WorkspaceOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        definition.Validate();
        var store = new WorkspaceStore(definition, options);
        try
        {
            if (definition.IsPurged)
            {
                await store._gate.CloseAsync().ConfigureAwait(false);
                await Task.Run(() => store.DeleteEverything(null, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Task.Run(() => store.Initialise(cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Takes a changed definition (quota, owner, research nodes) into use at once; existing files keep their owner.</summary>
    /// <exception cref="WorkspaceDefinitionException">Invalid, another workspace's, or names an unknown owner or group.</exception>
    public void UpdateDefinition(WorkspaceDefinition definition)
    {
        definition.Validate();
        if (definition.Name != Name)
        {
            throw new WorkspaceDefinitionException($"The definition of {definition.Name} cannot replace that of {Name}.");
        }
        _settings = new Settings(definition, FileOwnership.Resolve(definition));
    }

    private void Initialise(CancellationToken cancellationToken)
    {
        var ownership = _settings.Ownership;
        // The root only lets users through to the workspaces their group may read, and lists none of them.
        EnsureDirectory(_layout.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute, null);
        EnsureDirectory(_layout.WorkspaceDirectory, Permissions.Directory, ownership);
        EnsureDirectory(_layout.StagingRoot, Permissions.PrivateDirectory, null);
        EnsureDirectory(_layout.StagingDirectory, Permissions.PrivateDirectory, null);
        _staging = new StagingFiles(_layout.StagingDirectory);
        System.IO.Directory.CreateDirectory(_layout.IndexDirectory, Permissions.PrivateDirectory);
        _index = WorkspaceIndex.Open(_layout.IndexPath, _options.BusyTimeout);
        Recovery = Recover(_index, cancellationToken);
        lock (_usageLock)
        {
            _usedBytes = _index.TotalBytes();
        }
    }

    // ---- Ingest -----------------------------------------------------------------------------------------------

    /// <summary>
    /// A staging file for one instance, outside the workspace tree. <paramref name="expectedBytes"/> (the received
    /// size, when known) lets a full workspace refuse before anything is written.
    /// </summary>
    /// <exception cref="WorkspaceFullException">The quota or the disk's free-space reserve would be exceeded.</exception>
    /// <exception cref="WorkspacePurgedException">The workspace was purged.</exception>
    public ValueTask<StagedInstance> StageAsync(long expectedBytes = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedBytes);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_gate.TryEnter())
        {
            throw new WorkspacePurgedException(Name);
        }
        try
        {
            RequireQuota(_settings.Definition, expectedBytes);
            RequireDiskReserve(expectedBytes);
            var (path, stream) = _staging!.Take();
            return ValueTask.FromResult(new StagedInstance(this, path, stream));
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>
    /// Publishes a staged instance: file fsync'd, renamed into <c>STUDY/SERIES/INSTANCE.dcm</c> (atomically replacing
    /// an earlier copy of the same SOP instance), directory fsync'd and index row committed. Acknowledge the instance
    /// only once this completes. <paramref name="dataset"/> is the de-identified dataset that was written.
    /// </summary>
    /// <exception cref="InvalidUidException">A study, series or SOP instance UID is missing or not a plain UID.</exception>
    /// <exception cref="WorkspaceFullException">The quota or the disk's free-space reserve would be exceeded.</exception>
    /// <exception cref="WorkspacePurgedException">The workspace was purged.</exception>
    public async Task<StoredInstance> CommitAsync(StagedInstance staged, DicomDataset dataset, TransferSyntax syntax,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(staged);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        if (!ReferenceEquals(staged.Store, this))
        {
            throw new ArgumentException("The instance was staged for another workspace.", nameof(staged));
        }
        var record = InstanceRecord.From(dataset, syntax);
        if (!_gate.TryEnter())
        {
            throw new WorkspacePurgedException(Name);
        }
        try
        {
            var size = staged.Seal();
            RequireDiskReserve(0);
            using var instanceLock = await _instanceLocks.AcquireAsync(record.SopUid, cancellationToken).ConfigureAwait(false);
            var settings = _settings;
            var index = _index!;
            var previous = index.FindInstance(record.SopUid);
            var growth = size - (previous?.Size ?? 0);
            ReserveQuota(settings.Definition, growth);
            try
            {
                var relative = record.RelativePath;
                var target = _layout.FullPath(relative);
                var seriesDirectory = Path.GetDirectoryName(target)!;
                EnsureTreeDirectories(seriesDirectory, settings.Ownership);
                File.SetUnixFileMode(staged.Path, Permissions.File);
                settings.Ownership.Apply(staged.Path);
                DurableFile.Rename(staged.Path, target);
                staged.MarkCommitted();
                // The directory's fsync and the index row are independent (after a crash the start-up reconciliation
                // matches the index to the files): overlap them, and return only once both are done.
                var directorySynced = Task.Run(() => DurableDirectory.Fsync(seriesDirectory), CancellationToken.None);
                try
                {
                    index.Upsert(record, relative, size, DateTimeOffset.UtcNow);
                }
                finally
                {
                    await directorySynced.ConfigureAwait(false);
                }
                if (previous is not null && previous.Path != relative)
                {
                    RemoveStaleCopy(previous.Path);
                }
                return new StoredInstance(record.SopUid, record.StudyUid, record.SeriesUid, target, size, previous is not null);
            }
            catch
            {
                ReleaseQuota(growth);
                throw;
            }
        }
        finally
        {
            _gate.Exit();
        }
    }

    private void RequireQuota(WorkspaceDefinition definition, long expectedBytes)
    {
        if (definition.QuotaBytes is not { } quota)
        {
            return;
        }
        lock (_usageLock)
        {
            if (_usedBytes + expectedBytes > quota || (expectedBytes == 0 && _usedBytes >= quota))
            {
                throw QuotaExceeded(quota, _usedBytes, expectedBytes);
            }
        }
    }

    private void ReserveQuota(WorkspaceDefinition definition, long growth)
    {
        lock (_usageLock)
        {
            if (definition.QuotaBytes is { } quota && growth > 0 && _usedBytes + growth > quota)
            {
                throw QuotaExceeded(quota, _usedBytes, growth);
            }
            _usedBytes += growth;
        }
    }

    private void ReleaseQuota(long growth)
    {
        lock (_usageLock)
        {
            _usedBytes -= growth;
        }
    }

    private WorkspaceFullException QuotaExceeded(long quota, long used, long more) =>
        new(Name, diskReserve: false, $"The workspace {Name} is full: {used} of its {quota} bytes are used and {more} more were asked for.");

    private void RequireDiskReserve(long expectedBytes)
    {
        var available = AvailableBytes(expectedBytes);
        if (available - expectedBytes < _options.FreeSpaceReserveBytes)
        {
            throw new WorkspaceFullException(Name, diskReserve: true,
                $"The disk holding workspace {Name} has {available} bytes free, within its reserve of {_options.FreeSpaceReserveBytes}.");
        }
    }

    /// <summary>
    /// Free bytes on the workspace's disk, asked of the file system at most every 250 ms and lowered meanwhile by what
    /// was staged since (a statfs per instance shows in the ingest rate); <paramref name="staging"/> is counted as staged.
    /// </summary>
    private long AvailableBytes(long staging)
    {
        lock (_diskLock)
        {
            var now = Stopwatch.GetTimestamp();
            if (_diskCheckedAt == long.MinValue || Stopwatch.GetElapsedTime(_diskCheckedAt, now) > TimeSpan.FromMilliseconds(250))
            {
                _diskAvailable = new DriveInfo(_layout.Root).AvailableFreeSpace;
                _diskCheckedAt = now;
                _diskStagedSince = 0;
            }
            var available = _diskAvailable - _diskStagedSince;
            _diskStagedSince += staging;
            return available;
        }
    }

    /// <summary>Creates the study and series directories if needed, each made durable in its parent before use.</summary>
    private void EnsureTreeDirectories(string seriesDirectory, FileOwnership ownership)
    {
        // One lock so a second committer never uses a directory the first created but has not yet made durable.
        lock (_directoryLock)
        {
            EnsureDirectory(Path.GetDirectoryName(seriesDirectory)!, Permissions.Directory, ownership);
            EnsureDirectory(seriesDirectory, Permissions.Directory, ownership);
        }
    }

    private static void EnsureDirectory(string path, UnixFileMode mode, FileOwnership? ownership)
    {
        if (System.IO.Directory.Exists(path))
        {
            return;
        }
        System.IO.Directory.CreateDirectory(path);
        // Set explicitly: the mode given to mkdir is narrowed by the umask.
        File.SetUnixFileMode(path, mode);
        ownership?.Apply(path);
        DurableDirectory.Fsync(Path.GetDirectoryName(path)!);
    }

    /// <summary>Deletes the copy a replacement left under its old path; if that fails, the next recovery does it.</summary>
    private void RemoveStaleCopy(string relativePath)
    {
        try
        {
            var full = _layout.FullPath(relativePath);
            File.Delete(full);
            DurableDirectory.Fsync(Path.GetDirectoryName(full)!);
        }
        catch (IOException)
        {
        }
    }

    // ---- Queries ----------------------------------------------------------------------------------------------

    /// <summary>The entities matching a C-FIND, streamed as read; nothing once the workspace is purged.</summary>
    /// <exception cref="InvalidQueryException">A key cannot be matched (malformed date or time, too many values).</exception>
    public async IAsyncEnumerable<QueryMatch> FindAsync(WorkspaceQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        // The index is read synchronously: leave the caller's thread first.
        await Task.Yield();
        if (!_gate.TryEnter())
        {
            yield break;
        }
        try
        {
            using var connection = _index!.OpenReader();
            using var matches = QueryExecutor.Find(connection, query).GetEnumerator();
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!Storage(() => matches.MoveNext()))
                {
                    yield break;
                }
                yield return matches.Current;
            }
        }
        finally
        {
            _gate.Exit();
        }
    }

    public IAsyncEnumerable<QueryMatch> FindAsync(QueryLevel level, IReadOnlyList<QueryKey> keys, CancellationToken cancellationToken = default) =>
        FindAsync(new WorkspaceQuery(level, keys), cancellationToken);

    /// <summary>
    /// The instance files a C-GET or C-MOVE identifier selects: its unique keys at and above its level (UID lists
    /// allowed). Empty once the workspace is purged.
    /// </summary>
    /// <exception cref="InvalidQueryException">The level's unique key is missing.</exception>
    public Task<IReadOnlyList<InstanceFileInfo>> ListInstanceFilesAsync(WorkspaceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Read<IReadOnlyList<InstanceFileInfo>>(connection => QueryExecutor.ListFiles(connection, query)
            .Select(f => new InstanceFileInfo(f.SopClassUid, f.SopUid, f.TransferSyntax, _layout.FullPath(f.Path), f.Size))
            .ToList(), [], cancellationToken);
    }

    /// <summary>The instance files of studies, series or instances by UID (patients by Patient ID at PATIENT level).</summary>
    public async Task<IReadOnlyList<InstanceFileInfo>> ListInstanceFilesAsync(QueryLevel level, IEnumerable<string> uids,
        CancellationToken cancellationToken = default)
    {
        var all = new List<InstanceFileInfo>();
        foreach (var chunk in uids.Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).Chunk(RetrieveChunk))
        {
            var key = new QueryKey(IndexedAttributes.UniqueKey(level), string.Join('\\', chunk));
            all.AddRange(await ListInstanceFilesAsync(new WorkspaceQuery(level, key), cancellationToken).ConfigureAwait(false));
        }
        return all;
    }

    /// <summary>Counts and size for <c>edgectl workspace show</c>; zeros once purged.</summary>
    public Task<WorkspaceStats> GetStatsAsync(CancellationToken cancellationToken = default) =>
        Read(connection =>
        {
            var (patients, studies, series, instances, bytes) = QueryExecutor.Stats(connection);
            return new WorkspaceStats(Name, patients, studies, series, instances, bytes);
        }, new WorkspaceStats(Name, 0, 0, 0, 0, 0), cancellationToken);

    private async Task<T> Read<T>(Func<SqliteConnection, T> read, T whenPurged, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        if (!_gate.TryEnter())
        {
            return whenPurged;
        }
        try
        {
            using var connection = _index!.OpenReader();
            return Storage(() => read(connection));
        }
        finally
        {
            _gate.Exit();
        }
    }

    private T Storage<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException ex)
        {
            throw new WorkspaceStorageException($"The index of workspace {Name} failed: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        _staging?.Dispose();
        _index?.Dispose();
        _index = null;
    }
}
