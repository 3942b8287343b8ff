namespace Edge.Dicom.Network;

/// <summary>Bounds on the PDU length we send, whatever the peer announces.</summary>
internal static class PduLimits
{
    /// <summary>Cap on the P-DATA-TF we send, so a peer announcing a huge (or no) maximum does not make us buffer much.</summary>
    public const uint SendCap = 1024 * 1024;

    /// <summary>Smallest maximum a peer may announce and still get data from us.</summary>
    public const uint MinPeerMaximum = 64;

    /// <summary>The P-DATA-TF length to send given the peer's maximum (0: none) and our own.</summary>
    public static uint SendLength(uint peerMaximum, uint ourMaximum) =>
        peerMaximum == 0 ? Math.Min(ourMaximum, SendCap) : Math.Min(peerMaximum, SendCap);
}
