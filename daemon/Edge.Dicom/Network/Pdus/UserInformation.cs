namespace Edge.Dicom.Network;

/// <summary>Asynchronous operations window sub-item (PS3.7 D.3.3.3); 0 means unlimited.</summary>
public sealed record AsyncOperationsWindow(ushort MaxOperationsInvoked, ushort MaxOperationsPerformed);

/// <summary>SCP/SCU role selection sub-item (PS3.7 D.3.3.4): the roles the requestor asks for (or the acceptor grants) for one SOP class.</summary>
public sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);

/// <summary>SOP class extended negotiation sub-item (PS3.7 D.3.3.5): service-class-specific bytes, kept opaque.</summary>
public sealed record ExtendedNegotiation(string SopClassUid, byte[] ServiceClassApplicationInformation);

/// <summary>SOP class common extended negotiation sub-item (PS3.7 D.3.3.6), request only.</summary>
public sealed record CommonExtendedNegotiation(string SopClassUid, string ServiceClassUid, IReadOnlyList<string> RelatedGeneralSopClasses);

/// <summary>User identity types (PS3.7 D.3.3.7).</summary>
public enum UserIdentityType : byte
{
    Username = 1,
    UsernameAndPasscode = 2,
    KerberosServiceTicket = 3,
    SamlAssertion = 4,
    JsonWebToken = 5,
}

/// <summary>
/// User identity negotiation request sub-item (PS3.7 D.3.3.7.1). The fields are credentials: never log them.
/// </summary>
public sealed record UserIdentityRequest(UserIdentityType Type, bool PositiveResponseRequested, byte[] PrimaryField, byte[] SecondaryField)
{
    public override string ToString() => $"UserIdentityRequest {{ Type = {Type}, PositiveResponseRequested = {PositiveResponseRequested} }}";
}

/// <summary>User identity negotiation response sub-item (PS3.7 D.3.3.7.2).</summary>
public sealed record UserIdentityResponse(byte[] ServerResponse)
{
    public override string ToString() => $"UserIdentityResponse {{ {ServerResponse.Length} bytes }}";
}

/// <summary>The user information item (PS3.8 9.3.2.3 and PS3.7 Annex D) of an A-ASSOCIATE-RQ or -AC.</summary>
public sealed record UserInformation
{
    /// <summary>The largest P-DATA-TF variable field the sender of this item accepts; 0 means no limit.</summary>
    public uint MaxPduLength { get; init; }

    public string? ImplementationClassUid { get; init; }

    public string? ImplementationVersionName { get; init; }

    public AsyncOperationsWindow? AsyncOperations { get; init; }

    public IReadOnlyList<RoleSelection> RoleSelections { get; init; } = [];

    public IReadOnlyList<ExtendedNegotiation> ExtendedNegotiations { get; init; } = [];

    /// <summary>Only in a request.</summary>
    public IReadOnlyList<CommonExtendedNegotiation> CommonExtendedNegotiations { get; init; } = [];

    /// <summary>Only in a request.</summary>
    public UserIdentityRequest? UserIdentity { get; init; }

    /// <summary>Only in an accept, and only when the requestor asked for a positive response.</summary>
    public UserIdentityResponse? UserIdentityResponse { get; init; }
}
