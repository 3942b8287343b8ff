using System.Globalization;
using Edge.Ledger.Audit;
using Microsoft.Data.Sqlite;

namespace Edge.Ledger.Storage;

/// <summary>
/// The schema as numbered migrations. The applied version is SQLite's <c>user_version</c>, set in the same transaction
/// as the migration, so a crash leaves either the old or the new schema. SQL stays within SQLite 3.15 (Debian's
/// SQLCipher): no UPSERT, no RETURNING, no window functions.
/// </summary>
internal static class Migrations
{
    private sealed record Migration(int Version, string Name, string Sql);

    private static readonly Migration[] All =
    [
        // REFERENCES document the links; foreign_keys stays off (a lookup per insert on the hot path) because the
        // single writer inserts parents before children and erases children before parents.
        new(1, "initial schema", """
            CREATE TABLE migrations (
                version     INTEGER PRIMARY KEY,
                name        TEXT NOT NULL,
                applied_at  TEXT NOT NULL
            );
            CREATE TABLE workspaces (
                id          INTEGER PRIMARY KEY,
                name        TEXT NOT NULL UNIQUE,
                secret      BLOB NOT NULL,
                created_at  INTEGER NOT NULL
            );
            -- Issuer '' stands for "none" so the uniqueness constraint holds (NULLs never collide in SQLite).
            CREATE TABLE patients (
                id                   INTEGER PRIMARY KEY,
                workspace_id         INTEGER NOT NULL REFERENCES workspaces(id),
                original_patient_id  TEXT NOT NULL,
                original_issuer      TEXT NOT NULL,
                original_name        TEXT,
                original_birth_date  TEXT,
                pseudonym            TEXT NOT NULL,
                date_offset_days     INTEGER NOT NULL,
                first_seen           INTEGER NOT NULL,
                last_seen            INTEGER NOT NULL,
                UNIQUE (workspace_id, original_patient_id, original_issuer)
            );
            CREATE INDEX patients_by_pseudonym ON patients (workspace_id, pseudonym);
            CREATE TABLE studies (
                id                        INTEGER PRIMARY KEY,
                workspace_id              INTEGER NOT NULL REFERENCES workspaces(id),
                patient_id                INTEGER NOT NULL REFERENCES patients(id),
                original_uid              TEXT NOT NULL,
                pseudonymised_uid         TEXT NOT NULL,
                original_accession        TEXT,
                pseudonymised_accession   TEXT,
                original_study_date       TEXT,
                pseudonymised_study_date  TEXT,
                UNIQUE (workspace_id, original_uid)
            );
            CREATE INDEX studies_by_pseudonym ON studies (workspace_id, pseudonymised_uid);
            CREATE INDEX studies_by_patient ON studies (patient_id);
            CREATE TABLE series (
                id                 INTEGER PRIMARY KEY,
                workspace_id       INTEGER NOT NULL REFERENCES workspaces(id),
                study_id           INTEGER NOT NULL REFERENCES studies(id),
                original_uid       TEXT NOT NULL,
                pseudonymised_uid  TEXT NOT NULL,
                UNIQUE (workspace_id, original_uid)
            );
            CREATE INDEX series_by_pseudonym ON series (workspace_id, pseudonymised_uid);
            CREATE TABLE instances (
                id                 INTEGER PRIMARY KEY,
                workspace_id       INTEGER NOT NULL REFERENCES workspaces(id),
                series_id          INTEGER NOT NULL REFERENCES series(id),
                original_uid       TEXT NOT NULL,
                pseudonymised_uid  TEXT NOT NULL,
                stored_at          INTEGER NOT NULL,
                UNIQUE (workspace_id, original_uid)
            );
            CREATE INDEX instances_by_pseudonym ON instances (workspace_id, pseudonymised_uid);
            -- Other UIDs the engine replaced (frame of reference, referenced SOPs...), for the crosswalk and lookups.
            CREATE TABLE uid_map (
                workspace_id       INTEGER NOT NULL REFERENCES workspaces(id),
                original_uid       TEXT NOT NULL,
                pseudonymised_uid  TEXT NOT NULL,
                PRIMARY KEY (workspace_id, original_uid)
            ) WITHOUT ROWID;
            CREATE INDEX uid_map_by_pseudonym ON uid_map (workspace_id, pseudonymised_uid);
            CREATE TABLE audit_events (
                seq        INTEGER PRIMARY KEY,
                at         TEXT NOT NULL,
                kind       TEXT NOT NULL,
                actor      TEXT NOT NULL,
                workspace  TEXT,
                reason     TEXT,
                detail     TEXT NOT NULL,
                prev_hash  BLOB NOT NULL,
                hash       BLOB NOT NULL
            );
            -- Append-only for honest code; the hash chain is what catches someone who drops these triggers.
            CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
            BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
            CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
            BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
            """),
    ];

    public static int LatestVersion => All[^1].Version;

    /// <summary>Applies the missing migrations on the writer connection, each audited in its own transaction.</summary>
    public static void Apply(SqliteConnection connection, AuditAppender audit, string actor)
    {
        var current = CurrentVersion(connection);
        if (current > LatestVersion)
        {
            throw new LedgerException(
                $"The ledger schema is version {current}, newer than this Edge understands ({LatestVersion}); upgrade Edge.");
        }
        foreach (var migration in All.Where(m => m.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            LedgerConnection.Execute(connection, migration.Sql, transaction);
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO migrations (version, name, applied_at) VALUES ($v, $n, $at)";
                record.Parameters.AddWithValue("$v", migration.Version);
                record.Parameters.AddWithValue("$n", migration.Name);
                record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                record.ExecuteNonQuery();
            }
            LedgerConnection.Execute(connection,
                "PRAGMA user_version = " + migration.Version.ToString(CultureInfo.InvariantCulture), transaction);
            audit.Begin(transaction);
            audit.Append(AuditKinds.MigrationApplied, actor, null, null,
                AuditDetail.Of(("version", migration.Version.ToString(CultureInfo.InvariantCulture)), ("name", migration.Name)));
            transaction.Commit();
        }
    }

    public static int CurrentVersion(SqliteConnection connection) =>
        LedgerConnection.Scalar<int>(connection, "PRAGMA user_version");
}
