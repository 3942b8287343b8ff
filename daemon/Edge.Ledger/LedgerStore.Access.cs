using Dapper;
using Edge.Ledger.Access;
using Edge.Ledger.Audit;
using Edge.Ledger.Export;
using Edge.Ledger.Writing;

namespace Edge.Ledger;

/// <summary>
/// Lookups, re-identifications and exports. Each needs a requester and a reason, and each is audited in the same
/// transaction that reads the answer, naming only the pseudonymised side; a refused request is audited as well.
/// </summary>
public sealed partial class LedgerStore
{
    /// <summary>Pseudonym → identity: who the patient behind a pseudonym of this workspace is, or null.</summary>
    public Task<PatientIdentity?> ReidentifyPatientAsync(string workspace, string pseudonym, AccessRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pseudonym);
        return AuditedAsync(workspace, request, "re-identify a patient", cancellationToken, (session, workspaceId) =>
        {
            var identity = ReadIdentity(session, workspaceId, pseudonym);
            session.Audit(AuditKinds.Reidentification, request.Who, workspace, request.Why,
                AuditDetail.Of(("patient", pseudonym), ("found", identity is null ? "no" : "yes")));
            return identity;
        });
    }

    /// <summary>Identity → pseudonym: the pseudonym this workspace gave a PatientID (and issuer), or null.</summary>
    public Task<string?> LookUpPatientPseudonymAsync(string workspace, string patientId, string? issuer, AccessRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(patientId);
        return AuditedAsync(workspace, request, "look up a pseudonym", cancellationToken, (session, workspaceId) =>
        {
            var pseudonym = session.Connection.QuerySingleOrDefault<string>("""
                SELECT pseudonym FROM patients
                WHERE workspace_id = @workspaceId AND original_patient_id = @patientId AND original_issuer = @issuer
                """, new { workspaceId, patientId, issuer = issuer ?? "" }, session.Transaction);
            // The identity asked about is not written down: only the answer, which is a pseudonym.
            session.Audit(AuditKinds.Lookup, request.Who, workspace, request.Why,
                AuditDetail.Of(("question", "patient pseudonym"), ("patient", pseudonym), ("found", pseudonym is null ? "no" : "yes")));
            return pseudonym;
        });
    }

    /// <summary>
    /// Translates a study, series, instance or other UID of this workspace: original → pseudonymised (a lookup) or
    /// pseudonymised → original (a re-identification). Returns null when the UID is not mapped.
    /// </summary>
    public Task<string?> TranslateUidAsync(string workspace, string uid, UidDirection direction, AccessRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uid);
        var (from, to) = direction == UidDirection.ToOriginal
            ? ("pseudonymised_uid", "original_uid")
            : ("original_uid", "pseudonymised_uid");
        return AuditedAsync(workspace, request, "translate a UID", cancellationToken, (session, workspaceId) =>
        {
            var answer = session.Connection.QueryFirstOrDefault<string>($"""
                SELECT {to} FROM studies WHERE workspace_id = @workspaceId AND {from} = @uid
                UNION ALL SELECT {to} FROM series WHERE workspace_id = @workspaceId AND {from} = @uid
                UNION ALL SELECT {to} FROM instances WHERE workspace_id = @workspaceId AND {from} = @uid
                UNION ALL SELECT {to} FROM uid_map WHERE workspace_id = @workspaceId AND {from} = @uid
                LIMIT 1
                """, new { workspaceId, uid }, session.Transaction);
            var pseudonymised = direction == UidDirection.ToOriginal ? uid : answer;
            session.Audit(direction == UidDirection.ToOriginal ? AuditKinds.Reidentification : AuditKinds.Lookup,
                request.Who, workspace, request.Why,
                AuditDetail.Of(("question", "uid"), ("uid", pseudonymised), ("found", answer is null ? "no" : "yes")));
            return answer;
        });
    }

    /// <summary>
    /// Writes <c>uid_crosswalk.csv</c> and <c>patid_crosswalk.csv</c> (<c>id_old,id_new</c>, mode 0600) for one
    /// workspace into the directory the administrator names (created 0700 when missing). Audited before it is written.
    /// </summary>
    public async Task<CrosswalkExport> ExportCrosswalkAsync(string workspace, string outputDirectory, AccessRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        var target = Path.GetFullPath(outputDirectory);
        var workspaceId = await AuditedAsync(workspace, request, "export a crosswalk", cancellationToken, (session, id) =>
        {
            session.Audit(AuditKinds.CrosswalkExported, request.Who, workspace, request.Why, AuditDetail.Of(("directory", target)));
            return (long?)id;
        }).ConfigureAwait(false);
        return await Task.Run(() =>
        {
            using var lease = _readers.Rent();
            return CrosswalkWriter.Write(lease.Connection, workspaceId!.Value, target);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs an audited read on the writer: the request is checked, the workspace resolved (an unknown one is a
    /// refusal, audited and thrown as <see cref="LedgerUnknownWorkspaceException"/>), then <paramref name="read"/> answers and
    /// audits in the same transaction.
    /// </summary>
    private async Task<T> AuditedAsync<T>(string workspace, AccessRequest request, string what, CancellationToken cancellationToken,
        Func<WriterSession, long, T> read)
    {
        Naming.RequireWorkspaceName(workspace);
        await RequireValidRequestAsync(request, workspace, what, cancellationToken).ConfigureAwait(false);
        var (known, answer) = await _writer.RunAsync(session =>
        {
            if (WorkspaceId(session, workspace) is not { } id)
            {
                session.Audit(AuditKinds.Refusal, request.Who, workspace, request.Why,
                    AuditDetail.Of(("request", what), ("problem", "unknown workspace")));
                return (false, default(T));
            }
            return (true, read(session, id));
        }, cancellationToken).ConfigureAwait(false);
        return known ? answer! : throw new LedgerUnknownWorkspaceException($"Cannot {what}: the workspace '{workspace}' is not in the ledger.");
    }

    /// <summary>Refuses (and audits the refusal of) a request without a requester or a reason.</summary>
    private async Task RequireValidRequestAsync(AccessRequest request, string? workspace, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problem is not { } problem)
        {
            return;
        }
        var who = string.IsNullOrWhiteSpace(request.Who) ? "(unnamed)" : Truncate(request.Who);
        await _writer.RunAsync(session => session.Audit(AuditKinds.Refusal, who, workspace,
            string.IsNullOrWhiteSpace(request.Why) ? null : Truncate(request.Why),
            AuditDetail.Of(("request", what), ("problem", problem))), cancellationToken).ConfigureAwait(false);
        throw new LedgerAccessException($"Refused to {what}: {problem}.");
    }

    private static string Truncate(string value) => value.Length <= AccessRequest.MaxLength ? value : value[..AccessRequest.MaxLength];

    private static PatientIdentity? ReadIdentity(WriterSession session, long workspaceId, string pseudonym)
    {
        var patient = session.Connection.QueryFirstOrDefault<IdentityRow>("""
            SELECT id AS Id, original_patient_id AS PatientId, original_issuer AS Issuer, original_name AS Name,
                original_birth_date AS BirthDate, pseudonym AS Pseudonym, date_offset_days AS DateOffsetDays,
                first_seen AS FirstSeen, last_seen AS LastSeen
            FROM patients WHERE workspace_id = @workspaceId AND pseudonym = @pseudonym ORDER BY id LIMIT 1
            """, new { workspaceId, pseudonym }, session.Transaction);
        if (patient is null)
        {
            return null;
        }
        var studies = session.Connection.Query<StudyIdentityRow>("""
                SELECT original_uid AS OriginalUid, pseudonymised_uid AS PseudonymisedUid,
                    original_accession AS OriginalAccessionNumber, pseudonymised_accession AS PseudonymisedAccessionNumber,
                    original_study_date AS OriginalStudyDate, pseudonymised_study_date AS PseudonymisedStudyDate
                FROM studies WHERE patient_id = @id ORDER BY id
                """, new { id = patient.Id }, session.Transaction)
            .Select(s => new StudyIdentity(s.OriginalUid, s.PseudonymisedUid, s.OriginalAccessionNumber,
                s.PseudonymisedAccessionNumber, s.OriginalStudyDate, s.PseudonymisedStudyDate))
            .ToList();
        return new PatientIdentity(patient.PatientId, patient.Issuer is "" ? null : patient.Issuer, patient.Name, patient.BirthDate,
            patient.Pseudonym, (int)patient.DateOffsetDays, DateTimeOffset.FromUnixTimeMilliseconds(patient.FirstSeen),
            DateTimeOffset.FromUnixTimeMilliseconds(patient.LastSeen), studies);
    }

    private sealed class IdentityRow
    {
        public long Id { get; set; }
        public string PatientId { get; set; } = "";
        public string Issuer { get; set; } = "";
        public string? Name { get; set; }
        public string? BirthDate { get; set; }
        public string Pseudonym { get; set; } = "";
        public long DateOffsetDays { get; set; }
        public long FirstSeen { get; set; }
        public long LastSeen { get; set; }
    }

    private sealed class StudyIdentityRow
    {
        public string OriginalUid { get; set; } = "";
        public string PseudonymisedUid { get; set; } = "";
        public string? OriginalAccessionNumber { get; set; }
        public string? PseudonymisedAccessionNumber { get; set; }
        public string? OriginalStudyDate { get; set; }
        public string? PseudonymisedStudyDate { get; set; }
    }
}
