namespace Edge.Ledger;

/// <summary>A workspace known to the ledger, with how much it maps (no secrets, no identities).</summary>
public sealed record WorkspaceSummary(string Name, DateTimeOffset CreatedAt, long Patients, long Studies, long Instances);

/// <summary>What an erasure removed.</summary>
public sealed record WorkspaceErasure(string Workspace, long Patients, long Studies, long Series, long Instances, long OtherUids);
