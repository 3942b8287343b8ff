using Edge.Dicom.Data;

namespace Edge.Dicom.Network;

/// <summary>
/// Sending one instance as a C-STORE-RQ: choosing the presentation context, and streaming the data set either
/// straight from the file (when its syntax was accepted) or re-encoded into the accepted native syntax. Never holds
/// the object in memory.
/// </summary>
internal static class StoreTransfer
{
    private const int CopyBufferSize = 256 * 1024;

    /// <summary>
    /// The accepted context for a SOP class that can carry data stored in <paramref name="stored"/>: the same syntax
    /// first, else (for native data) any accepted native syntax, explicit little endian preferred.
    /// </summary>
    public static PresentationContext? ChooseContext(AssociationInfo association, string sopClassUid, TransferSyntax stored)
    {
        PresentationContext? native = null;
        foreach (var pc in association.AcceptedContexts(sopClassUid))
        {
            if (pc.TransferSyntax!.Equals(stored))
            {
                return pc;
            }
            if (stored.IsNative && pc.TransferSyntax.IsNative && pc.TransferSyntax.IsKnown &&
                (native is null || pc.TransferSyntax.Equals(TransferSyntax.ExplicitVRLittleEndian)))
            {
                native = pc;
            }
        }
        return native;
    }

    /// <summary>
    /// The contexts to propose for sending instances: one per SOP class and stored syntax, that syntax first so an
    /// acceptor honouring our order takes the data as stored; native data adds explicit and implicit little endian
    /// as fallbacks we can re-encode into.
    /// </summary>
    public static IReadOnlyList<ContextProposal> ProposalsFor(IEnumerable<(string SopClassUid, TransferSyntax Syntax)> instances)
    {
        var proposals = new List<ContextProposal>();
        foreach (var (sopClass, stored) in instances.Distinct())
        {
            TransferSyntax[] syntaxes = stored.IsNative && stored.IsKnown
                ? [stored, .. new[] { TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian }.Where(t => !t.Equals(stored))]
                : [stored];
            proposals.Add(new ContextProposal(sopClass, syntaxes));
        }
        return proposals;
    }

    public static DicomCommand Command(ushort messageId, string sopClassUid, string sopInstanceUid, MoveOriginator? originator)
    {
        var c = DicomCommand.Request(CommandField.CStoreRequest, messageId, sopClassUid, hasDataSet: true);
        c.SetUInt16(CommandTags.Priority, (ushort)DimsePriority.Medium);
        c.SetUid(CommandTags.AffectedSopInstanceUid, sopInstanceUid);
        if (originator is not null)
        {
            c.SetText(CommandTags.MoveOriginatorAeTitle, DicomVR.AE, originator.AeTitle);
            c.SetUInt16(CommandTags.MoveOriginatorMessageId, originator.MessageId);
        }
        return c;
    }

    /// <summary>
    /// Sends an instance file. The source is opened before the command goes out, so an unreadable file fails the
    /// sub-operation without breaking the association.
    /// </summary>
    public static async ValueTask SendAsync(DimseSender sender, PresentationContext context, DicomCommand command, InstanceFile file, CancellationToken cancellationToken)
    {
        var target = context.TransferSyntax!;
        if (target.Equals(file.TransferSyntax) && file.DatasetOffset >= 0)
        {
            await using var source = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            source.Position = file.DatasetOffset;
            await sender.SendAsync(context.Id, command, s => new ValueTask(source.CopyToAsync(s, CopyBufferSize, cancellationToken)), cancellationToken).ConfigureAwait(false);
            return;
        }
        using var dicom = DicomFile.Open(file.Path);
        await SendAsync(sender, context, command, dicom, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a DICOM object held by the caller, encoded in the context's syntax as it is written.</summary>
    public static ValueTask SendAsync(DimseSender sender, PresentationContext context, DicomCommand command, DicomFile file, CancellationToken cancellationToken) =>
        sender.SendAsync(context.Id, command, s =>
        {
            file.WriteDataset(s, context.TransferSyntax);
            return ValueTask.CompletedTask;
        }, cancellationToken);
}

/// <summary>The C-MOVE that a C-STORE sub-operation serves (Move Originator AE title and message id).</summary>
public sealed record MoveOriginator(string AeTitle, ushort MessageId);
