namespace Edge.Dicom.Network;

/// <summary>A-ASSOCIATE-RQ (PS3.8 9.3.2). AE titles are held trimmed of their space padding.</summary>
public sealed record AssociateRequest
{
    /// <summary>The DICOM application context name, the only one defined (PS3.7 A.2.1).</summary>
    public const string DicomApplicationContext = "1.2.840.10008.3.1.1.1";

    /// <summary>Bit 0 set means version 1, the only version (PS3.8 9.3.2).</summary>
    public ushort ProtocolVersion { get; init; } = 1;

    public required string CalledAeTitle { get; init; }

    public required string CallingAeTitle { get; init; }

    public string ApplicationContextName { get; init; } = DicomApplicationContext;

    public required IReadOnlyList<PresentationContextProposal> PresentationContexts { get; init; }

    public UserInformation UserInformation { get; init; } = new();
}

/// <summary>A-ASSOCIATE-AC (PS3.8 9.3.3). The AE title fields echo the request's.</summary>
public sealed record AssociateAccept
{
    public ushort ProtocolVersion { get; init; } = 1;

    public required string CalledAeTitle { get; init; }

    public required string CallingAeTitle { get; init; }

    public string ApplicationContextName { get; init; } = AssociateRequest.DicomApplicationContext;

    public required IReadOnlyList<PresentationContextResult> PresentationContexts { get; init; }

    public UserInformation UserInformation { get; init; } = new();
}

/// <summary>Result field of an A-ASSOCIATE-RJ.</summary>
public enum RejectResult : byte
{
    Permanent = 1,
    Transient = 2,
}

/// <summary>Source field of an A-ASSOCIATE-RJ; the meaning of the reason depends on it.</summary>
public enum RejectSource : byte
{
    ServiceUser = 1,
    ServiceProviderAcse = 2,
    ServiceProviderPresentation = 3,
}

/// <summary>A-ASSOCIATE-RJ (PS3.8 9.3.4) with the well-known combinations named.</summary>
public sealed record AssociateReject(RejectResult Result, RejectSource Source, byte Reason)
{
    public static AssociateReject NoReasonGiven { get; } = new(RejectResult.Permanent, RejectSource.ServiceUser, 1);
    public static AssociateReject ApplicationContextNotSupported { get; } = new(RejectResult.Permanent, RejectSource.ServiceUser, 2);
    public static AssociateReject CallingAeNotRecognized { get; } = new(RejectResult.Permanent, RejectSource.ServiceUser, 3);
    public static AssociateReject CalledAeNotRecognized { get; } = new(RejectResult.Permanent, RejectSource.ServiceUser, 7);
    public static AssociateReject ProtocolVersionNotSupported { get; } = new(RejectResult.Permanent, RejectSource.ServiceProviderAcse, 2);
    public static AssociateReject TemporaryCongestion { get; } = new(RejectResult.Transient, RejectSource.ServiceProviderPresentation, 1);
    public static AssociateReject LocalLimitExceeded { get; } = new(RejectResult.Transient, RejectSource.ServiceProviderPresentation, 2);

    /// <summary>The reason in words, as PS3.8 Table 9-21 names it.</summary>
    public string Describe() => (Source, Reason) switch
    {
        (RejectSource.ServiceUser, 1) => "no reason given",
        (RejectSource.ServiceUser, 2) => "application context name not supported",
        (RejectSource.ServiceUser, 3) => "calling AE title not recognized",
        (RejectSource.ServiceUser, 7) => "called AE title not recognized",
        (RejectSource.ServiceProviderAcse, 1) => "no reason given",
        (RejectSource.ServiceProviderAcse, 2) => "protocol version not supported",
        (RejectSource.ServiceProviderPresentation, 1) => "temporary congestion",
        (RejectSource.ServiceProviderPresentation, 2) => "local limit exceeded",
        _ => $"reason {Reason}",
    };
}

/// <summary>Source field of an A-ABORT.</summary>
public enum AbortSource : byte
{
    ServiceUser = 0,
    ServiceProvider = 2,
}

/// <summary>Reason field of an A-ABORT (meaningful when the source is the service provider).</summary>
public enum AbortReason : byte
{
    NotSpecified = 0,
    UnrecognizedPdu = 1,
    UnexpectedPdu = 2,
    UnrecognizedPduParameter = 4,
    UnexpectedPduParameter = 5,
    InvalidPduParameterValue = 6,
}

/// <summary>A-ABORT (PS3.8 9.3.8).</summary>
public sealed record AssociateAbort(AbortSource Source, AbortReason Reason);
