namespace Edge.Workspaces.Storage;

/// <summary>An instance safely in its workspace: file durable, index row committed.</summary>
/// <param name="Replaced">An instance with the same SOP Instance UID was there before and was replaced atomically.</param>
public sealed record StoredInstance(string SopInstanceUid, string StudyInstanceUid, string SeriesInstanceUid,
    string Path, long Size, bool Replaced);

/// <summary>What the start-up recovery found and did.</summary>
/// <param name="StagingFilesRemoved">Staged files an interrupted ingest left behind, deleted.</param>
/// <param name="RowsRemoved">Index rows whose file was gone, deleted.</param>
/// <param name="FilesIndexed">Stored files that had no index row (their commit was cut short), indexed.</param>
/// <param name="StaleFilesRemoved">Older copies of a replaced instance stored under another path, deleted.</param>
/// <param name="FilesIgnored">Files in the workspace tree that are not readable instances where Edge would put them; left alone.</param>
public sealed record RecoveryReport(int StagingFilesRemoved, int RowsRemoved, int FilesIndexed, int StaleFilesRemoved, int FilesIgnored)
{
    public static readonly RecoveryReport Nothing = new(0, 0, 0, 0, 0);
}

/// <summary>Progress of a purge, reported as files are deleted.</summary>
public sealed record PurgeProgress(long FilesDeleted, long FilesTotal, long BytesDeleted);

/// <summary>What a purge removed.</summary>
public sealed record PurgeResult(string Workspace, long FilesDeleted, long BytesDeleted);

/// <summary>Counts and size of a workspace (for <c>edgectl workspace show</c>).</summary>
public sealed record WorkspaceStats(string Workspace, long Patients, long Studies, long Series, long Instances, long Bytes);

/// <summary>A stored instance file to send (C-GET and C-MOVE sub-operations).</summary>
public sealed record InstanceFileInfo(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, string Path, long Size);
