using System.Buffers;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Edge.Ledger.Audit;

/// <summary>
/// Appends chained events on the writer connection. The tail of the chain is read again in every transaction (under
/// the write lock), so another process appending to the same ledger cannot fork the chain.
/// </summary>
internal sealed class AuditAppender : IDisposable
{
    private readonly SqliteCommand _tail;
    private readonly SqliteCommand _insert;
    private readonly ArrayBufferWriter<byte> _scratch = new(512);
    private long _lastSequence;
    private byte[]? _lastHash;
    private string _at = "";

    public AuditAppender(SqliteConnection connection)
    {
        _tail = connection.CreateCommand();
        _tail.CommandText = "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1";
        _insert = connection.CreateCommand();
        _insert.CommandText = """
            INSERT INTO audit_events (seq, at, kind, actor, workspace, reason, detail, prev_hash, hash)
            VALUES ($seq, $at, $kind, $actor, $workspace, $reason, $detail, $prev, $hash)
            """;
        foreach (var name in (string[])["$seq", "$at", "$kind", "$actor", "$workspace", "$reason", "$detail", "$prev", "$hash"])
        {
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    /// <summary>
    /// Starts appending inside <paramref name="transaction"/>; the tail is loaded on the first append. Events of one
    /// transaction carry its start time.
    /// </summary>
    public void Begin(SqliteTransaction transaction)
    {
        _tail.Transaction = transaction;
        _insert.Transaction = transaction;
        _lastHash = null;
        _at = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
    }

    public long Append(string kind, string actor, string? workspace, string? reason, string detail)
    {
        if (_lastHash is null)
        {
            LoadTail();
        }
        var e = new AuditEvent(_lastSequence + 1, _at, kind, actor, workspace, reason, detail);
        var hash = AuditChain.Hash(_lastHash, e, _scratch);
        var p = _insert.Parameters;
        p[0].Value = e.Sequence;
        p[1].Value = e.At;
        p[2].Value = e.Kind;
        p[3].Value = e.Actor;
        p[4].Value = (object?)e.Workspace ?? DBNull.Value;
        p[5].Value = (object?)e.Reason ?? DBNull.Value;
        p[6].Value = e.Detail;
        p[7].Value = _lastHash;
        p[8].Value = hash;
        _insert.ExecuteNonQuery();
        _lastSequence = e.Sequence;
        _lastHash = hash;
        return e.Sequence;
    }

    private void LoadTail()
    {
        using var reader = _tail.ExecuteReader();
        if (reader.Read())
        {
            _lastSequence = reader.GetInt64(0);
            _lastHash = (byte[])reader.GetValue(1);
        }
        else
        {
            _lastSequence = 0;
            _lastHash = AuditChain.Genesis;
        }
    }

    public void Dispose()
    {
        _tail.Dispose();
        _insert.Dispose();
    }
}
