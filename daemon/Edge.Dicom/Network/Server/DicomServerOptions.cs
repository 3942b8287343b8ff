using System.Net;

namespace Edge.Dicom.Network;

/// <summary>Listener settings of a <see cref="DicomServer"/>. Validated when the server starts.</summary>
public sealed class DicomServerOptions
{
    /// <summary>Address to listen on. Default 127.0.0.1: exposing the port is an explicit decision.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port. Default 11112 (the registered DICOM port, unprivileged); 0 picks a free one.</summary>
    public int Port { get; set; } = 11112;

    /// <summary>Associations served at once; requests beyond are rejected as transient (local limit exceeded). Default 32.</summary>
    public int MaxAssociations { get; set; } = 32;

    /// <summary>
    /// ARTIM timer (PS3.8 9.1.5): how long a new connection may take to send its A-ASSOCIATE-RQ, and how long we
    /// wait for the peer to close after a reject, release or abort. Default 30 s.
    /// </summary>
    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an established association may stay silent, including in the middle of a PDU or a message, and how
    /// long a peer may take to answer or to take our data. The association is aborted when it expires. Default 120 s.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>The maximum PDU length we announce, i.e. the largest P-DATA-TF we accept. Default 256 KiB.</summary>
    public uint MaxPduLength { get; set; } = 256 * 1024;

    /// <summary>Largest C-FIND/C-GET/C-MOVE identifier accepted; larger ones are refused with 0xA700. Default 1 MiB.</summary>
    public int MaxIdentifierLength { get; set; } = 1024 * 1024;

    /// <summary>On stop, how long running associations may go on before they are aborted. Default 10 s.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Connect timeout of the sub-associations a C-MOVE opens to its destination. Default 10 s.</summary>
    public TimeSpan MoveConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Disable Nagle on accepted sockets: DIMSE is request/response and small PDUs must not wait. Default true.</summary>
    public bool NoDelay { get; set; } = true;

    /// <summary>Lowest and highest maximum PDU lengths accepted in configuration.</summary>
    public const uint MinPduLength = 4096, MaxPduLengthLimit = 4 * 1024 * 1024;

    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (!IPAddress.TryParse(BindAddress, out _))
        {
            throw new ArgumentException($"BindAddress '{BindAddress}' is not an IP address");
        }
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Port {Port} is outside 0-65535");
        }
        if (MaxAssociations < 1)
        {
            throw new ArgumentException("MaxAssociations must be at least 1");
        }
        if (MaxPduLength is < MinPduLength or > MaxPduLengthLimit)
        {
            throw new ArgumentException($"MaxPduLength {MaxPduLength} is outside {MinPduLength}-{MaxPduLengthLimit}");
        }
        if (MaxIdentifierLength < 1024)
        {
            throw new ArgumentException("MaxIdentifierLength must be at least 1024 bytes");
        }
        foreach (var (name, value) in new[] { ("ArtimTimeout", ArtimTimeout), ("IdleTimeout", IdleTimeout), ("MoveConnectTimeout", MoveConnectTimeout) })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentException($"{name} must be positive");
            }
        }
        if (StopGracePeriod < TimeSpan.Zero)
        {
            throw new ArgumentException("StopGracePeriod must not be negative");
        }
    }
}
