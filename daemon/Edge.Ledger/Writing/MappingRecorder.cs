using Edge.Ledger.Audit;
using Edge.Ledger.Mappings;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Edge.Ledger.Writing;

/// <summary>
/// Writes instance mappings on the writer connection with statements prepared once, and remembers the patients,
/// studies, series and UIDs already in the ledger so a hundred instances of one series cost one patient, study and
/// series check in memory and one instance row each. Runs on the writer thread only.
/// </summary>
internal sealed class MappingRecorder : IDisposable
{
    // Past this many cached rows the caches start again: memory stays bounded, the database stays the truth.
    private const int MaxCachedRows = 200_000;

    // last_seen moves at most once a minute per patient: a page write per instance would cost more than the
    // precision is worth.
    private const long LastSeenResolutionMs = 60_000;

    private readonly SqliteConnection _connection;
    private readonly List<SqliteCommand> _commands = [];
    private readonly SqliteCommand _workspaceId;
    private readonly SqliteCommand _insertPatient;
    private readonly SqliteCommand _selectPatient;
    private readonly SqliteCommand _touchPatient;
    private readonly SqliteCommand _insertStudy;
    private readonly SqliteCommand _selectStudy;
    private readonly SqliteCommand _insertSeries;
    private readonly SqliteCommand _selectSeries;
    private readonly SqliteCommand _insertInstance;
    private readonly SqliteCommand _selectInstance;
    private readonly SqliteCommand _insertUid;
    private readonly SqliteCommand _selectUid;

    private readonly Dictionary<string, long> _workspaces = new(StringComparer.Ordinal);
    private readonly Dictionary<(long Workspace, string PatientId, string Issuer), PatientRow> _patients = [];
    private readonly Dictionary<(long Workspace, string Uid), (long Id, string Pseudonymised)> _studies = [];
    private readonly Dictionary<(long Workspace, string Uid), (long Id, string Pseudonymised)> _series = [];
    private readonly Dictionary<(long Workspace, string Uid), string> _otherUids = [];
    private readonly List<PatientRow> _seenPatients = [];

    public MappingRecorder(SqliteConnection connection)
    {
        _connection = connection;
        _workspaceId = Command("SELECT id FROM workspaces WHERE name = $1", 1);
        _insertPatient = Command("""
            INSERT OR IGNORE INTO patients (workspace_id, original_patient_id, original_issuer, original_name,
                original_birth_date, pseudonym, date_offset_days, first_seen, last_seen)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
            """, 8);
        _selectPatient = Command("""
            SELECT id, pseudonym, date_offset_days, last_seen FROM patients
            WHERE workspace_id = $1 AND original_patient_id = $2 AND original_issuer = $3
            """, 3);
        _touchPatient = Command("UPDATE patients SET last_seen = $2 WHERE id = $1", 2);
        _insertStudy = Command("""
            INSERT OR IGNORE INTO studies (workspace_id, patient_id, original_uid, pseudonymised_uid, original_accession,
                pseudonymised_accession, original_study_date, pseudonymised_study_date)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, 8);
        _selectStudy = Command("SELECT id, pseudonymised_uid FROM studies WHERE workspace_id = $1 AND original_uid = $2", 2);
        _insertSeries = Command("""
            INSERT OR IGNORE INTO series (workspace_id, study_id, original_uid, pseudonymised_uid) VALUES ($1, $2, $3, $4)
            """, 4);
        _selectSeries = Command("SELECT id, pseudonymised_uid FROM series WHERE workspace_id = $1 AND original_uid = $2", 2);
        _insertInstance = Command("""
            INSERT OR IGNORE INTO instances (workspace_id, series_id, original_uid, pseudonymised_uid, stored_at)
            VALUES ($1, $2, $3, $4, $5)
            """, 5);
        _selectInstance = Command("SELECT id, pseudonymised_uid FROM instances WHERE workspace_id = $1 AND original_uid = $2", 2);
        _insertUid = Command("INSERT OR IGNORE INTO uid_map (workspace_id, original_uid, pseudonymised_uid) VALUES ($1, $2, $3)", 3);
        _selectUid = Command("SELECT 0, pseudonymised_uid FROM uid_map WHERE workspace_id = $1 AND original_uid = $2", 2);
    }

    /// <summary>Starts a batch inside <paramref name="transaction"/>.</summary>
    public void Begin(SqliteTransaction transaction)
    {
        foreach (var command in _commands)
        {
            command.Transaction = transaction;
        }
        _seenPatients.Clear();
        if (_patients.Count + _studies.Count + _series.Count + _otherUids.Count > MaxCachedRows)
        {
            ForgetCaches();
        }
    }

    /// <summary>Drops everything cached: after a rollback, or when another connection changed the ledger.</summary>
    public void ForgetCaches()
    {
        _workspaces.Clear();
        _patients.Clear();
        _studies.Clear();
        _series.Clear();
        _otherUids.Clear();
    }

    /// <summary>
    /// Writes one instance's mappings and its audit event. Throws <see cref="LedgerException"/> for a problem with
    /// this instance alone (unknown workspace, conflicting pseudonym): rows written before the conflict showed (a new
    /// patient, say) stay, being consistent on their own, but the instance itself is neither mapped nor audited as
    /// stored. SQLite failures propagate to fail the whole batch.
    /// </summary>
    public void Record(InstanceMapping mapping, long now, AuditAppender audit, string actor)
    {
        var workspace = WorkspaceId(mapping.Workspace);
        var patient = Patient(workspace, mapping.Patient, now);
        var study = Study(workspace, patient, mapping.Study);
        var series = Keyed(_series, _insertSeries, _selectSeries, workspace, study, mapping.Series, "series");
        foreach (var other in mapping.OtherUids)
        {
            OtherUid(workspace, other);
        }
        // Last, so an instance row exists only when everything else about the instance was consistent.
        Instance(workspace, series, mapping.SopInstance, now);
        audit.Append(AuditKinds.InstanceStored, actor, mapping.Workspace, null, AuditDetail.Of(mapping.ActionCounts,
            ("patient", mapping.Patient.Pseudonym),
            ("study", mapping.Study.Uid.Pseudonymised),
            ("series", mapping.Series.Pseudonymised),
            ("instance", mapping.SopInstance.Pseudonymised)));
    }

    /// <summary>Writes the last_seen of the patients whose stored value fell behind by the resolution or more.</summary>
    public void FinishBatch()
    {
        foreach (var patient in _seenPatients)
        {
            Run(_touchPatient, patient.Id, patient.LastSeen);
        }
    }

    private long WorkspaceId(string name)
    {
        if (_workspaces.TryGetValue(name, out var id))
        {
            return id;
        }
        _workspaceId.Parameters[0].Value = name;
        var found = _workspaceId.ExecuteScalar();
        if (found is not long value)
        {
            throw new LedgerException(
                $"The workspace '{name}' is not in the ledger; its secret must be created before instances are recorded.");
        }
        _workspaces[name] = value;
        return value;
    }

    private long Patient(long workspace, PatientMapping p, long now)
    {
        var key = (workspace, p.OriginalPatientId, p.Issuer ?? "");
        if (!_patients.TryGetValue(key, out var row))
        {
            if (Run(_insertPatient, workspace, p.OriginalPatientId, key.Item3, p.OriginalName, p.OriginalBirthDate,
                    p.Pseudonym, p.DateOffsetDays, now) == 1)
            {
                row = new PatientRow(raw.sqlite3_last_insert_rowid(_connection.Handle), p.Pseudonym, p.DateOffsetDays) { LastSeen = now };
                _patients[key] = row;
                return row.Id;
            }
            row = SelectPatient(workspace, p.OriginalPatientId, key.Item3);
            _patients[key] = row;
        }
        if (row.Pseudonym != p.Pseudonym || row.Offset != p.DateOffsetDays)
        {
            throw new LedgerConflictException(
                "The patient already has another pseudonym or date offset in this workspace; the instance was not recorded.");
        }
        if (now - row.LastSeen >= LastSeenResolutionMs)
        {
            row.LastSeen = now;
            _seenPatients.Add(row);
        }
        return row.Id;
    }

    private PatientRow SelectPatient(long workspace, string patientId, string issuer)
    {
        Bind(_selectPatient, workspace, patientId, issuer);
        using var reader = _selectPatient.ExecuteReader();
        reader.Read();
        return new PatientRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2)) { LastSeen = reader.GetInt64(3) };
    }

    private long Study(long workspace, long patient, StudyMapping s)
    {
        var key = (workspace, s.Uid.Original);
        if (!_studies.TryGetValue(key, out var row))
        {
            if (Run(_insertStudy, workspace, patient, s.Uid.Original, s.Uid.Pseudonymised, s.OriginalAccessionNumber,
                    s.PseudonymisedAccessionNumber, s.OriginalStudyDate, s.PseudonymisedStudyDate) == 1)
            {
                row = (raw.sqlite3_last_insert_rowid(_connection.Handle), s.Uid.Pseudonymised);
                _studies[key] = row;
                return row.Id;
            }
            row = SelectKeyed(_selectStudy, workspace, s.Uid.Original);
            _studies[key] = row;
        }
        return row.Pseudonymised == s.Uid.Pseudonymised ? row.Id : throw Conflict("study");
    }

    private long Keyed(Dictionary<(long, string), (long Id, string Pseudonymised)> cache, SqliteCommand insert,
        SqliteCommand select, long workspace, long parent, UidPair pair, string what)
    {
        var key = (workspace, pair.Original);
        if (!cache.TryGetValue(key, out var row))
        {
            if (Run(insert, workspace, parent, pair.Original, pair.Pseudonymised) == 1)
            {
                row = (raw.sqlite3_last_insert_rowid(_connection.Handle), pair.Pseudonymised);
                cache[key] = row;
                return row.Id;
            }
            row = SelectKeyed(select, workspace, pair.Original);
            cache[key] = row;
        }
        return row.Pseudonymised == pair.Pseudonymised ? row.Id : throw Conflict(what);
    }

    private void Instance(long workspace, long series, UidPair pair, long now)
    {
        // Instances are not cached: each is normally new, and a resend is checked against the database.
        if (Run(_insertInstance, workspace, series, pair.Original, pair.Pseudonymised, now) == 0
            && SelectKeyed(_selectInstance, workspace, pair.Original).Pseudonymised != pair.Pseudonymised)
        {
            throw Conflict("instance");
        }
    }

    private void OtherUid(long workspace, UidPair pair)
    {
        var key = (workspace, pair.Original);
        if (!_otherUids.TryGetValue(key, out var pseudonymised))
        {
            pseudonymised = Run(_insertUid, workspace, pair.Original, pair.Pseudonymised) == 1
                ? pair.Pseudonymised
                : SelectKeyed(_selectUid, workspace, pair.Original).Pseudonymised;
            _otherUids[key] = pseudonymised;
        }
        if (pseudonymised != pair.Pseudonymised)
        {
            throw Conflict("UID");
        }
    }

    private static (long Id, string Pseudonymised) SelectKeyed(SqliteCommand select, long workspace, string original)
    {
        Bind(select, workspace, original);
        using var reader = select.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetString(1));
    }

    private static LedgerConflictException Conflict(string what) =>
        new($"The original {what} UID already maps to another pseudonymised UID in this workspace; the instance was not recorded.");

    private static int Run(SqliteCommand command, params ReadOnlySpan<object?> values)
    {
        Bind(command, values);
        return command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private SqliteCommand Command(string sql, int parameterCount)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 1; i <= parameterCount; i++)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = "$" + i });
        }
        _commands.Add(command);
        return command;
    }

    /// <summary>A patient row as the writer last wrote or read it.</summary>
    private sealed class PatientRow(long id, string pseudonym, int offset)
    {
        public long Id { get; } = id;

        public string Pseudonym { get; } = pseudonym;

        public int Offset { get; } = offset;

        public long LastSeen { get; set; }
    }

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command.Dispose();
        }
    }
}
