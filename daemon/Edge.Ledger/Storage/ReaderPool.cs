using System.Collections.Concurrent;
using Edge.Ledger.Keys;
using Microsoft.Data.Sqlite;

namespace Edge.Ledger.Storage;

/// <summary>
/// Keyed read connections for lookups, exports and verification. In WAL mode they read a consistent snapshot while
/// the writer commits, so readers and the writer never wait for each other.
/// </summary>
internal sealed class ReaderPool(string databasePath, LedgerKey key, string keySource, LedgerOptions options) : IDisposable
{
    private readonly ConcurrentBag<SqliteConnection> _idle = [];
    private int _disposed;

    public Lease Rent()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, typeof(LedgerStore));
        return new Lease(this, _idle.TryTake(out var connection)
            ? connection
            : LedgerConnection.Open(databasePath, key, keySource, options.BusyTimeout));
    }

    private void Return(SqliteConnection connection)
    {
        if (Volatile.Read(ref _disposed) == 0 && _idle.Count < options.MaxIdleReaders)
        {
            _idle.Add(connection);
            if (Volatile.Read(ref _disposed) != 0)
            {
                Dispose();
            }
            return;
        }
        connection.Dispose();
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, 1);
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    /// <summary>A rented connection; disposing it hands it back.</summary>
    public readonly struct Lease(ReaderPool pool, SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public void Dispose() => pool.Return(Connection);
    }
}
