using Edge.Dicom;

namespace Edge.Workspaces;

/// <summary>
/// Root of Edge.Workspaces' own exceptions. Messages name workspaces, paths and de-identified UIDs only (everything
/// a workspace holds is already de-identified), so callers may log them.
/// </summary>
public class WorkspaceException : DicomException
{
    public WorkspaceException(string message) : base(message) { }
    public WorkspaceException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>A workspace definition (or the registry file holding them) is invalid; the message names the field.</summary>
public sealed class WorkspaceDefinitionException : WorkspaceException
{
    public WorkspaceDefinitionException(string message) : base(message) { }
    public WorkspaceDefinitionException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>No workspace of that name (or called AE title) is registered.</summary>
public sealed class UnknownWorkspaceException : WorkspaceException
{
    public UnknownWorkspaceException(string message) : base(message) { }
}

/// <summary>A UID that cannot name a file or directory: not digits separated by single dots, or longer than 64.</summary>
public sealed class InvalidUidException : WorkspaceException
{
    public InvalidUidException(string message) : base(message) { }
}

/// <summary>
/// The workspace would exceed its quota, or the disk would fall below its free-space reserve. The network layer
/// answers 0xA700 (out of resources).
/// </summary>
public sealed class WorkspaceFullException : WorkspaceException
{
    public WorkspaceFullException(string workspace, bool diskReserve, string message) : base(message)
    {
        Workspace = workspace;
        DiskReserve = diskReserve;
    }

    public string Workspace { get; }

    /// <summary>True when the disk's free-space reserve was the limit, false when the workspace quota was.</summary>
    public bool DiskReserve { get; }
}

/// <summary>The workspace was purged (or is being purged): it takes no more instances.</summary>
public sealed class WorkspacePurgedException : WorkspaceException
{
    public WorkspacePurgedException(string workspace)
        : base($"The workspace {workspace} has been purged; it accepts no more instances.") => Workspace = workspace;

    public string Workspace { get; }
}

/// <summary>A C-FIND identifier the index cannot match: unknown level, malformed date or time range, too many values.</summary>
public sealed class InvalidQueryException : WorkspaceException
{
    public InvalidQueryException(string message) : base(message) { }
}

/// <summary>The index database or the file system failed underneath a workspace operation.</summary>
public sealed class WorkspaceStorageException : WorkspaceException
{
    public WorkspaceStorageException(string message, Exception? inner = null) : base(message, inner) { }
}
