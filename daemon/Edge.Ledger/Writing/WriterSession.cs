using Edge.Ledger.Audit;
using Microsoft.Data.Sqlite;

namespace Edge.Ledger.Writing;

/// <summary>
/// What an operation queued on the writer gets: the one write connection inside an open transaction (committed when
/// the operation returns, rolled back when it throws) and the audit chain.
/// </summary>
internal sealed class WriterSession(SqliteConnection connection, SqliteTransaction transaction, AuditAppender audit,
    MappingRecorder recorder, string actor)
{
    public SqliteConnection Connection { get; } = connection;

    public SqliteTransaction Transaction { get; } = transaction;

    /// <summary>Actor for automatic events.</summary>
    public string Actor { get; } = actor;

    public long Audit(string kind, string actor, string? workspace, string? reason, string detail) =>
        audit.Append(kind, actor, workspace, reason, detail);

    /// <summary>Call after deleting mapped rows so the writer does not trust what it remembered.</summary>
    public void ForgetCachedMappings() => recorder.ForgetCaches();

    /// <summary>
    /// Asks for a WAL checkpoint after the commit, so erased rows' old page images leave the write-ahead log too.
    /// </summary>
    public bool CheckpointAfterCommit { get; set; }

    /// <summary>Actions run on the writer thread once the transaction has committed (never after a rollback).</summary>
    public List<Action> Committed { get; } = [];
}
