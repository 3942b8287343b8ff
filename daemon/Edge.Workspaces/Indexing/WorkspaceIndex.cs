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
    private readonly string _connectionString;

    private WorkspaceIndex(string path, string connectionString, SqliteConnection writer)
    {
        DatabasePath = path;
        _connectionString = connectionString;
        _writer = writer;
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

    public IndexedInstance? FindInstance(string sopUid) =>
        Write(c => c.QuerySingleOrDefault<IndexedInstance>(
            $"SELECT {InstanceColumns} FROM instances WHERE sop_uid = @sopUid", new { sopUid }));

    public IndexedInstance? FindByPath(string relativePath) =>
        Write(c => c.QuerySingleOrDefault<IndexedInstance>(
            $"SELECT {InstanceColumns} FROM instances WHERE path = @relativePath", new { relativePath }));

    public long TotalBytes() => Write(c => c.ExecuteScalar<long>("SELECT coalesce(sum(size), 0) FROM instances"));

    public long InstanceCount() => Write(c => c.ExecuteScalar<long>("SELECT count(*) FROM instances"));

    /// <summary>Instances in row order after <paramref name="afterId"/>, a page at a time (start-up reconciliation).</summary>
    public List<IndexedInstance> InstancesAfter(long afterId, int limit) =>
        Write(c => c.Query<IndexedInstance>(
            $"SELECT {InstanceColumns} FROM instances WHERE id > @afterId ORDER BY id LIMIT @limit", new { afterId, limit }).AsList());

    /// <summary>Inserts or replaces the instance (same SOP Instance UID) and refreshes its patient, study and series.</summary>
    public void Upsert(InstanceRecord r, string relativePath, long size, DateTimeOffset storedAt) => Write(c =>
    {
        using var tx = c.BeginTransaction();
        var patientRef = UpsertPatient(c, tx, r);
        var studyRef = UpsertStudy(c, tx, r, patientRef);
        var seriesRef = UpsertSeries(c, tx, r, studyRef);
        var old = c.QuerySingleOrDefault<Link>(
            "SELECT id AS Id, series_ref AS ParentRef FROM instances WHERE sop_uid = @SopUid", r, tx);
        var args = new
        {
            seriesRef, r.SopUid, r.SopClassUid, r.InstanceNumber, path = relativePath, size,
            r.TransferSyntaxUid, storedAt = storedAt.ToUnixTimeMilliseconds(),
        };
        if (old is null)
        {
            c.Execute("""
                INSERT INTO instances (series_ref, sop_uid, sop_class_uid, instance_number, path, size, transfer_syntax, stored_at)
                VALUES (@seriesRef, @SopUid, @SopClassUid, @InstanceNumber, @path, @size, @TransferSyntaxUid, @storedAt)
                """, args, tx);
        }
        else
        {
            c.Execute("""
                UPDATE instances SET series_ref = @seriesRef, sop_class_uid = @SopClassUid, instance_number = @InstanceNumber,
                    path = @path, size = @size, transfer_syntax = @TransferSyntaxUid, stored_at = @storedAt
                WHERE sop_uid = @SopUid
                """, args, tx);
            if (old.ParentRef != seriesRef)
            {
                PruneSeries(c, tx, old.ParentRef);
            }
        }
        tx.Commit();
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

    private static long UpsertPatient(SqliteConnection c, SqliteTransaction tx, InstanceRecord r)
    {
        var args = new
        {
            r.PatientId, r.PatientName, nameFold = DicomValues.FoldName(r.PatientName),
            r.PatientBirthDate, birthKey = DicomValues.DateKey(r.PatientBirthDate), r.PatientSex,
        };
        var id = c.ExecuteScalar<long?>("SELECT id FROM patients WHERE patient_id = @PatientId", args, tx);
        if (id is null)
        {
            return c.ExecuteScalar<long>("""
                INSERT INTO patients (patient_id, patient_name, patient_name_fold, birth_date, birth_date_key, sex)
                VALUES (@PatientId, @PatientName, @nameFold, @PatientBirthDate, @birthKey, @PatientSex);
                SELECT last_insert_rowid();
                """, args, tx);
        }
        c.Execute("""
            UPDATE patients SET patient_name = @PatientName, patient_name_fold = @nameFold, birth_date = @PatientBirthDate,
                birth_date_key = @birthKey, sex = @PatientSex
            WHERE id = @id
            """, new { args.PatientName, args.nameFold, args.PatientBirthDate, args.birthKey, args.PatientSex, id }, tx);
        return id.Value;
    }

    private static long UpsertStudy(SqliteConnection c, SqliteTransaction tx, InstanceRecord r, long patientRef)
    {
        var args = new
        {
            patientRef, r.StudyUid, r.StudyDate, dateKey = DicomValues.DateKey(r.StudyDate), r.StudyTime,
            timeKey = DicomValues.TimeKey(r.StudyTime), r.AccessionNumber, r.StudyId, r.StudyDescription,
            r.ReferringPhysicianName, referringFold = DicomValues.FoldName(r.ReferringPhysicianName),
        };
        var old = c.QuerySingleOrDefault<Link>(
            "SELECT id AS Id, patient_ref AS ParentRef FROM studies WHERE study_uid = @StudyUid", args, tx);
        if (old is null)
        {
            return c.ExecuteScalar<long>("""
                INSERT INTO studies (patient_ref, study_uid, study_date, study_date_key, study_time, study_time_key,
                    accession, study_id, description, referring, referring_fold)
                VALUES (@patientRef, @StudyUid, @StudyDate, @dateKey, @StudyTime, @timeKey,
                    @AccessionNumber, @StudyId, @StudyDescription, @ReferringPhysicianName, @referringFold);
                SELECT last_insert_rowid();
                """, args, tx);
        }
        c.Execute("""
            UPDATE studies SET patient_ref = @patientRef, study_date = @StudyDate, study_date_key = @dateKey,
                study_time = @StudyTime, study_time_key = @timeKey, accession = @AccessionNumber, study_id = @StudyId,
                description = @StudyDescription, referring = @ReferringPhysicianName, referring_fold = @referringFold
            WHERE study_uid = @StudyUid
            """, args, tx);
        if (old.ParentRef != patientRef)
        {
            PrunePatient(c, tx, old.ParentRef);
        }
        return old.Id;
    }

    private static long UpsertSeries(SqliteConnection c, SqliteTransaction tx, InstanceRecord r, long studyRef)
    {
        var args = new { studyRef, r.SeriesUid, r.Modality, r.SeriesNumber, r.SeriesDescription };
        var old = c.QuerySingleOrDefault<Link>(
            "SELECT id AS Id, study_ref AS ParentRef FROM series WHERE series_uid = @SeriesUid", args, tx);
        if (old is null)
        {
            return c.ExecuteScalar<long>("""
                INSERT INTO series (study_ref, series_uid, modality, series_number, description)
                VALUES (@studyRef, @SeriesUid, @Modality, @SeriesNumber, @SeriesDescription);
                SELECT last_insert_rowid();
                """, args, tx);
        }
        c.Execute("""
            UPDATE series SET study_ref = @studyRef, modality = @Modality, series_number = @SeriesNumber,
                description = @SeriesDescription
            WHERE series_uid = @SeriesUid
            """, args, tx);
        if (old.ParentRef != studyRef)
        {
            PruneStudy(c, tx, old.ParentRef);
        }
        return old.Id;
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
            _writer.Dispose();
        }
    }
}

/// <summary>A row and the row it belongs to (instance → series, series → study, study → patient).</summary>
internal sealed record Link(long Id, long ParentRef);

/// <summary>An instance row as the store needs it: where the file is and how large.</summary>
internal sealed record IndexedInstance(long Id, string SopUid, string Path, long Size);
