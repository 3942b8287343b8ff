using Edge.Ledger.Keys;
using Microsoft.Data.Sqlite;

namespace Edge.Ledger.Storage;

/// <summary>Backup files: a self-contained (rollback-journal, not WAL) copy encrypted with the ledger's key.</summary>
internal static class LedgerBackup
{
    public static void Copy(SqliteConnection source, string destinationPath, LedgerKey key, TimeSpan busyTimeout)
    {
        if (File.Exists(destinationPath))
        {
            throw new LedgerException($"The backup file {destinationPath} already exists; name a new file.");
        }
        LedgerConnection.CreatePrivateFile(destinationPath);
        try
        {
            using var destination = LedgerConnection.Open(destinationPath, key, "the ledger key", busyTimeout);
            source.BackupDatabase(destination);
            LedgerConnection.Execute(destination, "PRAGMA journal_mode = DELETE");
        }
        catch (SqliteException ex)
        {
            LedgerStore.DeleteDatabaseFiles(destinationPath);
            throw new LedgerException($"The backup to {destinationPath} failed: {ex.Message}", ex);
        }
        catch
        {
            LedgerStore.DeleteDatabaseFiles(destinationPath);
            throw;
        }
    }
}
