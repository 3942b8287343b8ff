using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Edge.Workspaces.Indexing;

/// <summary>
/// One workspace's index: a plain SQLite file (0600) in WAL mode with one writer connection, used under a lock, and
/// a fresh read connection per query, so queries read a consistent snapshot while instances are committed.
/// synchronous=NORMAL: a power loss may drop the last commits but never corrupts the file, and the start-up
/// reconciliation indexes any stored file whose row was lost, so the files stay the truth.
/// </summary>
internal sealed class WorkspaceIndex : IDisposable
{
    private readonly Lock _writeLock = new();
    private readonly SqliteConnection _writer;
    private readonly UpsertStatements _upsert;
    private readonly string _connectionString;

    private WorkspaceIndex(string path, string connectionString, SqliteConnection writer)
    {
        DatabasePath = path;
        _connectionString = connectionString;
        _writer = writer;
        _upsert = new UpsertStatements(writer);
    }

    public string DatabasePath { get; }

    public static WorkspaceIndex Open(string path, TimeSpan busyTimeout)
    {
        SqliteRuntime.EnsureInitialised();
        if (!File.Exists(path))
        {
            // Created 0600 before SQLite sees it: SQLite gives its -wal and -shm files the same mode.
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
        SqliteConnection? writer = null;
        try
        {
            writer = Connect(connectionString, busyTimeout);
            writer.Execute("PRAGMA journal_mode = WAL");
            writer.Execute("PRAGMA synchronous = NORMAL");
            IndexSchema.Apply(writer, path);
            return new WorkspaceIndex(path, connectionString, writer);
        }
        catch (SqliteException ex)
        {
            writer?.Dispose();
            throw new WorkspaceStorageException($"Cannot open the workspace index {path}: {ex.Message}", ex);
        }
    }

    private static SqliteConnection Connect(string connectionString, TimeSpan busyTimeout)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        connection.Execute("PRAGMA busy_timeout = " + ((long)busyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        return connection;
    }

    /// <summary>A read connection for one query; the caller disposes it.</summary>
    public SqliteConnection OpenReader()
    {
        try
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            return connection;
        }
        catch (SqliteException ex)
        {
            throw new WorkspaceStorageException($"Cannot read the workspace index {DatabasePath}: {ex.Message}", ex);
        }
    }

    // ---- Writes (the one writer connection, serialised) ------------------------------------------------------

    private const string InstanceColumns = "id AS Id, sop_uid AS SopUid, path AS Path, size AS Size";

    public IndexedInstance? FindInstance(string sopUid) => Write(_ =>
    {
        using var reader = UpsertStatements.Bind(_upsert.FindInstance, sopUid).ExecuteReader();
        return reader.Read() ? new IndexedInstance(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)) : null;
    });

    public IndexedInstance? FindByPath(string relativePath) =>
        Write(c => c.QuerySingleOrDefault<IndexedInstance>(
            $"SELECT {InstanceColumns} FROM instances WHERE path = @relativePath", new { relativePath }));

    public long TotalBytes() => Write(c => c.ExecuteScalar<long>("SELECT coalesce(sum(size), 0) FROM instances"));

    public long InstanceCount() => Write(c => c.ExecuteScalar<long>("SELECT count(*) FROM instances"));

    /// <summary>Instances in row order after <paramref name="afterId"/>, a page at a time (start-up reconciliation).</summary>
    public List<IndexedInstance> InstancesAfter(long afterId, int limit) =>
        Write(c => c.Query<IndexedInstance>(
            $"SELECT {InstanceColumns} FROM instances WHERE id > @afterId ORDER BY id LIMIT @limit", new { afterId, limit }).AsList());

    /// <summary>
    /// Inserts or replaces the instance (same SOP Instance UID) and refreshes its patient, study and series; rows whose
    /// attributes did not change are left alone (most instances belong to a series already indexed).
    /// </summary>
    public void Upsert(InstanceRecord r, string relativePath, long size, DateTimeOffset storedAt) => Write(c =>
    {
        using var tx = c.BeginTransaction();
        _upsert.Begin(tx);
        try
        {
            var patientRef = UpsertRow(_upsert.Patient,
            [
                r.PatientId, r.PatientName, DicomValues.FoldName(r.PatientName), r.PatientBirthDate,
                DicomValues.DateKey(r.PatientBirthDate), r.PatientSex,
            ]).Id;
            var (studyRef, studyWasUnder) = UpsertRow(_upsert.Study,
            [
                r.StudyUid, patientRef, r.StudyDate, DicomValues.DateKey(r.StudyDate), r.StudyTime, DicomValues.TimeKey(r.StudyTime),
                r.AccessionNumber, r.StudyId, r.StudyDescription, r.ReferringPhysicianName, DicomValues.FoldName(r.ReferringPhysicianName),
            ]);
            if (studyWasUnder is { } previousPatient && previousPatient != patientRef)
            {
                PrunePatient(c, tx, previousPatient);
            }
            var (seriesRef, seriesWasUnder) = UpsertRow(_upsert.Series, [r.SeriesUid, studyRef, r.Modality, r.SeriesNumber, r.SeriesDescription]);
            if (seriesWasUnder is { } previousStudy && previousStudy != studyRef)
            {
                PruneStudy(c, tx, previousStudy);
            }
            var old = ReadLink(_upsert.SelectInstance, r.SopUid);
            object?[] values =
            [
                r.SopUid, seriesRef, r.SopClassUid, r.InstanceNumber, relativePath, size, r.TransferSyntaxUid,
                storedAt.ToUnixTimeMilliseconds(),
            ];
            UpsertStatements.Bind(old is null ? _upsert.InsertInstance : _upsert.UpdateInstance, values).ExecuteNonQuery();
            if (old is not null && old.ParentRef != seriesRef)
            {
                PruneSeries(c, tx, old.ParentRef);
            }
            tx.Commit();
        }
        finally
        {
            _upsert.End();
        }
        return 0;
    });

    /// <summary>Removes an instance row, and its series, study and patient when they become empty.</summary>
    public void DeleteInstance(string sopUid) => Write(c =>
    {
        using var tx = c.BeginTransaction();
        var seriesRef = c.ExecuteScalar<long?>("SELECT series_ref FROM instances WHERE sop_uid = @sopUid", new { sopUid }, tx);
        if (seriesRef is { } s)
        {
            c.Execute("DELETE FROM instances WHERE sop_uid = @sopUid", new { sopUid }, tx);
            PruneSeries(c, tx, s);
        }
        tx.Commit();
        return 0;
    });

    /// <summary>
    /// Finds the row keyed by <c>values[0]</c>: inserts it, or updates it when a column differs from the rest of
    /// <paramref name="values"/> (left alone otherwise: most instances belong to a series already indexed). Returns
    /// its id and, for a row that existed under a parent, that parent's id before the update.
    /// </summary>
    private static (long Id, long? ParentBefore) UpsertRow(RowStatements statements, object?[] values)
    {
        long? id = null;
        long? parentBefore = null;
        var same = true;
        using (var reader = UpsertStatements.Bind(statements.Select, values[0]).ExecuteReader())
        {
            if (reader.Read())
            {
                id = reader.GetInt64(0);
                parentBefore = statements.HasParent ? reader.GetInt64(1) : null;
                for (var i = 1; i < values.Length && same; i++)
                {
                    same = SameValue(reader.GetValue(i), values[i]);
                }
            }
        }
        if (id is null)
        {
            return ((long)UpsertStatements.Bind(statements.Insert, values).ExecuteScalar()!, null);
        }
        if (!same)
        {
            UpsertStatements.Bind(statements.Update, values).ExecuteNonQuery();
        }
        return (id.Value, parentBefore);
    }

    /// <summary>Whether a stored column (TEXT as string, INTEGER as long, NULL as DBNull) holds <paramref name="value"/>.</summary>
    private static bool SameValue(object stored, object? value) => value switch
    {
        null => stored is DBNull,
        int number => stored is long l && l == number,
        _ => value.Equals(stored),
    };

    private static Link? ReadLink(SqliteCommand select, string uid)
    {
        using var reader = UpsertStatements.Bind(select, uid).ExecuteReader();
        return reader.Read() ? new Link(reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    private static void PruneSeries(SqliteConnection c, SqliteTransaction tx, long seriesId)
    {
        var studyRef = c.ExecuteScalar<long?>("""
            SELECT study_ref FROM series WHERE id = @seriesId AND NOT EXISTS (SELECT 1 FROM instances WHERE series_ref = @seriesId)
            """, new { seriesId }, tx);
        if (studyRef is { } s)
        {
            c.Execute("DELETE FROM series WHERE id = @seriesId", new { seriesId }, tx);
            PruneStudy(c, tx, s);
        }
    }

    private static void PruneStudy(SqliteConnection c, SqliteTransaction tx, long studyId)
    {
        var patientRef = c.ExecuteScalar<long?>("""
            SELECT patient_ref FROM studies WHERE id = @studyId AND NOT EXISTS (SELECT 1 FROM series WHERE study_ref = @studyId)
            """, new { studyId }, tx);
        if (patientRef is { } p)
        {
            c.Execute("DELETE FROM studies WHERE id = @studyId", new { studyId }, tx);
            PrunePatient(c, tx, p);
        }
    }

    private static void PrunePatient(SqliteConnection c, SqliteTransaction tx, long patientId) =>
        c.Execute("DELETE FROM patients WHERE id = @patientId AND NOT EXISTS (SELECT 1 FROM studies WHERE patient_ref = @patientId)",
            new { patientId }, tx);

    private T Write<T>(Func<SqliteConnection, T> action)
    {
        lock (_writeLock)
        {
            try
            {
                return action(_writer);
            }
            catch (SqliteException ex)
            {
                throw new WorkspaceStorageException($"The workspace index {DatabasePath} failed: {ex.Message}", ex);
            }
        }
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            _upsert.Dispose();
            _writer.Dispose();
        }
    }
}

/// <summary>A row and the row it belongs to (instance → series, series → study, study → patient).</summary>
internal sealed record Link(long Id, long ParentRef);

/// <summary>An instance row as the store needs it: where the file is and how large.</summary>
internal sealed record IndexedInstance(long Id, string SopUid, string Path, long Size);
