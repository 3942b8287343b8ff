using Edge.Dicom.Data;

namespace Edge.Dicom.Network;

/// <summary>Settings of the SCU side (<see cref="DicomClient"/>). Validated when a client is created.</summary>
public sealed class DicomClientOptions
{
    /// <summary>Our AE title when the caller does not give one. Default "EDGE".</summary>
    public string CallingAeTitle { get; set; } = "EDGE";

    /// <summary>How long the TCP connection may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>ARTIM: how long the peer may take to answer an A-ASSOCIATE-RQ or A-RELEASE-RQ. Default 30 s.</summary>
    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the peer may stay silent while we wait for a response (each PDU of it), and how long it may take to
    /// accept our data. The association is aborted when it expires. Default 120 s.
    /// </summary>
    public TimeSpan DimseTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>The maximum PDU length we announce (largest P-DATA-TF we accept). Default 256 KiB.</summary>
    public uint MaxPduLength { get; set; } = 256 * 1024;

    /// <summary>Largest C-FIND identifier or final C-GET/C-MOVE identifier accepted from the peer. Default 16 MiB.</summary>
    public int MaxIdentifierLength { get; set; } = 16 * 1024 * 1024;

    /// <summary>User identity to present (PS3.7 D.3.3.7), for peers that require one; none by default. Credentials: never log.</summary>
    public UserIdentityRequest? UserIdentity { get; set; }

    /// <summary>Disable Nagle: DIMSE is request/response. Default true.</summary>
    public bool NoDelay { get; set; } = true;

    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(CallingAeTitle) || CallingAeTitle.Length > 16)
        {
            throw new ArgumentException($"CallingAeTitle '{CallingAeTitle}' must have 1 to 16 characters");
        }
        if (MaxPduLength is < DicomServerOptions.MinPduLength or > DicomServerOptions.MaxPduLengthLimit)
        {
            throw new ArgumentException($"MaxPduLength {MaxPduLength} is outside {DicomServerOptions.MinPduLength}-{DicomServerOptions.MaxPduLengthLimit}");
        }
        if (ConnectTimeout <= TimeSpan.Zero || ArtimTimeout <= TimeSpan.Zero || DimseTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Timeouts must be positive");
        }
        if (MaxIdentifierLength < 1024)
        {
            throw new ArgumentException("MaxIdentifierLength must be at least 1024 bytes");
        }
    }
}

/// <summary>
/// A presentation context to propose: an abstract syntax and the transfer syntaxes we can use for it, in order of
/// preference. Setting <see cref="ScuRole"/> or <see cref="ScpRole"/> adds a role selection item for the SOP class
/// (a C-GET requestor proposes the storage SOP classes with <c>ScpRole = true</c>).
/// </summary>
public sealed record ContextProposal(string AbstractSyntax, params TransferSyntax[] TransferSyntaxes)
{
    public bool? ScuRole { get; init; }

    public bool? ScpRole { get; init; }
}

/// <summary>A C-GET or C-MOVE response as the requestor sees it.</summary>
public sealed record RetrieveResponse(DicomStatus Status, int? Remaining, int? Completed, int? Failed, int? Warning,
    string? ErrorComment = null, IReadOnlyList<string>? FailedSopInstanceUids = null);
