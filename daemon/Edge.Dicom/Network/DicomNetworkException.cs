namespace Edge.Dicom.Network;

/// <summary>Root of the network layer's exceptions: the association cannot go on as it was.</summary>
public class DicomNetworkException : DicomException
{
    public DicomNetworkException(string message) : base(message) { }
    public DicomNetworkException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>A PDU that is malformed or not allowed in the current state: the association is aborted with <see cref="Reason"/>.</summary>
public sealed class PduException : DicomNetworkException
{
    public PduException(string message, AbortReason reason) : base(message) => Reason = reason;

    public AbortReason Reason { get; }
}

/// <summary>The peer rejected our A-ASSOCIATE-RQ.</summary>
public sealed class AssociationRejectedException(AssociateReject reject)
    : DicomNetworkException($"Association rejected ({reject.Result}, {reject.Source}): {reject.Describe()}")
{
    public AssociateReject Reject { get; } = reject;
}

/// <summary>The peer sent an A-ABORT.</summary>
public sealed class AssociationAbortedException(AssociateAbort abort)
    : DicomNetworkException($"Association aborted by the peer (source {abort.Source}, reason {abort.Reason})")
{
    public AssociateAbort Abort { get; } = abort;
}

/// <summary>The peer closed the connection without a release or an abort.</summary>
public sealed class ConnectionClosedException(string message) : DicomNetworkException(message);

/// <summary>A timer expired: ARTIM, idle (no PDU for too long), DIMSE response or connect timeout.</summary>
public sealed class DicomNetworkTimeoutException(string message) : DicomNetworkException(message);

/// <summary>
/// No accepted presentation context can carry what was asked (a SOP class, or an instance in its stored syntax).
/// The association is unaffected.
/// </summary>
public sealed class NoPresentationContextException(string sopClassUid, Data.TransferSyntax? syntax)
    : DicomException($"No accepted presentation context for SOP class {sopClassUid}" + (syntax is null ? "" : $" in {syntax.Name} or a syntax it converts to"))
{
    public string SopClassUid { get; } = sopClassUid;
}
