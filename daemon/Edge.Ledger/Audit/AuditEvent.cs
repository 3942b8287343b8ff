namespace Edge.Ledger.Audit;

/// <summary>
/// One event of the trail. Never holds identities: only pseudonyms, pseudonymised UIDs, who did what and why.
/// <see cref="Detail"/> is a small JSON object whose keys depend on <see cref="Kind"/>.
/// </summary>
public sealed record AuditEvent(
    long Sequence,
    string At,
    string Kind,
    string Actor,
    string? Workspace,
    string? Reason,
    string Detail);
