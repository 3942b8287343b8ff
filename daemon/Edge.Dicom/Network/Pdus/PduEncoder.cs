using System.Text;

namespace Edge.Dicom.Network;

/// <summary>Encodes the association-control PDUs (PS3.8 9.3) into whole PDUs, header included.</summary>
internal static class PduEncoder
{
    public static byte[] Encode(AssociateRequest rq)
    {
        var b = new PduBuilder();
        var pdu = b.BeginPdu(PduType.AssociateRequest);
        WriteFixedPart(b, rq.ProtocolVersion, rq.CalledAeTitle, rq.CallingAeTitle);
        b.StringItem(ItemType.ApplicationContext, rq.ApplicationContextName);
        foreach (var pc in rq.PresentationContexts)
        {
            var at = b.BeginItem(ItemType.PresentationContextRequest);
            b.Byte(pc.Id);
            b.Zeros(3);
            b.StringItem(ItemType.AbstractSyntax, pc.AbstractSyntax);
            foreach (var ts in pc.TransferSyntaxes)
            {
                b.StringItem(ItemType.TransferSyntax, ts);
            }
            b.EndItem(at);
        }
        WriteUserInformation(b, rq.UserInformation);
        b.EndPdu(pdu);
        return b.ToArray();
    }

    public static byte[] Encode(AssociateAccept ac)
    {
        var b = new PduBuilder();
        var pdu = b.BeginPdu(PduType.AssociateAccept);
        WriteFixedPart(b, ac.ProtocolVersion, ac.CalledAeTitle, ac.CallingAeTitle);
        b.StringItem(ItemType.ApplicationContext, ac.ApplicationContextName);
        foreach (var pc in ac.PresentationContexts)
        {
            var at = b.BeginItem(ItemType.PresentationContextAccept);
            b.Byte(pc.Id);
            b.Byte(0);
            b.Byte((byte)pc.Result);
            b.Byte(0);
            b.StringItem(ItemType.TransferSyntax, pc.TransferSyntax);
            b.EndItem(at);
        }
        WriteUserInformation(b, ac.UserInformation);
        b.EndPdu(pdu);
        return b.ToArray();
    }

    public static byte[] Encode(AssociateReject rj) =>
        [(byte)PduType.AssociateReject, 0, 0, 0, 0, 4, 0, (byte)rj.Result, (byte)rj.Source, rj.Reason];

    public static byte[] Encode(AssociateAbort abort) =>
        [(byte)PduType.Abort, 0, 0, 0, 0, 4, 0, 0, (byte)abort.Source, (byte)abort.Reason];

    public static byte[] ReleaseRequest() => [(byte)PduType.ReleaseRequest, 0, 0, 0, 0, 4, 0, 0, 0, 0];

    public static byte[] ReleaseResponse() => [(byte)PduType.ReleaseResponse, 0, 0, 0, 0, 4, 0, 0, 0, 0];

    /// <summary>A P-DATA-TF holding the given PDVs (for commands and tests; datasets go through <see cref="PDataWriteStream"/>).</summary>
    public static byte[] DataTransfer(params PresentationDataValue[] pdvs)
    {
        var b = new PduBuilder();
        var pdu = b.BeginPdu(PduType.DataTransfer);
        foreach (var pdv in pdvs)
        {
            b.UInt32((uint)(pdv.Data.Length + 2));
            b.Byte(pdv.ContextId);
            b.Byte(pdv.ControlHeader);
            b.Bytes(pdv.Data.Span);
        }
        b.EndPdu(pdu);
        return b.ToArray();
    }

    private static void WriteFixedPart(PduBuilder b, ushort version, string called, string calling)
    {
        CheckAeTitle(called);
        CheckAeTitle(calling);
        b.UInt16(version);
        b.Zeros(2);
        b.AeTitle(called);
        b.AeTitle(calling);
        b.Zeros(32);
    }

    private static void CheckAeTitle(string ae)
    {
        if (ae.Length is 0 or > 16 || ae.Any(c => c is < ' ' or > '~' or '\\') || string.IsNullOrWhiteSpace(ae))
        {
            throw new ArgumentException($"'{ae}' is not a valid AE title: 1 to 16 printable ASCII characters, no backslash, not all spaces");
        }
    }

    private static void WriteUserInformation(PduBuilder b, UserInformation ui)
    {
        var at = b.BeginItem(ItemType.UserInformation);
        var max = b.BeginItem(ItemType.MaximumLength);
        b.UInt32(ui.MaxPduLength);
        b.EndItem(max);
        if (ui.ImplementationClassUid is { } icu)
        {
            b.StringItem(ItemType.ImplementationClassUid, icu);
        }
        if (ui.AsyncOperations is { } ops)
        {
            var w = b.BeginItem(ItemType.AsynchronousOperationsWindow);
            b.UInt16(ops.MaxOperationsInvoked);
            b.UInt16(ops.MaxOperationsPerformed);
            b.EndItem(w);
        }
        foreach (var role in ui.RoleSelections)
        {
            var r = b.BeginItem(ItemType.RoleSelection);
            b.LengthPrefixed(Encoding.ASCII.GetBytes(role.SopClassUid));
            b.Byte(role.ScuRole ? (byte)1 : (byte)0);
            b.Byte(role.ScpRole ? (byte)1 : (byte)0);
            b.EndItem(r);
        }
        if (ui.ImplementationVersionName is { } ivn)
        {
            b.StringItem(ItemType.ImplementationVersionName, ivn);
        }
        foreach (var ext in ui.ExtendedNegotiations)
        {
            var e = b.BeginItem(ItemType.SopClassExtendedNegotiation);
            b.LengthPrefixed(Encoding.ASCII.GetBytes(ext.SopClassUid));
            b.Bytes(ext.ServiceClassApplicationInformation);
            b.EndItem(e);
        }
        foreach (var common in ui.CommonExtendedNegotiations)
        {
            var c = b.BeginItem(ItemType.SopClassCommonExtendedNegotiation);
            b.LengthPrefixed(Encoding.ASCII.GetBytes(common.SopClassUid));
            b.LengthPrefixed(Encoding.ASCII.GetBytes(common.ServiceClassUid));
            var related = new PduBuilder();
            foreach (var uid in common.RelatedGeneralSopClasses)
            {
                related.LengthPrefixed(Encoding.ASCII.GetBytes(uid));
            }
            b.LengthPrefixed(related.ToArray());
            b.EndItem(c);
        }
        if (ui.UserIdentity is { } id)
        {
            var u = b.BeginItem(ItemType.UserIdentityRequest);
            b.Byte((byte)id.Type);
            b.Byte(id.PositiveResponseRequested ? (byte)1 : (byte)0);
            b.LengthPrefixed(id.PrimaryField);
            b.LengthPrefixed(id.SecondaryField);
            b.EndItem(u);
        }
        if (ui.UserIdentityResponse is { } response)
        {
            var u = b.BeginItem(ItemType.UserIdentityResponse);
            b.LengthPrefixed(response.ServerResponse);
            b.EndItem(u);
        }
        b.EndItem(at);
    }
}
