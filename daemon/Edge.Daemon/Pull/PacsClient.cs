using System.Runtime.CompilerServices;
using Edge.Dicom.Data;
using Edge.Dicom.Network;

namespace Edge.Daemon.Pull;

/// <summary>A study the PACS found for a selection.</summary>
internal sealed record FoundStudy(string StudyInstanceUid, string PatientId);

/// <summary>What the PACS said about one C-MOVE: its final status and the counts of its sub-operations.</summary>
internal sealed record MoveOutcome(DicomStatus Status, int Completed, int Failed, int Warning, string? ErrorComment);

/// <summary>
/// Edge as C-FIND and C-MOVE SCU of the hospital PACS. It calls with the workspace's AE title and names that same AE
/// title as the move destination, so the PACS sends the studies to the workspace through the ordinary C-STORE path
/// (the PACS must know that AE title with Edge's host and port). Study Root is preferred, Patient Root used when the
/// PACS offers only that. <c>abort</c> aborts the associations at once (a shutdown whose C-CANCELs went unanswered).
/// </summary>
internal sealed class PacsClient(DicomClient client, DicomPeer pacs, CancellationToken abort)
{
    private static readonly TransferSyntax[] s_syntaxes = [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian];

    private static readonly IReadOnlyList<ContextProposal> s_find =
        [new(DicomServiceUids.StudyRootFind, s_syntaxes), new(DicomServiceUids.PatientRootFind, s_syntaxes)];

    private static readonly IReadOnlyList<ContextProposal> s_move =
        [new(DicomServiceUids.StudyRootMove, s_syntaxes), new(DicomServiceUids.PatientRootMove, s_syntaxes)];

    /// <summary>
    /// The studies matching each identifier, each study once, in the order the PACS answered, and how many
    /// identifiers matched none.
    /// </summary>
    /// <exception cref="DicomNetworkException">The PACS cannot be reached or the association broke.</exception>
    /// <exception cref="PullException">The PACS refused a C-FIND.</exception>
    public async Task<(List<FoundStudy> Studies, int Unmatched)> FindStudiesAsync(string callingAeTitle, IEnumerable<DicomDataset> identifiers,
        CancellationToken cancellationToken)
    {
        await using var association = await client.AssociateAsync(pacs, s_find, callingAeTitle, cancellationToken).ConfigureAwait(false);
        using var abortOnStop = abort.Register(Abort, association);
        var sopClass = Choose(association, DicomServiceUids.StudyRootFind, DicomServiceUids.PatientRootFind, "C-FIND");
        var found = new List<FoundStudy>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unmatched = 0;
        foreach (var identifier in identifiers)
        {
            var matches = 0;
            await foreach (var match in FindAsync(association, sopClass, identifier, cancellationToken).ConfigureAwait(false))
            {
                matches++;
                if (seen.Add(match.StudyInstanceUid))
                {
                    found.Add(match);
                }
            }
            unmatched += matches == 0 ? 1 : 0;
        }
        return (found, unmatched);
    }

    private static async IAsyncEnumerable<FoundStudy> FindAsync(DicomClientAssociation association, string sopClass, DicomDataset identifier,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var response in association.FindAsync(sopClass, identifier, cancellationToken).ConfigureAwait(false))
        {
            if (response.Status.IsPending)
            {
                if (response.Identifier?.GetString(DicomTags.StudyInstanceUID) is { Length: > 0 } uid)
                {
                    yield return new FoundStudy(uid, response.Identifier.GetString(DicomTags.PatientID) ?? "");
                }
            }
            else if (response.Status.Category == DicomStatusCategory.Cancel)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            else if (!response.Status.IsSuccessOrWarning)
            {
                throw new PullException($"The PACS answered the C-FIND with {response.Status}.");
            }
        }
    }

    /// <summary>
    /// Asks the PACS to send one study to <paramref name="destinationAeTitle"/>, reporting each pending response's
    /// counts. Cancelling sends a C-CANCEL and returns the PACS's final answer.
    /// </summary>
    /// <exception cref="DicomNetworkException">The PACS cannot be reached or the association broke.</exception>
    public async Task<MoveOutcome> MoveStudyAsync(string callingAeTitle, string destinationAeTitle, FoundStudy study,
        Action<MoveOutcome> progress, CancellationToken cancellationToken)
    {
        await using var association = await client.AssociateAsync(pacs, s_move, callingAeTitle, cancellationToken).ConfigureAwait(false);
        using var abortOnStop = abort.Register(Abort, association);
        var sopClass = Choose(association, DicomServiceUids.StudyRootMove, DicomServiceUids.PatientRootMove, "C-MOVE");
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, study.StudyInstanceUid);
        if (sopClass == DicomServiceUids.PatientRootMove)
        {
            identifier.SetString(DicomTags.PatientID, DicomVR.LO, study.PatientId);
        }
        MoveOutcome? last = null;
        await foreach (var response in association.MoveAsync(sopClass, destinationAeTitle, identifier, cancellationToken).ConfigureAwait(false))
        {
            // Counts are optional in a final response; keep the last ones given.
            last = new MoveOutcome(response.Status, response.Completed ?? last?.Completed ?? 0, response.Failed ?? last?.Failed ?? 0,
                response.Warning ?? last?.Warning ?? 0, response.ErrorComment);
            if (response.Status.IsPending)
            {
                progress(last);
            }
        }
        return last ?? throw new DicomNetworkException("The PACS ended the C-MOVE without a final response");
    }

    private static void Abort(object? association) => _ = ((DicomClientAssociation)association!).AbortAsync();

    private static string Choose(DicomClientAssociation association, string studyRoot, string patientRoot, string service) =>
        association.Association.AcceptedContexts(studyRoot).Any() ? studyRoot
        : association.Association.AcceptedContexts(patientRoot).Any() ? patientRoot
        : throw new PullException($"The PACS accepted neither the Study Root nor the Patient Root {service} SOP class.");
}
