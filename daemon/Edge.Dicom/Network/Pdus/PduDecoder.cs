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
        var r = new PduSpanReader(body, "A-ASSOCIATE-RQ");
        var (version, called, calling) = ReadFixedPart(ref r, body.Length, "A-ASSOCIATE-RQ");
        string? context = null;
        var contexts = new List<PresentationContextProposal>();
        UserInformation? user = null;
        while (!r.AtEnd)
        {
            var item = ReadItem(ref r, out var type);
            switch (type)
            {
                case ItemType.ApplicationContext:
                    context = Once(context, PduText.Uid(item), "application context");
                    break;
                case ItemType.PresentationContextRequest:
                    var pc = DecodeProposal(item);
                    CheckContextId(pc.Id, contexts.Select(c => c.Id));
                    contexts.Add(pc);
                    break;
                case ItemType.UserInformation:
                    user = Once(user, DecodeUserInformation(item), "user information");
                    break;
                default:
                    break;
            }
        }
        if (context is null)
        {
            throw new PduException("A-ASSOCIATE-RQ has no application context item", AbortReason.InvalidPduParameterValue);
        }
        if (contexts.Count == 0)
        {
            throw new PduException("A-ASSOCIATE-RQ proposes no presentation context", AbortReason.InvalidPduParameterValue);
        }
        return new AssociateRequest
        {
            ProtocolVersion = version,
            CalledAeTitle = called,
            CallingAeTitle = calling,
            ApplicationContextName = context,
            PresentationContexts = contexts,
            UserInformation = user ?? new UserInformation(),
        };
    }

    public static AssociateAccept DecodeAssociateAccept(ReadOnlySpan<byte> body)
    {
        var r = new PduSpanReader(body, "A-ASSOCIATE-AC");
        var (version, called, calling) = ReadFixedPart(ref r, body.Length, "A-ASSOCIATE-AC");
        string? context = null;
        var contexts = new List<PresentationContextResult>();
        UserInformation? user = null;
        while (!r.AtEnd)
        {
            var item = ReadItem(ref r, out var type);
            switch (type)
            {
                case ItemType.ApplicationContext:
                    context = Once(context, PduText.Uid(item), "application context");
                    break;
                case ItemType.PresentationContextAccept:
                    var pc = DecodeResult(item);
                    CheckContextId(pc.Id, contexts.Select(c => c.Id));
                    contexts.Add(pc);
                    break;
                case ItemType.UserInformation:
                    user = Once(user, DecodeUserInformation(item), "user information");
                    break;
                default:
                    break;
            }
        }
        if (context is null)
        {
            throw new PduException("A-ASSOCIATE-AC has no application context item", AbortReason.InvalidPduParameterValue);
        }
        return new AssociateAccept
        {
            ProtocolVersion = version,
            CalledAeTitle = called,
            CallingAeTitle = calling,
            ApplicationContextName = context,
            PresentationContexts = contexts,
            UserInformation = user ?? new UserInformation(),
        };
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
