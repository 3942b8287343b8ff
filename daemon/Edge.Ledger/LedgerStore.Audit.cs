using Edge.Ledger.Audit;
using Edge.Ledger.Storage;

namespace Edge.Ledger;

/// <summary>Reading and verifying the audit trail, and online backups.</summary>
public sealed partial class LedgerStore
{
    /// <summary>Walks the whole chain; an edited, deleted or reordered event is reported with its sequence number.</summary>
    public AuditVerification VerifyAudit()
    {
        using var lease = _readers.Rent();
        return AuditVerifier.Verify(lease.Connection);
    }

    /// <summary>Up to <paramref name="maxCount"/> events after sequence number <paramref name="afterSequence"/>, in order.</summary>
    public IReadOnlyList<AuditEvent> ReadAudit(long afterSequence = 0, int maxCount = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        using var lease = _readers.Rent();
        using var command = lease.Connection.CreateCommand();
        command.CommandText = """
            SELECT seq, at, kind, actor, workspace, reason, detail FROM audit_events
            WHERE seq > $after ORDER BY seq LIMIT $max
            """;
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$max", maxCount);
        using var reader = command.ExecuteReader();
        var events = new List<AuditEvent>();
        while (reader.Read())
        {
            events.Add(new AuditEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6)));
        }
        return events;
    }

    /// <summary>
    /// Copies the live ledger, while it keeps working, into a new file (mode 0600) encrypted with the same key, using
    /// SQLite's online backup from a consistent snapshot. Refuses to overwrite an existing file.
    /// </summary>
    public async Task BackupAsync(string destinationPath, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var target = Path.GetFullPath(destinationPath);
        await Task.Run(() =>
        {
            using var lease = _readers.Rent();
            LedgerBackup.Copy(lease.Connection, target, _key.Key, _options.BusyTimeout);
        }, cancellationToken).ConfigureAwait(false);
        await _writer.RunAsync(session => session.Audit(AuditKinds.BackupTaken, actor, null, null,
            AuditDetail.Of(("file", target))), cancellationToken).ConfigureAwait(false);
    }
}
