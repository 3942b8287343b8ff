using Dapper;
using Microsoft.Data.Sqlite;

namespace Edge.Ledger.Audit;

/// <summary>Walks the audit trail in sequence order and reports the first broken link.</summary>
internal static class AuditVerifier
{
    private sealed class Row
    {
        public long Seq { get; set; }
        public string At { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Actor { get; set; } = "";
        public string? Workspace { get; set; }
        public string? Reason { get; set; }
        public string Detail { get; set; } = "";
        public byte[] PrevHash { get; set; } = [];
        public byte[] Hash { get; set; } = [];
    }

    public static AuditVerification Verify(SqliteConnection connection)
    {
        var rows = connection.Query<Row>(
            "SELECT seq, at, kind, actor, workspace, reason, detail, prev_hash AS PrevHash, hash FROM audit_events ORDER BY seq",
            buffered: false);
        var expectedSequence = 1L;
        var previousHash = AuditChain.Genesis;
        var count = 0L;
        foreach (var row in rows)
        {
            var e = new AuditEvent(row.Seq, row.At, row.Kind, row.Actor, row.Workspace, row.Reason, row.Detail);
            if (!row.PrevHash.AsSpan().SequenceEqual(previousHash))
            {
                return AuditVerification.Broken(count, row.Seq, row.Seq == expectedSequence
                    ? "the event does not follow the one before it: an event was removed, inserted or moved"
                    : $"sequence jumps from {expectedSequence - 1} to {row.Seq} and the link is broken: events were removed or reordered");
            }
            if (row.Seq != expectedSequence)
            {
                return AuditVerification.Broken(count, row.Seq,
                    $"sequence jumps from {expectedSequence - 1} to {row.Seq}: events were renumbered or reordered");
            }
            if (!AuditChain.Hash(previousHash, e).AsSpan().SequenceEqual(row.Hash))
            {
                return AuditVerification.Broken(count, row.Seq, "the event's content does not match its hash: it was edited");
            }
            previousHash = row.Hash;
            expectedSequence++;
            count++;
        }
        return AuditVerification.Ok(count);
    }
}
