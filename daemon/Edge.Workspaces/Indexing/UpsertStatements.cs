using Microsoft.Data.Sqlite;

namespace Edge.Workspaces.Indexing;

/// <summary>
/// The statements of an instance's upsert, prepared once on the writer connection: SQLite compiles each of them once
/// instead of once per received instance (compiling and binding through Dapper cost more than running them). Used
/// under the index's write lock only; parameters are positional ($1, $2, …).
/// </summary>
internal sealed class UpsertStatements : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly List<SqliteCommand> _commands = [];

    public UpsertStatements(SqliteConnection connection)
    {
        _connection = connection;
        Patient = new RowStatements(
            Prepare("SELECT id, patient_name, patient_name_fold, birth_date, birth_date_key, sex FROM patients WHERE patient_id = $1", 1),
            Prepare("""
                INSERT INTO patients (patient_id, patient_name, patient_name_fold, birth_date, birth_date_key, sex)
                VALUES ($1, $2, $3, $4, $5, $6);
                SELECT last_insert_rowid();
                """, 6),
            Prepare("""
                UPDATE patients SET patient_name = $2, patient_name_fold = $3, birth_date = $4, birth_date_key = $5, sex = $6
                WHERE patient_id = $1
                """, 6),
            HasParent: false);
        Study = new RowStatements(
            Prepare("""
                SELECT id, patient_ref, study_date, study_date_key, study_time, study_time_key, accession, study_id,
                    description, referring, referring_fold
                FROM studies WHERE study_uid = $1
                """, 1),
            Prepare("""
                INSERT INTO studies (study_uid, patient_ref, study_date, study_date_key, study_time, study_time_key,
                    accession, study_id, description, referring, referring_fold)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11);
                SELECT last_insert_rowid();
                """, 11),
            Prepare("""
                UPDATE studies SET patient_ref = $2, study_date = $3, study_date_key = $4, study_time = $5, study_time_key = $6,
                    accession = $7, study_id = $8, description = $9, referring = $10, referring_fold = $11
                WHERE study_uid = $1
                """, 11),
            HasParent: true);
        Series = new RowStatements(
            Prepare("SELECT id, study_ref, modality, series_number, description FROM series WHERE series_uid = $1", 1),
            Prepare("""
                INSERT INTO series (series_uid, study_ref, modality, series_number, description) VALUES ($1, $2, $3, $4, $5);
                SELECT last_insert_rowid();
                """, 5),
            Prepare("UPDATE series SET study_ref = $2, modality = $3, series_number = $4, description = $5 WHERE series_uid = $1", 5),
            HasParent: true);
        SelectInstance = Prepare("SELECT id, series_ref FROM instances WHERE sop_uid = $1", 1);
        InsertInstance = Prepare("""
            INSERT INTO instances (sop_uid, series_ref, sop_class_uid, instance_number, path, size, transfer_syntax, stored_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, 8);
        UpdateInstance = Prepare("""
            UPDATE instances SET series_ref = $2, sop_class_uid = $3, instance_number = $4, path = $5, size = $6,
                transfer_syntax = $7, stored_at = $8
            WHERE sop_uid = $1
            """, 8);
        FindInstance = Prepare("SELECT id, sop_uid, path, size FROM instances WHERE sop_uid = $1", 1);
    }

    public RowStatements Patient { get; }
    public RowStatements Study { get; }
    public RowStatements Series { get; }
    public SqliteCommand SelectInstance { get; }
    public SqliteCommand InsertInstance { get; }
    public SqliteCommand UpdateInstance { get; }

    /// <summary>An instance row by SOP Instance UID, outside any transaction.</summary>
    public SqliteCommand FindInstance { get; }

    /// <summary>Runs the statements inside <paramref name="transaction"/> until <see cref="End"/>.</summary>
    public void Begin(SqliteTransaction transaction)
    {
        foreach (var command in _commands)
        {
            command.Transaction = transaction;
        }
    }

    public void End()
    {
        foreach (var command in _commands)
        {
            command.Transaction = null;
        }
    }

    /// <summary>Binds <paramref name="values"/> to $1, $2, … in order; null binds SQL NULL.</summary>
    public static SqliteCommand Bind(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
        return command;
    }

    private SqliteCommand Prepare(string sql, int parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 1; i <= parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$" + i, DBNull.Value));
        }
        _commands.Add(command);
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command.Dispose();
        }
        _commands.Clear();
    }
}

/// <summary>
/// One level's statements, all bound to the same values: $1 the row's key, then its columns (the parent reference
/// first when <paramref name="HasParent"/>). <paramref name="Select"/> returns the row's id, then those columns in that order.
/// </summary>
internal sealed record RowStatements(SqliteCommand Select, SqliteCommand Insert, SqliteCommand Update, bool HasParent);
