using Edge.Daemon.Composition;
using Edge.Deid.Engine;
using Edge.Dicom;
using Edge.Dicom.Data;
using Edge.Dicom.Network;
using Edge.Workspaces;
using Edge.Workspaces.Definitions;
using Edge.Workspaces.Storage;
using Microsoft.Extensions.Logging;

namespace Edge.Daemon.Ingest;

/// <summary>
/// What happens to a received instance, from its spool file to the workspace. Success is answered only after the
/// de-identified file is published durably (fsync'd, renamed, directory fsync'd), indexed, and its mappings are
/// committed in the ledger; anything that cannot be de-identified goes to quarantine and is answered with a failure.
/// </summary>
public sealed class IngestPipeline(EdgeRuntime runtime, ILogger<IngestPipeline> logger)
{
    public async ValueTask<DimseResult> ProcessAsync(WorkspaceStore store, CStoreRequest request, FileStream spool, CancellationToken cancellationToken)
    {
        var workspace = store.Name;
        var caller = request.Association.CallingAeTitle;
        DicomFile received;
        try
        {
            spool.Position = 0;
            received = DicomFile.ReadDataset(spool, request.TransferSyntax, leaveOpen: true);
        }
        catch (DicomReadException ex)
        {
            return Quarantine(spool, store, request, "parse", ex.Problem, ex);
        }

        using (received)
        {
            var ds = received.Dataset;
            if (ds.GetString(DicomTags.SOPInstanceUID) is { } sop && sop != request.SopInstanceUid)
            {
                return Refuse(workspace, caller, IngestStatusMap.Result(DicomStatus.DataSetDoesNotMatchSopClass, "SOP Instance UID differs from the command's"));
            }
            if (ds.GetString(DicomTags.SOPClassUID) is { } cls && cls != request.SopClassUid)
            {
                return Refuse(workspace, caller, IngestStatusMap.Result(DicomStatus.DataSetDoesNotMatchSopClass, "SOP Class UID differs from the command's"));
            }

            DeidOutcome outcome;
            try
            {
                var key = await runtime.KeyForAsync(workspace).ConfigureAwait(false);
                outcome = runtime.EngineFor(store.Definition.Profile).Deidentify(received, key);
            }
            catch (DeidException ex)
            {
                return Quarantine(spool, store, request, "deidentify", ex.Message, ex);
            }
            if (outcome.Status == DeidStatus.HeldForReview)
            {
                return Quarantine(spool, store, request, "review", outcome.Reason ?? "held for review", null);
            }
            var m = outcome.Mappings;
            if (m.StudyUid.Length == 0 || m.SeriesUid.Length == 0 || m.SopInstanceUid.Length == 0)
            {
                return Quarantine(spool, store, request, "deidentify", "no StudyInstanceUID, SeriesInstanceUID or SOPInstanceUID", null);
            }

            try
            {
                using var output = DicomFile.Create(ds, received.TransferSyntax);
                using var staged = await store.StageAsync(spool.Length, cancellationToken).ConfigureAwait(false);
                output.Write(staged.Stream);
                await runtime.MappingSink.RecordAsync(workspace, m, outcome.ActionCounts, cancellationToken).ConfigureAwait(false);
                var stored = await store.CommitAsync(staged, ds, received.TransferSyntax, cancellationToken).ConfigureAwait(false);
                runtime.Monitor.InstanceStored(workspace, caller, m.SopInstanceUid, stored.Size, stored.Replaced);
                IngestLog.Stored(logger, m.SopInstanceUid, workspace, caller, stored.Size, stored.Replaced ? ", replacing the previous copy" : "");
                return DimseResult.Success;
            }
            catch (Exception ex) when (ex is WorkspaceException or Edge.Ledger.LedgerException or IOException or DicomException)
            {
                var result = IngestStatusMap.For(ex);
                return Refuse(workspace, caller, result);
            }
        }
    }

    private DimseResult Quarantine(FileStream spool, WorkspaceStore store, CStoreRequest request, string stage, string reason, Exception? ex)
    {
        var result = ex is not null ? IngestStatusMap.For(ex) : IngestStatusMap.Result(DicomStatus.ProcessingFailure, "held for review: " + reason);
        spool.Flush();
        var entry = runtime.Quarantine.Add(spool.Name, store.Name, request.Association.CallingAeTitle, request.SopClassUid,
            request.TransferSyntax.Uid, stage, reason);
        runtime.Monitor.InstanceFailed(store.Name, request.Association.CallingAeTitle, $"{stage}: {reason}", quarantined: true);
        IngestLog.Quarantined(logger, store.Name, request.Association.CallingAeTitle, stage, reason, entry.Id);
        return result;
    }

    private DimseResult Refuse(string workspace, string caller, DimseResult result)
    {
        runtime.Monitor.InstanceFailed(workspace, caller, result.ErrorComment ?? result.Status.ToString(), quarantined: false);
        IngestLog.Refused(logger, workspace, caller, result.Status.ToString(), result.ErrorComment ?? "");
        return result;
    }
}
