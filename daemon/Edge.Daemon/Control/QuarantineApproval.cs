using Edge.Daemon.Composition;
using Edge.Daemon.Ingest;
using Edge.Deid.Engine;
using Edge.Pixels;
using Edge.Workspaces.Storage;

namespace Edge.Daemon.Control;

/// <summary>
/// Releases a reviewed instance: the ingest pipeline's de-identify-and-publish step with an engine whose pixel stage
/// masks exactly the approved rectangles on every frame and records them as cleaned (Burned In Annotation NO, Clean
/// Pixel Data 113101). Masked frames wait in the private spool, never in /tmp: they derive from data with PHI.
/// Stored means published durably with its mappings committed; the quarantined copy is then deleted.
/// </summary>
internal sealed class QuarantineApproval(EdgeRuntime runtime)
{
    /// <returns>The pseudonymised SOP Instance UID, or null with the stage and problem when the pipeline still holds it.</returns>
    public async Task<ReleaseResult> PublishAsync(QuarantineEntry entry, WorkspaceStore store, QuarantineImage image, IReadOnlyList<PixelRect> masks,
        CancellationToken cancellationToken)
    {
        var profile = runtime.EngineFor(store.Definition.Profile).Profile;
        var cleaner = PixelCleanerAdapter.Approved([.. masks.Select(r => new MaskedRegion(r.Left, r.Top, r.Width, r.Height))], runtime.Paths.Spool);
        var engine = new DeidEngine(profile, pixelCleaner: cleaner);
        var outcome = await runtime.Pipeline.DeidentifyAndPublishAsync(store, image.File, entry.Size, entry.CallingAeTitle, cancellationToken, engine)
            .ConfigureAwait(false);
        if (outcome.Stored is null)
        {
            return new ReleaseResult(null, outcome.Stage, outcome.Problem);
        }
        runtime.Quarantine.Delete(entry.Id);
        return new ReleaseResult(outcome.SopInstanceUid, null, null);
    }
}
