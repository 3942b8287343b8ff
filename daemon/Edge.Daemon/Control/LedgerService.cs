using System.Globalization;
using Edge.Control.Methods;
using Edge.Control.V1;
using Edge.Daemon.Composition;
using Edge.Ledger.Access;
using Edge.Ledger.Audit;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Daemon.Control;

/// <summary>
/// edge.control.v1.Ledger: lookups, re-identification and crosswalk exports go to the ledger with the caller's uid
/// and reason, where each is audited, refusals included (a blank reason is refused there). The answers of
/// re-identification carry identities: they are sent to the caller and never logged.
/// </summary>
internal sealed class LedgerService(EdgeRuntime runtime)
{
    private const string Service = "/edge.control.v1.Ledger/";
    private const int DefaultAuditPage = 100;

    public static void Map(ControlMethodRegistry registry, EdgeRuntime runtime)
    {
        var service = new LedgerService(runtime);
        registry
            .MapUnary<LookUpPseudonymRequest, LookUpPseudonymResponse>(Service + "LookUpPseudonym", service.LookUpPseudonymAsync)
            .MapUnary<ReidentifyPatientRequest, ReidentifyPatientResponse>(Service + "ReidentifyPatient", service.ReidentifyPatientAsync)
            .MapUnary<LookUpUidRequest, LookUpUidResponse>(Service + "LookUpUid", service.LookUpUidAsync)
            .MapUnary<ReidentifyUidRequest, ReidentifyUidResponse>(Service + "ReidentifyUid", service.ReidentifyUidAsync)
            .MapUnary<ExportCrosswalkRequest, ExportCrosswalkResponse>(Service + "ExportCrosswalk", service.ExportCrosswalkAsync)
            .MapUnary<QueryAuditRequest, QueryAuditResponse>(Service + "QueryAudit", (r, _) => Task.FromResult(service.QueryAudit(r)))
            .MapUnary<VerifyAuditRequest, VerifyAuditResponse>(Service + "VerifyAudit", service.VerifyAuditAsync)
            .MapUnary<BackupLedgerRequest, BackupLedgerResponse>(Service + "BackupLedger", service.BackupAsync)
            .MapUnary<RekeyLedgerRequest, RekeyLedgerResponse>(Service + "RekeyLedger", (_, _) => throw service.RekeyIsOffline());
    }

    public async Task<LookUpPseudonymResponse> LookUpPseudonymAsync(LookUpPseudonymRequest request, ControlCallContext context)
    {
        Require(request.PatientId, "patient_id");
        var pseudonym = await runtime.Ledger.LookUpPatientPseudonymAsync(request.Workspace, request.PatientId,
            request.Issuer.Length == 0 ? null : request.Issuer, ControlCaller.Request(context, request.Reason), context.CancellationToken)
            .ConfigureAwait(false);
        return new LookUpPseudonymResponse { Found = pseudonym is not null, Pseudonym = pseudonym ?? "" };
    }

    public async Task<ReidentifyPatientResponse> ReidentifyPatientAsync(ReidentifyPatientRequest request, ControlCallContext context)
    {
        Require(request.Pseudonym, "pseudonym");
        var identity = await runtime.Ledger.ReidentifyPatientAsync(request.Workspace, request.Pseudonym,
            ControlCaller.Request(context, request.Reason), context.CancellationToken).ConfigureAwait(false);
        return identity is null ? new ReidentifyPatientResponse() : new ReidentifyPatientResponse { Found = true, Patient = ToMessage(identity) };
    }

    public async Task<LookUpUidResponse> LookUpUidAsync(LookUpUidRequest request, ControlCallContext context)
    {
        Require(request.OriginalUid, "original_uid");
        var uid = await runtime.Ledger.TranslateUidAsync(request.Workspace, request.OriginalUid, UidDirection.ToPseudonymised,
            ControlCaller.Request(context, request.Reason), context.CancellationToken).ConfigureAwait(false);
        return new LookUpUidResponse { Found = uid is not null, PseudonymisedUid = uid ?? "" };
    }

    public async Task<ReidentifyUidResponse> ReidentifyUidAsync(ReidentifyUidRequest request, ControlCallContext context)
    {
        Require(request.PseudonymisedUid, "pseudonymised_uid");
        var uid = await runtime.Ledger.TranslateUidAsync(request.Workspace, request.PseudonymisedUid, UidDirection.ToOriginal,
            ControlCaller.Request(context, request.Reason), context.CancellationToken).ConfigureAwait(false);
        return new ReidentifyUidResponse { Found = uid is not null, OriginalUid = uid ?? "" };
    }

    public async Task<ExportCrosswalkResponse> ExportCrosswalkAsync(ExportCrosswalkRequest request, ControlCallContext context)
    {
        RequireAbsolute(request.OutputDirectory, "output_directory");
        var export = await runtime.Ledger.ExportCrosswalkAsync(request.Workspace, request.OutputDirectory,
            ControlCaller.Request(context, request.Reason), context.CancellationToken).ConfigureAwait(false);
        return new ExportCrosswalkResponse
        {
            UidCrosswalkPath = export.UidCrosswalkPath,
            UidRows = (ulong)export.UidRows,
            PatientIdCrosswalkPath = export.PatientIdCrosswalkPath,
            PatientIdRows = (ulong)export.PatientIdRows,
        };
    }

    public QueryAuditResponse QueryAudit(QueryAuditRequest request)
    {
        var query = new AuditQuery(
            AfterSequence: request.AfterSequence <= long.MaxValue ? (long)request.AfterSequence : long.MaxValue,
            MaxCount: request.MaxCount == 0 ? DefaultAuditPage : (int)Math.Min(request.MaxCount, AuditQuery.MaxPage),
            Workspace: request.Workspace.Length == 0 ? null : request.Workspace,
            Kind: request.Kind.Length == 0 ? null : request.Kind,
            Since: request.Since?.ToDateTimeOffset());
        var page = runtime.Ledger.ReadAudit(query);
        var response = new QueryAuditResponse { More = page.More };
        response.Entries.Add(page.Events.Select(e => new AuditEntry
        {
            Sequence = (ulong)e.Sequence,
            At = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(e.At, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)),
            Kind = e.Kind,
            Actor = e.Actor,
            Workspace = e.Workspace ?? "",
            Reason = e.Reason ?? "",
            DetailJson = e.Detail,
        }));
        return response;
    }

    public async Task<VerifyAuditResponse> VerifyAuditAsync(VerifyAuditRequest request, ControlCallContext context)
    {
        var result = await Task.Run(runtime.Ledger.VerifyAudit, context.CancellationToken).ConfigureAwait(false);
        return new VerifyAuditResponse
        {
            Intact = result.Intact,
            EventsChecked = (ulong)result.EventsChecked,
            BrokenAt = (ulong)(result.BrokenAt ?? 0),
            Problem = result.Problem ?? "",
        };
    }

    public async Task<BackupLedgerResponse> BackupAsync(BackupLedgerRequest request, ControlCallContext context)
    {
        RequireAbsolute(request.DestinationPath, "destination_path");
        await runtime.Ledger.BackupAsync(request.DestinationPath, ControlCaller.Actor(context), context.CancellationToken).ConfigureAwait(false);
        return new BackupLedgerResponse { Path = request.DestinationPath, Bytes = (ulong)new FileInfo(request.DestinationPath).Length };
    }

    /// <summary>Re-encryption needs the ledger closed, so it cannot run inside the daemon that holds it open.</summary>
    private ControlRpcException RekeyIsOffline() => ControlErrors.FailedPrecondition(
        "The ledger is re-keyed offline: stop edged, run 'edged ledger rekey --state-dir "
        + runtime.Paths.Root + " --backup FILE', then start edged again (and re-create the ledger-key credential from the new key file when the key came from systemd).");

    private static ReidentifiedPatient ToMessage(PatientIdentity identity)
    {
        var patient = new ReidentifiedPatient
        {
            PatientId = identity.PatientId,
            Issuer = identity.Issuer ?? "",
            Name = identity.Name ?? "",
            BirthDate = identity.BirthDate ?? "",
            Pseudonym = identity.Pseudonym,
            DateOffsetDays = identity.DateOffsetDays,
            FirstSeen = Timestamp.FromDateTimeOffset(identity.FirstSeen),
            LastSeen = Timestamp.FromDateTimeOffset(identity.LastSeen),
        };
        patient.Studies.Add(identity.Studies.Select(s => new ReidentifiedStudy
        {
            OriginalUid = s.OriginalUid,
            PseudonymisedUid = s.PseudonymisedUid,
            OriginalAccessionNumber = s.OriginalAccessionNumber ?? "",
            PseudonymisedAccessionNumber = s.PseudonymisedAccessionNumber ?? "",
            OriginalStudyDate = s.OriginalStudyDate ?? "",
            PseudonymisedStudyDate = s.PseudonymisedStudyDate ?? "",
        }));
        return patient;
    }

    private static void Require(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{field} is required.");
        }
    }

    private static void RequireAbsolute(string path, string field)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException($"{field} must be an absolute path on the daemon's host.");
        }
    }
}
