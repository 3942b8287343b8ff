using System.Globalization;
using Edge.Ledger.Access;
using Edge.Ledger.Audit;

namespace Edge.Ledger;

/// <summary>The control plane's side of the trail: every call, every administrative change, and reading it back.</summary>
public sealed partial class LedgerStore
{
    private const int MaxActorLength = 200;

    /// <summary>
    /// Audits one control call: as <see cref="AuditKinds.ControlCall"/> with its outcome, or as
    /// <see cref="AuditKinds.Refusal"/> when the caller's roles did not allow it. The actor is the caller's uid.
    /// </summary>
    public Task RecordControlCallAsync(ControlCallEvent call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentException.ThrowIfNullOrWhiteSpace(call.Method);
        ArgumentException.ThrowIfNullOrWhiteSpace(call.Outcome);
        var actor = "uid " + Number(call.UserId);
        var detail = AuditDetail.Of(
            ("method", call.Method),
            ("outcome", call.Outcome),
            ("uid", Number(call.UserId)),
            ("gid", Number(call.GroupId)),
            ("pid", Number(call.ProcessId)),
            ("grants", call.Grants),
            ("milliseconds", Number((long)call.Duration.TotalMilliseconds)));
        return call.Refused
            ? _writer.RunAsync(session => session.Audit(AuditKinds.Refusal, actor, null, "the caller's roles do not allow " + call.Method, detail),
                cancellationToken)
            : _writer.RunAsync(session => session.Audit(AuditKinds.ControlCall, actor, null, null, detail), cancellationToken);
    }

    /// <summary>
    /// Audits an administrator's change to a workspace: a purge as <see cref="AuditKinds.Purge"/>, a quarantined
    /// instance deleted as <see cref="AuditKinds.QuarantineDeleted"/> (previewed, approved and rejected as their own
    /// kinds), a definition as <see cref="AuditKinds.WorkspaceChanged"/> with "change": "created" or "updated".
    /// </summary>
    public Task RecordWorkspaceChangeAsync(WorkspaceChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        Naming.RequireWorkspaceName(change.Workspace);
        ArgumentException.ThrowIfNullOrWhiteSpace(change.Actor);
        var (kind, pairs) = change.Kind switch
        {
            WorkspaceChangeKind.Created => (AuditKinds.WorkspaceChanged, change.Detail.Prepend(new("change", "created"))),
            WorkspaceChangeKind.Updated => (AuditKinds.WorkspaceChanged, change.Detail.Prepend(new("change", "updated"))),
            WorkspaceChangeKind.Purged => (AuditKinds.Purge, change.Detail),
            WorkspaceChangeKind.QuarantineDeleted => (AuditKinds.QuarantineDeleted, change.Detail),
            WorkspaceChangeKind.QuarantinePreviewed => (AuditKinds.QuarantinePreviewed, change.Detail),
            WorkspaceChangeKind.QuarantineApproved => (AuditKinds.QuarantineApproved, change.Detail),
            WorkspaceChangeKind.QuarantineRejected => (AuditKinds.QuarantineRejected, change.Detail),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change.Kind, "Unknown workspace change."),
        };
        var detail = AuditDetail.Of(pairs.Select(p => (p.Key, (string?)p.Value)).ToArray());
        var actor = Truncate(change.Actor, MaxActorLength);
        var reason = string.IsNullOrWhiteSpace(change.Reason) ? null : Truncate(change.Reason, AccessRequest.MaxLength);
        return _writer.RunAsync(session => session.Audit(kind, actor, change.Workspace, reason, detail), cancellationToken);
    }

    /// <summary>A page of the trail, in sequence order, narrowed by workspace, kind and time as asked.</summary>
    public AuditPage ReadAudit(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.AfterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.MaxCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.MaxCount, AuditQuery.MaxPage);
        using var lease = _readers.Rent();
        using var command = lease.Connection.CreateCommand();
        // Instants are stored in the round-trip format in UTC, so text order is time order.
        command.CommandText = """
            SELECT seq, at, kind, actor, workspace, reason, detail FROM audit_events
            WHERE seq > $after
              AND ($workspace IS NULL OR workspace = $workspace)
              AND ($kind IS NULL OR kind = $kind)
              AND ($since IS NULL OR at >= $since)
            ORDER BY seq LIMIT $limit
            """;
        command.Parameters.AddWithValue("$after", query.AfterSequence);
        command.Parameters.AddWithValue("$workspace", (object?)query.Workspace ?? DBNull.Value);
        command.Parameters.AddWithValue("$kind", (object?)query.Kind ?? DBNull.Value);
        command.Parameters.AddWithValue("$since",
            query.Since is { } since ? since.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) : DBNull.Value);
        // One more than asked tells whether another page follows.
        command.Parameters.AddWithValue("$limit", query.MaxCount + 1);
        using var reader = command.ExecuteReader();
        var events = new List<AuditEvent>();
        while (reader.Read())
        {
            events.Add(new AuditEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6)));
        }
        var more = events.Count > query.MaxCount;
        return new AuditPage(more ? events[..query.MaxCount] : events, more);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
