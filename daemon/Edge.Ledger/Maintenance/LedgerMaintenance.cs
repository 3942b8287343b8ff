using Edge.Ledger.Audit;
using Edge.Ledger.Keys;
using Edge.Ledger.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Edge.Ledger.Maintenance;

/// <summary>
/// Operations on a closed ledger: key rotation and restore. Both prove that no other process has the database open
/// (leaving WAL mode needs that) before touching it.
/// </summary>
internal static class LedgerMaintenance
{
    /// <summary>
    /// Backs the ledger up with the current key, then re-encrypts it with a new random key. The order survives a
    /// crash at any point: the new key is written (0600) to a pending file before the database changes and renamed
    /// over the key file after, and opening the ledger finishes an interrupted rotation. The backup is re-encrypted
    /// with the new key last, so the old key is no longer needed for anything.
    /// </summary>
    public static RekeyResult Rekey(LedgerLocation location, string backupPath, string actor, LedgerOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        LedgerStore.RequireDatabase(location);
        var backup = Path.GetFullPath(backupPath);
        KeyResolver.FinishInterruptedRotation(location,
            candidate => LedgerConnection.KeyDecrypts(location.DatabasePath, candidate, options.BusyTimeout));
        var current = KeyResolver.Load(location);
        using var previousKey = current.Key;
        using var next = LedgerKey.Generate();
        using (var connection = LedgerConnection.Open(location.DatabasePath, previousKey, current.Source, options.BusyTimeout))
        {
            LedgerConnection.RequireExclusive(connection, location.DatabasePath, options.BusyTimeout);
            LedgerBackup.Copy(connection, backup, previousKey, options.BusyTimeout);
            KeyFile.Write(location.PendingKeyFilePath, next);
            Rekey(connection, next, location.DatabasePath);
            LedgerConnection.ConfigureWriter(connection);
            Audit(connection, AuditKinds.KeyRotated, actor, AuditDetail.Of(
                ("previous", previousKey.Fingerprint), ("current", next.Fingerprint), ("backup", backup)));
        }
        KeyFile.Promote(location.PendingKeyFilePath, location.KeyFilePath);
        using (var backupConnection = LedgerConnection.Open(backup, previousKey, "the previous key", options.BusyTimeout))
        {
            Rekey(backupConnection, next, backup);
        }
        return new RekeyResult(location.KeyFilePath, backup, previousKey.Fingerprint, next.Fingerprint, current.FromCredential);
    }

    /// <summary>
    /// Replaces the ledger's content with a backup encrypted with the current key, after checking the backup's
    /// schema and audit chain. The restore is audited in the restored ledger, continuing the backup's chain.
    /// </summary>
    public static void Restore(LedgerLocation location, string backupPath, string actor, LedgerOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var backup = Path.GetFullPath(backupPath);
        if (!File.Exists(backup))
        {
            throw new LedgerException($"The backup file {backup} does not exist.");
        }
        var key = KeyResolver.Load(location);
        using var ledgerKey = key.Key;
        using var source = LedgerConnection.Open(backup, ledgerKey, key.Source + " (for the backup " + backup + ")", options.BusyTimeout);
        var version = Migrations.CurrentVersion(source);
        if (version < 1 || version > Migrations.LatestVersion)
        {
            throw new LedgerException($"The file {backup} is not an Edge ledger backup this version can restore (schema {version}).");
        }
        if (AuditVerifier.Verify(source) is { Intact: false } broken)
        {
            throw new LedgerException(
                $"The backup's audit trail is broken at event {broken.BrokenAt} ({broken.Problem}); refusing to restore it.");
        }
        PrivateDirectory.Ensure(location.Directory);
        if (!File.Exists(location.DatabasePath))
        {
            LedgerConnection.CreatePrivateFile(location.DatabasePath);
        }
        using var target = LedgerConnection.Open(location.DatabasePath, ledgerKey, key.Source, options.BusyTimeout);
        LedgerConnection.RequireExclusive(target, location.DatabasePath, options.BusyTimeout);
        source.BackupDatabase(target);
        LedgerConnection.ConfigureWriter(target);
        using (var audit = new AuditAppender(target))
        {
            Migrations.Apply(target, audit, actor);
        }
        Audit(target, AuditKinds.Restored, actor, AuditDetail.Of(("backup", backup)));
    }

    private static void Rekey(SqliteConnection connection, LedgerKey key, string path)
    {
        var bytes = key.ToSqlCipherKey();
        try
        {
            var rc = raw.sqlite3_rekey(connection.Handle, bytes);
            if (rc != raw.SQLITE_OK)
            {
                throw new LedgerException($"SQLCipher could not re-encrypt {path} (code {rc}); it still uses the previous key.");
            }
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    private static void Audit(SqliteConnection connection, string kind, string actor, string detail)
    {
        using var transaction = connection.BeginTransaction();
        using var audit = new AuditAppender(connection);
        audit.Begin(transaction);
        audit.Append(kind, actor, null, null, detail);
        transaction.Commit();
    }
}
