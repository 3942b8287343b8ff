using Edge.Daemon.Composition;
using Edge.Daemon.Ingest;
using Edge.Deid.Engine;
using Edge.Dicom;
using Edge.Dicom.Data;

namespace Edge.Daemon.Control;

/// <summary>What a retry did: stored (with the pseudonymised SOP Instance UID), or still held at a stage, with why.</summary>
internal sealed record RetryResult(string? SopInstanceUid, string? Stage, string? Problem)
{
    public bool Stored => SopInstanceUid is not null;
}

/// <summary>
/// Runs a quarantined data set through de-identification again (after a fix of the profile or the software): the
/// same steps as the ingest pipeline, from the quarantined copy instead of a spool file and without a C-STORE to
/// answer. Stored means published durably with its mappings committed; the quarantined copy is then deleted.
/// </summary>
internal sealed class QuarantineRetry(EdgeRuntime runtime)
{
    public async Task<RetryResult> RunAsync(QuarantineEntry entry, CancellationToken cancellationToken)
    {
        var store = await runtime.Workspaces.GetStoreAsync(entry.Workspace, cancellationToken).ConfigureAwait(false);
        if (store.IsPurged)
        {
            throw ControlErrors.FailedPrecondition($"The workspace {entry.Workspace} was purged; its quarantined items can only be deleted.");
        }
        if (!TransferSyntax.TryLookupKnown(entry.TransferSyntaxUid, out var syntax))
        {
            return Held("parse", $"the transfer syntax {entry.TransferSyntaxUid} is not supported");
        }
        string sopInstanceUid;
        await using (var data = File.OpenRead(runtime.Quarantine.DataPath(entry.Id)))
        {
            DicomFile received;
            try
            {
                received = DicomFile.ReadDataset(data, syntax, runtime.ReaderOptions, leaveOpen: true);
            }
            catch (DicomReadException ex)
            {
                return Held("parse", ex.Problem);
            }
            using (received)
            {
                DeidOutcome outcome;
                try
                {
                    var key = await runtime.KeyForAsync(entry.Workspace).ConfigureAwait(false);
                    outcome = runtime.EngineFor(store.Definition.Profile).Deidentify(received, key);
                }
                catch (DeidException ex)
                {
                    return Held("deidentify", Describe(ex));
                }
                if (outcome.Status == DeidStatus.HeldForReview)
                {
                    return Held("review", outcome.Reason ?? "held for review");
                }
                var m = outcome.Mappings;
                if (m.StudyUid.Length == 0 || m.SeriesUid.Length == 0 || m.SopInstanceUid.Length == 0)
                {
                    return Held("deidentify", "no StudyInstanceUID, SeriesInstanceUID or SOPInstanceUID");
                }
                var dataset = received.Dataset;
                using var output = DicomFile.Create(dataset, received.TransferSyntax);
                using var staged = await store.StageAsync(data.Length, cancellationToken).ConfigureAwait(false);
                output.Write(staged.Stream);
                await runtime.MappingSink.RecordAsync(entry.Workspace, m, outcome.ActionCounts, cancellationToken).ConfigureAwait(false);
                var stored = await store.CommitAsync(staged, dataset, received.TransferSyntax, cancellationToken).ConfigureAwait(false);
                runtime.Monitor.InstanceStored(entry.Workspace, entry.CallingAeTitle, m.SopInstanceUid, stored.Size, stored.Replaced);
                sopInstanceUid = m.SopInstanceUid;
            }
        }
        runtime.Quarantine.Delete(entry.Id);
        return new RetryResult(sopInstanceUid, null, null);
    }

    private static RetryResult Held(string stage, string problem) => new(null, stage, problem);

    /// <summary>
    /// Why the engine gave up, fit to show: our own exceptions describe structure (tags, lengths); the runtime's (a
    /// failed number parse) may quote the value, so only their type is named.
    /// </summary>
    private static string Describe(DeidException ex) => ex.InnerException switch
    {
        null => ex.Message,
        DicomException inner => "cannot de-identify: " + inner.Message,
        { } inner => "cannot de-identify: " + inner.GetType().Name,
    };
}
