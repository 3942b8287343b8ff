using System.Globalization;
using Edge.Ledger.Keys;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Edge.Ledger.Storage;

/// <summary>Opens SQLCipher connections to a ledger file with its key, and turns a wrong key into a clear error.</summary>
internal static class LedgerConnection
{
    private const int SqliteNotADatabase = 26;

    /// <summary>
    /// Opens and keys a connection, then proves the key by reading the schema (SQLCipher only notices a wrong key on
    /// the first read). <paramref name="keySource"/> names where the key came from in the error message.
    /// </summary>
    public static SqliteConnection Open(string databasePath, LedgerKey key, string keySource, TimeSpan busyTimeout)
    {
        SqlCipherRuntime.EnsureInitialised();
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWrite,
            // Each pooled connection would need keying again; the store keeps its own small pool of keyed readers.
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            var keyBytes = key.ToSqlCipherKey();
            try
            {
                var rc = raw.sqlite3_key(connection.Handle, keyBytes);
                if (rc != raw.SQLITE_OK)
                {
                    throw new LedgerKeyException($"SQLCipher refused the ledger key from {keySource} (code {rc}).");
                }
            }
            finally
            {
                Array.Clear(keyBytes);
            }
            // 4 KiB pages (SQLCipher 3 defaults to 1 KiB): a quarter of the per-page IV, HMAC and write calls.
            // Every connection must say so before its first read, or the file does not decrypt.
            Execute(connection, "PRAGMA cipher_page_size = 4096");
            SetBusyTimeout(connection, busyTimeout);
            Execute(connection, "SELECT count(*) FROM sqlite_master");
            return connection;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteNotADatabase)
        {
            connection.Dispose();
            throw new LedgerKeyException(
                $"The ledger key from {keySource} does not decrypt {databasePath}: wrong key, or the file is not an Edge ledger.", ex);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new LedgerException($"Cannot open the ledger {databasePath}: {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>True when the key decrypts the file; false only for a wrong key (other failures still throw).</summary>
    public static bool KeyDecrypts(string databasePath, LedgerKey key, TimeSpan busyTimeout)
    {
        try
        {
            using var connection = Open(databasePath, key, "a candidate key", busyTimeout);
            return true;
        }
        catch (LedgerKeyException)
        {
            return false;
        }
    }

    /// <summary>Creates an empty file with mode 0600 so SQLite never creates the database (or its WAL) wider.</summary>
    public static void CreatePrivateFile(string path)
    {
        using var _ = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    /// <summary>Settings of the one connection that writes (or of a maintenance connection).</summary>
    public static void ConfigureWriter(SqliteConnection connection)
    {
        // WAL: readers keep reading while the writer commits. synchronous=FULL fsyncs the WAL at every commit, so a
        // mapping whose commit was awaited survives kill -9 and power loss alike (NORMAL could lose the last commits
        // on power loss after the instance was acknowledged); group commit makes that fsync cheap per instance.
        Execute(connection, "PRAGMA journal_mode = WAL");
        Execute(connection, "PRAGMA synchronous = FULL");
        // 32 MiB of decrypted pages: the indexes the writer touches stay in memory instead of being decrypted again.
        Execute(connection, "PRAGMA cache_size = -32768");
        // Erased workspaces leave no readable remnants in free pages.
        Execute(connection, "PRAGMA secure_delete = ON");
    }

    /// <summary>
    /// Leaves WAL mode, which SQLite allows only when no other connection has the database open: the proof that no
    /// daemon is using the ledger before it is re-keyed or overwritten.
    /// </summary>
    public static void RequireExclusive(SqliteConnection connection, string databasePath, TimeSpan busyTimeout)
    {
        // Waiting the full busy timeout for a daemon that will not let go helps nobody: ask briefly.
        SetBusyTimeout(connection, TimeSpan.FromSeconds(1));
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = DELETE";
        command.CommandTimeout = 1;
        try
        {
            if (command.ExecuteScalar() as string == "delete")
            {
                SetBusyTimeout(connection, busyTimeout);
                return;
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            // Busy or locked: reported below.
        }
        throw new LedgerException($"The ledger {databasePath} is in use by another process; stop edged before this operation.");
    }

    private static void SetBusyTimeout(SqliteConnection connection, TimeSpan timeout) =>
        Execute(connection, "PRAGMA busy_timeout = " + ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));

    public static T? Scalar<T>(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }
}
