using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Edge.Workspaces.Indexing;

/// <summary>
/// The index schema as numbered migrations, the applied version in SQLite's <c>user_version</c> set in the same
/// transaction. SQL stays within SQLite 3.15 (Debian's libsqlcipher): no UPSERT, no RETURNING, no window functions.
/// Absent attributes are stored as '' so that matching needs no NULL cases; <c>*_key</c> columns hold normalised
/// dates and times for range matching and <c>*_fold</c> columns upper-cased person names for case-insensitive matching.
/// </summary>
internal static class IndexSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE patients (
            id                 INTEGER PRIMARY KEY,
            patient_id         TEXT NOT NULL UNIQUE,
            patient_name       TEXT NOT NULL,
            patient_name_fold  TEXT NOT NULL,
            birth_date         TEXT NOT NULL,
            birth_date_key     TEXT NOT NULL,
            sex                TEXT NOT NULL
        );
        CREATE TABLE studies (
            id                 INTEGER PRIMARY KEY,
            patient_ref        INTEGER NOT NULL REFERENCES patients(id),
            study_uid          TEXT NOT NULL UNIQUE,
            study_date         TEXT NOT NULL,
            study_date_key     TEXT NOT NULL,
            study_time         TEXT NOT NULL,
            study_time_key     TEXT NOT NULL,
            accession          TEXT NOT NULL,
            study_id           TEXT NOT NULL,
            description        TEXT NOT NULL,
            referring          TEXT NOT NULL,
            referring_fold     TEXT NOT NULL
        );
        CREATE INDEX studies_by_patient ON studies (patient_ref);
        CREATE INDEX studies_by_date ON studies (study_date_key);
        CREATE TABLE series (
            id                 INTEGER PRIMARY KEY,
            study_ref          INTEGER NOT NULL REFERENCES studies(id),
            series_uid         TEXT NOT NULL UNIQUE,
            modality           TEXT NOT NULL,
            series_number      INTEGER,
            description        TEXT NOT NULL
        );
        CREATE INDEX series_by_study ON series (study_ref);
        CREATE TABLE instances (
            id                 INTEGER PRIMARY KEY,
            series_ref         INTEGER NOT NULL REFERENCES series(id),
            sop_uid            TEXT NOT NULL UNIQUE,
            sop_class_uid      TEXT NOT NULL,
            instance_number    INTEGER,
            path               TEXT NOT NULL UNIQUE,
            size               INTEGER NOT NULL,
            transfer_syntax    TEXT NOT NULL,
            stored_at          INTEGER NOT NULL
        );
        CREATE INDEX instances_by_series ON instances (series_ref);
        """,
    ];

    public static void Apply(SqliteConnection connection, string databasePath)
    {
        var current = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (current > Migrations.Length)
        {
            throw new WorkspaceStorageException(
                $"The index {databasePath} has schema version {current}, newer than this Edge understands ({Migrations.Length}).");
        }
        for (var version = current + 1; version <= Migrations.Length; version++)
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Migrations[version - 1] + "; PRAGMA user_version = " + version.ToString(CultureInfo.InvariantCulture);
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
