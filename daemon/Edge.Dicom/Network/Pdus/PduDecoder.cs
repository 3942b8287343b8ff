namespace Edge.Dicom.Network;

/// <summary>
/// Decodes the bodies (the bytes after the 6-byte PDU header) of association-control PDUs. Lengths are checked
/// against their enclosing item; unknown items and sub-items are skipped as PS3.8 9.3.1 asks; anything
/// inconsistent is a <see cref="PduException"/>, which aborts the association.
/// </summary>
internal static class PduDecoder
{
    private const int FixedPartLength = 68;

    public static AssociateRequest DecodeAssociateRequest(ReadOnlySpan<byte> body)
    {
        var a = DecodeAssociate(body, "A-ASSOCIATE-RQ", ItemType.PresentationContextRequest, DecodeProposal, pc => pc.Id);
        if (a.Contexts.Count == 0)
        {
            throw new PduException("A-ASSOCIATE-RQ proposes no presentation context", AbortReason.InvalidPduParameterValue);
        }
        return new AssociateRequest
        {
            ProtocolVersion = a.Version,
            CalledAeTitle = a.Called,
            CallingAeTitle = a.Calling,
            ApplicationContextName = a.Context,
            PresentationContexts = a.Contexts,
            UserInformation = a.User,
        };
    }

    public static AssociateAccept DecodeAssociateAccept(ReadOnlySpan<byte> body)
    {
        var a = DecodeAssociate(body, "A-ASSOCIATE-AC", ItemType.PresentationContextAccept, DecodeResult, pc => pc.Id);
        return new AssociateAccept
        {
            ProtocolVersion = a.Version,
            CalledAeTitle = a.Called,
            CallingAeTitle = a.Calling,
            ApplicationContextName = a.Context,
            PresentationContexts = a.Contexts,
            UserInformation = a.User,
        };
    }

    private delegate T ItemDecoder<out T>(ReadOnlySpan<byte> item);

    /// <summary>
    /// The body shared by A-ASSOCIATE-RQ and -AC: the fixed part, then the application context, the presentation
    /// context items of <paramref name="contextItem"/> (the only part that differs) and the user information.
    /// </summary>
    private static (ushort Version, string Called, string Calling, string Context, List<T> Contexts, UserInformation User) DecodeAssociate<T>(
        ReadOnlySpan<byte> body, string pdu, byte contextItem, ItemDecoder<T> decodeContext, Func<T, byte> idOf)
    {
        var r = new PduSpanReader(body, pdu);
        var (version, called, calling) = ReadFixedPart(ref r, body.Length, pdu);
        string? context = null;
        var contexts = new List<T>();
        UserInformation? user = null;
        while (!r.AtEnd)
        {
            var item = ReadItem(ref r, out var type);
            if (type == ItemType.ApplicationContext)
            {
                context = Once(context, PduText.Uid(item), "application context");
            }
            else if (type == contextItem)
            {
                var pc = decodeContext(item);
                CheckContextId(idOf(pc), contexts.Select(idOf));
                contexts.Add(pc);
            }
            else if (type == ItemType.UserInformation)
            {
                user = Once(user, DecodeUserInformation(item), "user information");
            }
            // Other item types are skipped (PS3.8 9.3.1).
        }
        if (context is null)
        {
            throw new PduException($"{pdu} has no application context item", AbortReason.InvalidPduParameterValue);
        }
        return (version, called, calling, context, contexts, user ?? new UserInformation());
    }

    public static AssociateReject DecodeAssociateReject(ReadOnlySpan<byte> body)
    {
        CheckFixedLength(body, "A-ASSOCIATE-RJ");
        if (body[1] is < 1 or > 2 || body[2] is < 1 or > 3)
        {
            throw new PduException($"A-ASSOCIATE-RJ has result {body[1]} and source {body[2]}, outside the defined values", AbortReason.InvalidPduParameterValue);
        }
        return new AssociateReject((RejectResult)body[1], (RejectSource)body[2], body[3]);
    }

    public static AssociateAbort DecodeAbort(ReadOnlySpan<byte> body)
    {
        CheckFixedLength(body, "A-ABORT");
        // Undefined source or reason values still mean "aborted"; keep them as received.
        return new AssociateAbort((AbortSource)body[2], (AbortReason)body[3]);
    }

    /// <summary>A-RELEASE-RQ and -RP carry 4 reserved bytes.</summary>
    public static void DecodeRelease(ReadOnlySpan<byte> body, PduType type) =>
        CheckFixedLength(body, type == PduType.ReleaseRequest ? "A-RELEASE-RQ" : "A-RELEASE-RP");

    private static void CheckFixedLength(ReadOnlySpan<byte> body, string what)
    {
        if (body.Length != 4)
        {
            throw new PduException($"{what} has length {body.Length}; it must be 4", AbortReason.InvalidPduParameterValue);
        }
    }

    private static (ushort Version, string Called, string Calling) ReadFixedPart(ref PduSpanReader r, int length, string what)
    {
        if (length < FixedPartLength)
        {
            throw new PduException($"{what} of {length} bytes is shorter than its {FixedPartLength}-byte fixed part", AbortReason.InvalidPduParameterValue);
        }
        var version = r.UInt16();
        r.Skip(2);
        var called = PduText.AeTitle(r.Bytes(16));
        var calling = PduText.AeTitle(r.Bytes(16));
        r.Skip(32);
        return (version, called, calling);
    }

    private static ReadOnlySpan<byte> ReadItem(ref PduSpanReader r, out byte type)
    {
        type = r.Byte();
        r.Skip(1);
        var length = r.UInt16();
        return r.Bytes(length);
    }

    private static T Once<T>(T? existing, T value, string what) where T : class =>
        existing is null ? value : throw new PduException($"More than one {what} item", AbortReason.UnexpectedPduParameter);

    private static void CheckContextId(byte id, IEnumerable<byte> seen)
    {
        if ((id & 1) == 0)
        {
            throw new PduException($"Presentation context id {id} is even; ids are odd numbers 1-255", AbortReason.InvalidPduParameterValue);
        }
        if (seen.Contains(id))
        {
            throw new PduException($"Presentation context id {id} appears twice", AbortReason.InvalidPduParameterValue);
        }
    }

    private static PresentationContextProposal DecodeProposal(ReadOnlySpan<byte> item)
    {
        var r = new PduSpanReader(item, "Presentation context item");
        var id = r.Byte();
        r.Skip(3);
        string? abstractSyntax = null;
        var syntaxes = new List<string>();
        while (!r.AtEnd)
        {
            var sub = ReadItem(ref r, out var type);
            switch (type)
            {
                case ItemType.AbstractSyntax:
                    abstractSyntax = Once(abstractSyntax, PduText.Uid(sub), "abstract syntax");
                    break;
                case ItemType.TransferSyntax:
                    syntaxes.Add(PduText.Uid(sub));
                    break;
                default:
                    break;
            }
        }
        if (string.IsNullOrEmpty(abstractSyntax) || syntaxes.Count == 0)
        {
            throw new PduException($"Presentation context {id} lacks an abstract syntax or a transfer syntax", AbortReason.InvalidPduParameterValue);
        }
        return new PresentationContextProposal(id, abstractSyntax, syntaxes);
    }

    private static PresentationContextResult DecodeResult(ReadOnlySpan<byte> item)
    {
        var r = new PduSpanReader(item, "Presentation context item");
        var id = r.Byte();
        r.Skip(1);
        var result = r.Byte();
        r.Skip(1);
        if (result > (byte)PresentationContextResultReason.TransferSyntaxesNotSupported)
        {
            throw new PduException($"Presentation context {id} has undefined result {result}", AbortReason.InvalidPduParameterValue);
        }
        var syntax = "";
        while (!r.AtEnd)
        {
            var sub = ReadItem(ref r, out var type);
            if (type == ItemType.TransferSyntax)
            {
                syntax = PduText.Uid(sub);
            }
        }
        if (result == 0 && syntax.Length == 0)
        {
            throw new PduException($"Presentation context {id} is accepted without a transfer syntax", AbortReason.InvalidPduParameterValue);
        }
        return new PresentationContextResult(id, (PresentationContextResultReason)result, syntax);
    }

    private static UserInformation DecodeUserInformation(ReadOnlySpan<byte> item)
    {
        var r = new PduSpanReader(item, "User information item");
        uint max = 0;
        string? classUid = null, versionName = null;
        AsyncOperationsWindow? window = null;
        var roles = new List<RoleSelection>();
        var extended = new List<ExtendedNegotiation>();
        var common = new List<CommonExtendedNegotiation>();
        UserIdentityRequest? identity = null;
        UserIdentityResponse? identityResponse = null;
        while (!r.AtEnd)
        {
            var sub = ReadItem(ref r, out var type);
            var s = new PduSpanReader(sub, $"User information sub-item 0x{type:X2}");
            switch (type)
            {
                case ItemType.MaximumLength:
                    max = s.UInt32();
                    break;
                case ItemType.ImplementationClassUid:
                    classUid = PduText.Uid(sub);
                    break;
                case ItemType.ImplementationVersionName:
                    versionName = PduText.Uid(sub);
                    break;
                case ItemType.AsynchronousOperationsWindow:
                    window = new AsyncOperationsWindow(s.UInt16(), s.UInt16());
                    break;
                case ItemType.RoleSelection:
                    roles.Add(new RoleSelection(PduText.Uid(s.LengthPrefixed()), s.Byte() != 0, s.Byte() != 0));
                    break;
                case ItemType.SopClassExtendedNegotiation:
                    extended.Add(new ExtendedNegotiation(PduText.Uid(s.LengthPrefixed()), s.Bytes(s.Remaining).ToArray()));
                    break;
                case ItemType.SopClassCommonExtendedNegotiation:
                    common.Add(DecodeCommonExtended(ref s));
                    break;
                case ItemType.UserIdentityRequest:
                    var idType = s.Byte();
                    var positive = s.Byte() != 0;
                    identity = new UserIdentityRequest((UserIdentityType)idType, positive, s.LengthPrefixed().ToArray(), s.LengthPrefixed().ToArray());
                    break;
                case ItemType.UserIdentityResponse:
                    identityResponse = new UserIdentityResponse(s.LengthPrefixed().ToArray());
                    break;
                default:
                    break;
            }
        }
        return new UserInformation
        {
            MaxPduLength = max,
            ImplementationClassUid = classUid,
            ImplementationVersionName = versionName,
            AsyncOperations = window,
            RoleSelections = roles,
            ExtendedNegotiations = extended,
            CommonExtendedNegotiations = common,
            UserIdentity = identity,
            UserIdentityResponse = identityResponse,
        };
    }

    private static CommonExtendedNegotiation DecodeCommonExtended(ref PduSpanReader s)
    {
        var sop = PduText.Uid(s.LengthPrefixed());
        var service = PduText.Uid(s.LengthPrefixed());
        var related = new PduSpanReader(s.LengthPrefixed(), "Related general SOP class list");
        var list = new List<string>();
        while (!related.AtEnd)
        {
            list.Add(PduText.Uid(related.LengthPrefixed()));
        }
        return new CommonExtendedNegotiation(sop, service, list);
    }
}
