namespace Edge.Dicom.Network;

/// <summary>
/// The one place where exceptions become protocol answers: a DIMSE status for a failed operation, an A-ABORT
/// reason for a broken association, and how the association's end is reported.
/// </summary>
internal static class DimseErrors
{
    /// <summary>The response status for an exception raised while serving <paramref name="request"/>.</summary>
    public static DimseResult ToResult(Exception ex, CommandField request) => ex switch
    {
        DimseStatusException s => s.Result,
        DicomReadException r => new DimseResult(
            request == CommandField.CStoreRequest ? DicomStatus.CannotUnderstand : DicomStatus.DataSetDoesNotMatchSopClass,
            r.Problem, r.Tag is { } t ? [t] : null),
        DicomException d => new DimseResult(DicomStatus.CannotUnderstand, d.Message),
        IOException or UnauthorizedAccessException => new DimseResult(DicomStatus.OutOfResources, "Local storage failure"),
        OperationCanceledException => new DimseResult(DicomStatus.Cancel),
        _ => new DimseResult(DicomStatus.ProcessingFailure, "Internal error"),
    };

    /// <summary>True for exceptions that are not ours nor expected I/O failures: bugs worth an error log with the stack.</summary>
    public static bool IsUnexpected(Exception ex) =>
        ex is not (DicomException or IOException or UnauthorizedAccessException or OperationCanceledException);

    /// <summary>The A-ABORT to send when the association breaks with <paramref name="ex"/>; null when nothing should be sent.</summary>
    public static AssociateAbort? ToAbort(Exception ex) => ex switch
    {
        PduException p => new AssociateAbort(AbortSource.ServiceProvider, p.Reason),
        DicomNetworkTimeoutException => new AssociateAbort(AbortSource.ServiceProvider, AbortReason.NotSpecified),
        AssociationAbortedException or ConnectionClosedException => null,
        _ => new AssociateAbort(AbortSource.ServiceUser, AbortReason.NotSpecified),
    };

    public static AssociationEndReason ToEndReason(Exception ex) => ex switch
    {
        AssociationAbortedException => AssociationEndReason.AbortedByPeer,
        DicomNetworkTimeoutException => AssociationEndReason.TimedOut,
        ConnectionClosedException => AssociationEndReason.ConnectionLost,
        _ => AssociationEndReason.Aborted,
    };
}
