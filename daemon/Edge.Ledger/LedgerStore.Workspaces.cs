using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using Edge.Ledger.Access;
using Edge.Ledger.Audit;

namespace Edge.Ledger;

/// <summary>Workspaces: their secrets, their listing, their erasure; and the engine's cached pseudonym lookup.</summary>
public sealed partial class LedgerStore
{
    /// <summary>Length of a workspace secret (the HMAC key of its pseudonyms).</summary>
    public const int WorkspaceSecretLength = 32;

    private const int MaxCachedPseudonyms = 100_000;

    private readonly Lock _cacheLock = new();
    private readonly Dictionary<string, byte[]> _secrets = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Workspace, string PatientId, string Issuer), PatientPseudonym> _pseudonyms = [];

    // Bumped by every erasure, so a lookup that raced with one does not cache what was just erased.
    private long _cacheGeneration;

    /// <summary>
    /// The workspace's secret, created (32 random bytes, audited as a workspace change) the first time it is asked
    /// for. Secrets live only here, never in workspaces or configuration. Returns a copy the caller may wipe.
    /// </summary>
    public async Task<byte[]> GetOrCreateWorkspaceSecretAsync(string workspace, CancellationToken cancellationToken = default)
    {
        Naming.RequireWorkspaceName(workspace);
        long generation;
        lock (_cacheLock)
        {
            if (_secrets.TryGetValue(workspace, out var cached))
            {
                return (byte[])cached.Clone();
            }
            generation = _cacheGeneration;
        }
        var secret = await _writer.RunAsync(session =>
        {
            var existing = session.Connection.QuerySingleOrDefault<byte[]>(
                "SELECT secret FROM workspaces WHERE name = @workspace", new { workspace }, session.Transaction);
            if (existing is not null)
            {
                return existing;
            }
            var created = RandomNumberGenerator.GetBytes(WorkspaceSecretLength);
            session.Connection.Execute(
                "INSERT INTO workspaces (name, secret, created_at) VALUES (@workspace, @created, @now)",
                new { workspace, created, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, session.Transaction);
            session.Audit(AuditKinds.WorkspaceCreated, session.Actor, workspace, null, AuditDetail.Empty);
            return created;
        }, cancellationToken).ConfigureAwait(false);
        lock (_cacheLock)
        {
            if (generation == _cacheGeneration)
            {
                _secrets[workspace] = secret;
            }
        }
        return (byte[])secret.Clone();
    }

    /// <summary>The workspaces in the ledger with their sizes; no secrets, no identities.</summary>
    public IReadOnlyList<WorkspaceSummary> ListWorkspaces()
    {
        using var lease = _readers.Rent();
        return lease.Connection.Query<WorkspaceRow>("""
                SELECT w.name AS Name, w.created_at AS CreatedAt,
                    (SELECT count(*) FROM patients p WHERE p.workspace_id = w.id) AS Patients,
                    (SELECT count(*) FROM studies s WHERE s.workspace_id = w.id) AS Studies,
                    (SELECT count(*) FROM instances i WHERE i.workspace_id = w.id) AS Instances
                FROM workspaces w ORDER BY w.name
                """)
            .Select(r => new WorkspaceSummary(r.Name, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), r.Patients, r.Studies, r.Instances))
            .ToList();
    }

    /// <summary>
    /// The pseudonym and date offset the workspace already gave a patient, or null. This is the engine's own path
    /// (not an administrator's lookup), so it is cached and not audited; it returns nothing identifying.
    /// </summary>
    public PatientPseudonym? FindPatientPseudonym(string workspace, string patientId, string? issuer)
    {
        Naming.RequireWorkspaceName(workspace);
        ArgumentException.ThrowIfNullOrEmpty(patientId);
        var key = (workspace, patientId, issuer ?? "");
        long generation;
        lock (_cacheLock)
        {
            if (_pseudonyms.TryGetValue(key, out var cached))
            {
                return cached;
            }
            generation = _cacheGeneration;
        }
        PatientPseudonym? found;
        using (var lease = _readers.Rent())
        {
            found = lease.Connection.Query<PseudonymRow>("""
                    SELECT p.pseudonym AS Pseudonym, p.date_offset_days AS DateOffsetDays
                    FROM patients p JOIN workspaces w ON w.id = p.workspace_id
                    WHERE w.name = @workspace AND p.original_patient_id = @patientId AND p.original_issuer = @issuer
                    """, new { workspace, patientId, issuer = key.Item3 })
                .Select(r => new PatientPseudonym(r.Pseudonym, (int)r.DateOffsetDays))
                .FirstOrDefault();
        }
        if (found is not null)
        {
            lock (_cacheLock)
            {
                if (generation == _cacheGeneration)
                {
                    if (_pseudonyms.Count >= MaxCachedPseudonyms)
                    {
                        _pseudonyms.Clear();
                    }
                    _pseudonyms[key] = found;
                }
            }
        }
        return found;
    }

    /// <summary>
    /// Erases a workspace (GDPR): its identities, every mapping and its secret, so its pseudonyms can never be linked
    /// back. The audit trail keeps the fact (who, why, how much), which holds no identity.
    /// </summary>
    public async Task<WorkspaceErasure> ForgetWorkspaceAsync(string workspace, AccessRequest request, CancellationToken cancellationToken = default)
    {
        Naming.RequireWorkspaceName(workspace);
        await RequireValidRequestAsync(request, workspace, "erase a workspace", cancellationToken).ConfigureAwait(false);
        var erasure = await _writer.RunAsync(session =>
        {
            var id = WorkspaceId(session, workspace);
            if (id is null)
            {
                session.Audit(AuditKinds.Refusal, request.Who, workspace, request.Why,
                    AuditDetail.Of(("request", "erase a workspace"), ("problem", "unknown workspace")));
                return null;
            }
            var parameters = new { id };
            long Delete(string table) => session.Connection.Execute(
                $"DELETE FROM {table} WHERE workspace_id = @id", parameters, session.Transaction);
            var result = new WorkspaceErasure(workspace,
                Instances: Delete("instances"), Series: Delete("series"), Studies: Delete("studies"),
                OtherUids: Delete("uid_map"), Patients: Delete("patients"));
            session.Connection.Execute("DELETE FROM workspaces WHERE id = @id", parameters, session.Transaction);
            session.Audit(AuditKinds.WorkspaceForgotten, request.Who, workspace, request.Why, AuditDetail.Of(
                ("patients", Count(result.Patients)), ("studies", Count(result.Studies)), ("series", Count(result.Series)),
                ("instances", Count(result.Instances)), ("otherUids", Count(result.OtherUids))));
            session.ForgetCachedMappings();
            session.CheckpointAfterCommit = true;
            session.Committed.Add(() => ForgetCached(workspace));
            return result;
        }, cancellationToken).ConfigureAwait(false);
        return erasure ?? throw new LedgerUnknownWorkspaceException($"The workspace '{workspace}' is not in the ledger.");
    }

    /// <summary>
    /// Audits a refusal by another component (an instance rejected, a request denied). <paramref name="reason"/> must
    /// not contain patient data: say what rule refused, not what the instance held.
    /// </summary>
    public Task RecordRefusalAsync(string? workspace, string reason, CancellationToken cancellationToken = default) =>
        AppendAsync(AuditKinds.Refusal, workspace, reason, cancellationToken);

    /// <summary>Audits a purge of workspace data (retention, an administrator's removal) done outside the ledger.</summary>
    public Task RecordPurgeAsync(string workspace, string reason, CancellationToken cancellationToken = default)
    {
        Naming.RequireWorkspaceName(workspace);
        return AppendAsync(AuditKinds.Purge, workspace, reason, cancellationToken);
    }

    private Task AppendAsync(string kind, string? workspace, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return _writer.RunAsync(session => session.Audit(kind, session.Actor, workspace, reason, AuditDetail.Empty), cancellationToken);
    }

    /// <summary>Runs after an erasure commits, so no lookup caches what was read just before it.</summary>
    private void ForgetCached(string workspace)
    {
        lock (_cacheLock)
        {
            _cacheGeneration++;
            _secrets.Remove(workspace);
            foreach (var key in _pseudonyms.Keys.Where(k => k.Workspace == workspace).ToList())
            {
                _pseudonyms.Remove(key);
            }
        }
    }

    private static long? WorkspaceId(Writing.WriterSession session, string workspace) =>
        session.Connection.QuerySingleOrDefault<long?>("SELECT id FROM workspaces WHERE name = @workspace", new { workspace }, session.Transaction);

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class WorkspaceRow
    {
        public string Name { get; set; } = "";
        public long CreatedAt { get; set; }
        public long Patients { get; set; }
        public long Studies { get; set; }
        public long Instances { get; set; }
    }

    private sealed class PseudonymRow
    {
        public string Pseudonym { get; set; } = "";
        public long DateOffsetDays { get; set; }
    }
}
