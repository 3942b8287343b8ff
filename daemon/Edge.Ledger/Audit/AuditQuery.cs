namespace Edge.Ledger.Audit;

/// <summary>Which events of the trail to read: a page after a sequence number, optionally narrowed.</summary>
/// <param name="AfterSequence">Events after this sequence number; 0 from the first.</param>
/// <param name="MaxCount">At most this many events (1 to <see cref="MaxPage"/>).</param>
/// <param name="Workspace">Only this workspace's events; null for all.</param>
/// <param name="Kind">Only this kind (see <see cref="AuditKinds"/>); null for all.</param>
/// <param name="Since">Only events at or after this instant; null for all.</param>
public sealed record AuditQuery(long AfterSequence = 0, int MaxCount = 100, string? Workspace = null, string? Kind = null,
    DateTimeOffset? Since = null)
{
    public const int MaxPage = 1000;
}

/// <summary>A page of events in sequence order; <paramref name="More"/> when further events match.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Events, bool More);
