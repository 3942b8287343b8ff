namespace Edge.Ledger.Audit;

/// <summary>The kinds of audit event, as stored in the trail.</summary>
public static class AuditKinds
{
    public const string LedgerInitialised = "ledger-initialised";
    public const string MigrationApplied = "migration-applied";
    public const string InstanceStored = "instance-stored";
    public const string WorkspaceCreated = "workspace-created";
    public const string WorkspaceForgotten = "workspace-forgotten";
    public const string Purge = "purge";
    public const string Lookup = "lookup";
    public const string Reidentification = "reidentification";
    public const string CrosswalkExported = "crosswalk-exported";
    public const string Refusal = "refusal";
    public const string KeyRotated = "key-rotated";
    public const string BackupTaken = "backup";
    public const string Restored = "restored";

    /// <summary>A call on the control plane that was allowed to run, with its outcome (refused calls are <see cref="Refusal"/>).</summary>
    public const string ControlCall = "control-call";

    /// <summary>A workspace defined or redefined through the control plane.</summary>
    public const string WorkspaceChanged = "workspace-changed";

    /// <summary>An instance deleted from quarantine by an administrator, unreleased.</summary>
    public const string QuarantineDeleted = "quarantine-deleted";

    /// <summary>A frame of a quarantined instance shown to an administrator for review (which frame, masked or not; never the pixels).</summary>
    public const string QuarantinePreviewed = "quarantine-previewed";

    /// <summary>A quarantined instance released into its workspace after review, with the regions masked.</summary>
    public const string QuarantineApproved = "quarantine-approved";

    /// <summary>A quarantined instance refused after review and deleted, never released.</summary>
    public const string QuarantineRejected = "quarantine-rejected";
}
