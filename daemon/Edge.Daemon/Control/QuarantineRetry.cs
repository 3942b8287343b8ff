using Edge.Daemon.Composition;
using Edge.Daemon.Ingest;
using Edge.Dicom;
using Edge.Dicom.Data;

namespace Edge.Daemon.Control;

/// <summary>What a retry or an approval did: stored (with the pseudonymised SOP Instance UID), or still held at a stage, with why.</summary>
internal sealed record ReleaseResult(string? SopInstanceUid, string? Stage, string? Problem)
{
    public bool Stored => SopInstanceUid is not null;
}

/// <summary>
/// Runs a quarantined data set through de-identification again (after a fix of the profile or the software): the
/// ingest pipeline's own de-identify-and-publish step, from the quarantined copy instead of a spool file and without
/// a C-STORE to answer. Stored means published durably with its mappings committed; the quarantined copy is then deleted.
/// </summary>
internal sealed class QuarantineRetry(EdgeRuntime runtime)
{
    public async Task<ReleaseResult> RunAsync(QuarantineEntry entry, CancellationToken cancellationToken)
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
                var outcome = await runtime.Pipeline.DeidentifyAndPublishAsync(store, received, data.Length, entry.CallingAeTitle, cancellationToken)
                    .ConfigureAwait(false);
                if (outcome.Stored is null)
                {
                    return Held(outcome.Stage!, outcome.Problem!);
                }
                sopInstanceUid = outcome.SopInstanceUid!;
            }
        }
        runtime.Quarantine.Delete(entry.Id);
        return new ReleaseResult(sopInstanceUid, null, null);
    }

    private static ReleaseResult Held(string stage, string problem) => new(null, stage, problem);
}
