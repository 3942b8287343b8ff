using Edge.Dicom;
using Edge.Dicom.Data;
using Edge.Platform;
using Edge.Workspaces.Indexing;

namespace Edge.Workspaces.Storage;

/// <summary>Recovery at open, and purge.</summary>
public sealed partial class WorkspaceStore
{
    private const int RecoveryPage = 1000;

    private static readonly DicomReaderOptions s_headerOnly = new()
    {
        StopAtTag = new DicomTag(InstanceRecord.LastIndexedTag.Group, (ushort)(InstanceRecord.LastIndexedTag.Element + 1)),
    };

    /// <summary>
    /// Brings files and index back into agreement after a crash: staged files are deleted (their instances were never
    /// acknowledged), rows whose file is gone are removed, and files that lack a row (the process died between rename
    /// and index commit) are indexed, or deleted when a newer copy of the same instance is indexed elsewhere.
    /// </summary>
    private RecoveryReport Recover(WorkspaceIndex index, CancellationToken cancellationToken)
    {
        var staging = 0;
        foreach (var entry in new DirectoryInfo(_layout.StagingDirectory).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
            staging++;
        }

        var rowsRemoved = 0;
        for (var page = index.InstancesAfter(0, RecoveryPage); page.Count > 0; page = index.InstancesAfter(page[^1].Id, RecoveryPage))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var row in page.Where(r => !File.Exists(_layout.FullPath(r.Path))))
            {
                index.DeleteInstance(row.SopUid);
                rowsRemoved++;
            }
        }

        int indexed = 0, stale = 0, ignored = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(_layout.WorkspaceDirectory, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = _layout.RelativePath(file);
            if (index.FindByPath(relative) is not null)
            {
                continue;
            }
            if (ReadRecord(file) is not { } record || record.RelativePath != relative)
            {
                ignored++;
                continue;
            }
            if (index.FindInstance(record.SopUid) is { } newer && File.Exists(_layout.FullPath(newer.Path)))
            {
                File.Delete(file);
                stale++;
                continue;
            }
            index.Upsert(record, relative, new FileInfo(file).Length, File.GetLastWriteTimeUtc(file));
            indexed++;
        }
        return new RecoveryReport(staging, rowsRemoved, indexed, stale, ignored);
    }

    /// <summary>The indexed attributes of a stored file; null when it is not a readable instance with plain UIDs.</summary>
    private static InstanceRecord? ReadRecord(string path)
    {
        if (!path.EndsWith(UidPaths.InstanceExtension, StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            using var file = DicomFile.Open(path, s_headerOnly);
            return InstanceRecord.From(file.Dataset, file.TransferSyntax);
        }
        catch (Exception ex) when (ex is DicomException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Deletes the workspace's files, index and staging. New instances are refused from the start; instances being
    /// committed finish first. The store stays purged; reopening a purged definition finishes a purge a crash cut short.
    /// </summary>
    public async Task<PurgeResult> PurgeAsync(IProgress<PurgeProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await _gate.CloseAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => DeleteEverything(progress, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private PurgeResult DeleteEverything(IProgress<PurgeProgress>? progress, CancellationToken cancellationToken)
    {
        var total = _index?.InstanceCount() ?? 0;
        _index?.Dispose();
        _index = null;
        _staging?.Dispose();
        long files = 0, bytes = 0;
        if (System.IO.Directory.Exists(_layout.WorkspaceDirectory))
        {
            foreach (var file in new DirectoryInfo(_layout.WorkspaceDirectory).EnumerateFiles("*", SearchOption.AllDirectories))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var length = file.Length;
                file.Delete();
                files++;
                bytes += length;
                if (files % PurgeProgressEvery == 0)
                {
                    progress?.Report(new PurgeProgress(files, Math.Max(total, files), bytes));
                }
            }
            System.IO.Directory.Delete(_layout.WorkspaceDirectory, recursive: true);
            DurableDirectory.Fsync(_layout.Root);
        }
        if (System.IO.Directory.Exists(_layout.StagingDirectory))
        {
            System.IO.Directory.Delete(_layout.StagingDirectory, recursive: true);
        }
        foreach (var indexFile in _layout.IndexFiles)
        {
            File.Delete(indexFile);
        }
        if (System.IO.Directory.Exists(_layout.IndexDirectory))
        {
            DurableDirectory.Fsync(_layout.IndexDirectory);
        }
        lock (_usageLock)
        {
            _usedBytes = 0;
        }
        progress?.Report(new PurgeProgress(files, Math.Max(total, files), bytes));
        return new PurgeResult(Name, files, bytes);
    }
}
