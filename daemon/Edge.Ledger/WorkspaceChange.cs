namespace Edge.Ledger;

/// <summary>What an administrator did to a workspace outside the ledger (through the control plane).</summary>
public enum WorkspaceChangeKind
{
    /// <summary>Defined: a new AE title is answered.</summary>
    Created,

    /// <summary>Redefined: AE title, profile, callers, research nodes, retention or quota changed.</summary>
    Updated,

    /// <summary>Its files and index removed (the ledger's mappings are a separate erasure).</summary>
    Purged,

    /// <summary>One of its quarantined instances deleted without being released.</summary>
    QuarantineDeleted,

    /// <summary>A frame of one of its quarantined instances viewed (original pixels, masked or not) for review.</summary>
    QuarantinePreviewed,

    /// <summary>One of its quarantined instances released after review, with the regions masked.</summary>
    QuarantineApproved,

    /// <summary>One of its quarantined instances refused after review and deleted, never released.</summary>
    QuarantineRejected,
}

/// <summary>
/// A change to audit: which workspace, what, who (for example "uid 1000") and why, with details that name settings,
/// counts and identifiers of Edge's own (never patient data).
/// </summary>
public sealed record WorkspaceChange(
    string Workspace,
    WorkspaceChangeKind Kind,
    string Actor,
    string? Reason,
    IReadOnlyList<KeyValuePair<string, string>> Detail);
