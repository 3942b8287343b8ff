using Edge.Ledger.Audit;
using Edge.Ledger.Keys;
using Edge.Ledger.Mappings;
using Edge.Ledger.Storage;
using Edge.Ledger.Writing;
using Microsoft.Data.Sqlite;

namespace Edge.Ledger;

/// <summary>
/// The ledger: one SQLCipher-encrypted SQLite database holding the workspace secrets, every original ↔ pseudonymised
/// identifier, and an append-only, hash-chained audit trail. Writes go through a single background writer (batched,
/// cached); reads use their own connections. Thread-safe; open one per process and dispose it at shutdown.
/// </summary>
public sealed partial class LedgerStore : IAsyncDisposable, IDisposable
{
    private readonly ResolvedKey _key;
    private readonly SqliteConnection _writerConnection;
    private readonly LedgerWriter _writer;
    private readonly ReaderPool _readers;
    private readonly LedgerOptions _options;
    private int _disposed;

    private LedgerStore(LedgerLocation location, ResolvedKey key, SqliteConnection writerConnection, LedgerOptions options)
    {
        Location = location;
        _key = key;
        _writerConnection = writerConnection;
        _options = options;
        _readers = new ReaderPool(location.DatabasePath, key.Key, key.Source, options);
        _writer = new LedgerWriter(writerConnection, options);
    }

    public LedgerLocation Location { get; }

    /// <summary>Creates the ledger under <c>STATE/ledger/</c> (see <see cref="Initialise(LedgerLocation, LedgerOptions?)"/>).</summary>
    public static LedgerStore Initialise(string stateDirectory, LedgerOptions? options = null) =>
        Initialise(LedgerLocation.FromStateDirectory(stateDirectory), options);

    /// <summary>
    /// Creates a new ledger: the directory (0700), a random 256-bit key in the key file (0600) unless a systemd
    /// credential or an administrator-provided key file already holds one, and the encrypted database (0600).
    /// Refuses when a database already exists.
    /// </summary>
    public static LedgerStore Initialise(LedgerLocation location, LedgerOptions? options = null)
    {
        options ??= new LedgerOptions();
        options.Validate();
        if (File.Exists(location.DatabasePath))
        {
            throw new LedgerException($"A ledger already exists at {location.DatabasePath}; open it, or restore a backup over it.");
        }
        PrivateDirectory.Ensure(location.Directory);
        var createdKeyFile = false;
        if (location.CredentialPath is null && !File.Exists(location.KeyFilePath))
        {
            using var generated = LedgerKey.Generate();
            KeyFile.Write(location.KeyFilePath, generated);
            createdKeyFile = true;
        }
        var key = KeyResolver.Load(location);
        LedgerStore? store = null;
        try
        {
            LedgerConnection.CreatePrivateFile(location.DatabasePath);
            store = Start(location, key, options);
            store._writer.RunAsync(session => session.Audit(AuditKinds.LedgerInitialised, options.Actor, null, null,
                    AuditDetail.Of(("key", key.Key.Fingerprint), ("keySource", key.FromCredential ? "credential" : "file"))),
                CancellationToken.None).GetAwaiter().GetResult();
            return store;
        }
        catch
        {
            if (store is null)
            {
                key.Key.Dispose();
            }
            else
            {
                store.Dispose();
            }
            DeleteDatabaseFiles(location.DatabasePath);
            if (createdKeyFile)
            {
                File.Delete(location.KeyFilePath);
            }
            throw;
        }
    }

    /// <summary>Opens the ledger under <c>STATE/ledger/</c> (see <see cref="Open(LedgerLocation, LedgerOptions?)"/>).</summary>
    public static LedgerStore Open(string stateDirectory, LedgerOptions? options = null) =>
        Open(LedgerLocation.FromStateDirectory(stateDirectory), options);

    /// <summary>
    /// Opens an existing ledger with the key from the systemd credential or the key file (refused unless 0600/0400),
    /// completes an interrupted key rotation, and applies pending migrations.
    /// </summary>
    public static LedgerStore Open(LedgerLocation location, LedgerOptions? options = null)
    {
        options ??= new LedgerOptions();
        options.Validate();
        RequireDatabase(location);
        KeyResolver.FinishInterruptedRotation(location,
            candidate => LedgerConnection.KeyDecrypts(location.DatabasePath, candidate, options.BusyTimeout));
        var key = KeyResolver.Load(location);
        try
        {
            return Start(location, key, options);
        }
        catch
        {
            key.Key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Records what the engine replaced in one instance. The task completes when the mappings are committed to disk
    /// (acknowledge the instance only then); it faults with <see cref="LedgerConflictException"/> when they contradict
    /// the ledger and with <see cref="LedgerException"/> when the workspace is unknown or the ledger cannot commit.
    /// </summary>
    public Task RecordInstanceAsync(InstanceMapping mapping, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        mapping.Validate();
        return _writer.RecordAsync(mapping, cancellationToken);
    }

    internal static void RequireDatabase(LedgerLocation location)
    {
        if (!File.Exists(location.DatabasePath))
        {
            throw new LedgerException($"There is no ledger at {location.DatabasePath}; create it with 'edged ledger init'.");
        }
    }

    /// <summary>Opens the writer connection with the key, migrates, and starts the writer.</summary>
    private static LedgerStore Start(LedgerLocation location, ResolvedKey key, LedgerOptions options)
    {
        var source = key.FromCredential && File.Exists(location.KeyFilePath)
            ? $"{key.Source} (a key file {location.KeyFilePath} also exists: after a rotation, re-create the credential from it)"
            : key.Source;
        var connection = LedgerConnection.Open(location.DatabasePath, key.Key, source, options.BusyTimeout);
        try
        {
            LedgerConnection.ConfigureWriter(connection);
            using (var audit = new AuditAppender(connection))
            {
                Migrations.Apply(connection, audit, options.Actor);
            }
            return new LedgerStore(location, key with { Source = source }, connection, options);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new LedgerException($"Cannot prepare the ledger {location.DatabasePath}: {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    internal static void DeleteDatabaseFiles(string databasePath)
    {
        foreach (var suffix in (string[])["", "-wal", "-shm", "-journal"])
        {
            File.Delete(databasePath + suffix);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _writer.DisposeAsync().ConfigureAwait(false);
        _readers.Dispose();
        // Closing the last connection checkpoints the WAL into the database file and removes it.
        _writerConnection.Dispose();
        _key.Key.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
