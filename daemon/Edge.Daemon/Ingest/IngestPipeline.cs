using Edge.Daemon.Composition;
using Edge.Deid.Engine;
using Edge.Dicom;
using Edge.Dicom.Data;
using Edge.Dicom.Network;
using Edge.Workspaces;
using Edge.Workspaces.Storage;
using Microsoft.Extensions.Logging;

namespace Edge.Daemon.Ingest;

/// <summary>
/// What happens to a received instance, from its spool file to the workspace. Success is answered only after the
/// de-identified file is published durably (fsync'd, renamed, directory fsync'd), indexed, and its mappings are
/// committed in the ledger; anything that cannot be de-identified goes to quarantine and is answered with a failure.
/// Every failure becomes a status here: nothing escapes to the network layer, whose error log would name the
/// instance by its original SOP Instance UID.
/// </summary>
public sealed class IngestPipeline(EdgeRuntime runtime, ILogger<IngestPipeline> logger)
{
    public async ValueTask<DimseResult> ProcessAsync(WorkspaceStore store, CStoreRequest request, FileStream spool, CancellationToken cancellationToken)
    {
        try
        {
            return await StoreAsync(store, request, spool, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The message may quote a value of the data set: log the type and where it came from only.
            IngestLog.Failed(logger, store.Name, request.Association.CallingAeTitle, ex.GetType().Name, ex.StackTrace ?? "");
            return Refuse(store.Name, request.Association.CallingAeTitle, IngestStatusMap.For(ex));
        }
    }

    private async ValueTask<DimseResult> StoreAsync(WorkspaceStore store, CStoreRequest request, FileStream spool, CancellationToken cancellationToken)
    {
        var workspace = store.Name;
        var caller = request.Association.CallingAeTitle;
        DicomFile received;
        try
        {
            spool.Position = 0;
            received = DicomFile.ReadDataset(spool, request.TransferSyntax, runtime.ReaderOptions, leaveOpen: true);
        }
        catch (DicomReadException ex)
        {
            return Quarantine(spool, store, request, "parse", ex.Problem, IngestStatusMap.For(ex));
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

            try
            {
                var outcome = await DeidentifyAndPublishAsync(store, received, spool.Length, caller, cancellationToken).ConfigureAwait(false);
                return outcome.Stored is not null
                    ? DimseResult.Success
                    : Quarantine(spool, store, request, outcome.Stage!, outcome.Problem!, outcome.Status!);
            }
            catch (Exception ex) when (ex is WorkspaceException or Edge.Ledger.LedgerException or IOException or DicomException)
            {
                return Refuse(workspace, caller, IngestStatusMap.For(ex));
            }
        }
    }

    /// <summary>
    /// De-identifies a parsed data set and publishes it in the workspace: staged, written, its mappings committed in the
    /// ledger while the file is fsync'd, then renamed into place and indexed. Held (with the stage, the problem and the
    /// status to answer) when it cannot be fully de-identified. Used by C-STORE and by the quarantine's retry and approval.
    /// Storage and ledger failures are thrown.
    /// </summary>
    /// <param name="engine">The engine to use instead of the workspace profile's (an approval's, with the reviewed masks).</param>
    public async ValueTask<PublishOutcome> DeidentifyAndPublishAsync(WorkspaceStore store, DicomFile received, long sizeHint, string caller,
        CancellationToken cancellationToken, DeidEngine? engine = null)
    {
        var workspace = store.Name;
        DeidOutcome outcome;
        try
        {
            var key = await runtime.KeyForAsync(workspace).ConfigureAwait(false);
            outcome = (engine ?? runtime.EngineFor(store.Definition.Profile)).Deidentify(received, key);
        }
        catch (DeidException ex)
        {
            return PublishOutcome.Held("deidentify", DescribeFailure(ex), IngestStatusMap.For(ex));
        }
        if (outcome.Status == DeidStatus.HeldForReview)
        {
            return PublishOutcome.Held("review", outcome.Reason ?? "held for review", HeldForReview(outcome.Reason));
        }
        var m = outcome.Mappings;
        if (m.StudyUid.Length == 0 || m.SeriesUid.Length == 0 || m.SopInstanceUid.Length == 0)
        {
            const string missing = "no StudyInstanceUID, SeriesInstanceUID or SOPInstanceUID";
            return PublishOutcome.Held("deidentify", missing, HeldForReview(missing));
        }

        var ds = received.Dataset;
        using var output = DicomFile.Create(ds, received.TransferSyntax);
        using var staged = await store.StageAsync(sizeHint, cancellationToken).ConfigureAwait(false);
        // The ledger's commit and the staged file's write and fsync are independent: overlap them, so that publishing
        // (after both, as ever) waits for the slower one instead of their sum. Staging has checked the quota and the
        // disk reserve first; mappings of an instance that then fails to publish are harmless (the same instance
        // sent again maps to the same pseudonyms).
        var recording = runtime.MappingSink.RecordAsync(workspace, m, outcome.ActionCounts, cancellationToken);
        try
        {
            output.Write(staged.Stream);
            staged.Sync();
        }
        finally
        {
            await recording.ConfigureAwait(false);
        }
        var stored = await store.CommitAsync(staged, ds, received.TransferSyntax, cancellationToken).ConfigureAwait(false);
        runtime.Monitor.InstanceStored(workspace, caller, m.SopInstanceUid, stored.Size, stored.Replaced);
        IngestLog.Stored(logger, m.SopInstanceUid, workspace, caller, stored.Size, stored.Replaced ? ", replacing the previous copy" : "");
        return new PublishOutcome(stored, null, null, null);
    }

    private static DimseResult HeldForReview(string? reason) =>
        IngestStatusMap.Result(DicomStatus.ProcessingFailure, "held for review: " + (reason ?? "de-identification incomplete"));

    /// <summary>
    /// Why the engine gave up, fit for logs and the quarantine record: our own exceptions describe structure (tags,
    /// lengths, offsets); the runtime's (a failed number parse, say) may quote the offending value, so only their type is kept.
    /// </summary>
    internal static string DescribeFailure(DeidException ex) => ex.InnerException switch
    {
        null => ex.Message,
        DicomException inner => "cannot de-identify: " + inner.Message,
        { } inner => "cannot de-identify: " + inner.GetType().Name,
    };

    private DimseResult Quarantine(FileStream spool, WorkspaceStore store, CStoreRequest request, string stage, string reason, DimseResult result)
    {
        var caller = request.Association.CallingAeTitle;
        var entry = runtime.Quarantine.Add(spool, store.Name, caller, request.SopClassUid, request.TransferSyntax.Uid, stage, reason);
        runtime.Monitor.InstanceFailed(store.Name, caller, $"{stage}: {reason}", quarantined: true);
        IngestLog.Quarantined(logger, store.Name, caller, stage, reason, entry.Id);
        return result;
    }

    private DimseResult Refuse(string workspace, string caller, DimseResult result)
    {
        runtime.Monitor.InstanceFailed(workspace, caller, result.ErrorComment ?? result.Status.ToString(), quarantined: false);
        IngestLog.Refused(logger, workspace, caller, result.Status.ToString(), result.ErrorComment ?? "");
        return result;
    }
}

/// <summary>What de-identifying and publishing one data set gave: stored, or held at a stage with why and the status to answer.</summary>
public sealed record PublishOutcome(StoredInstance? Stored, string? Stage, string? Problem, DimseResult? Status)
{
    public static PublishOutcome Held(string stage, string problem, DimseResult status) => new(null, stage, problem, status);

    /// <summary>The stored instance's de-identified SOP Instance UID; null when held.</summary>
    public string? SopInstanceUid => Stored?.SopInstanceUid;
}
