namespace Edge.Dicom.Network;

/// <summary>How an association ended, as told to its service provider.</summary>
public enum AssociationEndReason
{
    /// <summary>Released in good order (A-RELEASE).</summary>
    Released,

    /// <summary>The peer sent an A-ABORT.</summary>
    AbortedByPeer,

    /// <summary>We aborted: malformed or unexpected input, or the server stopping.</summary>
    Aborted,

    /// <summary>The ARTIM or idle timer expired.</summary>
    TimedOut,

    /// <summary>The connection closed or failed without a release or abort.</summary>
    ConnectionLost,
}

/// <summary>
/// The per-association object an acceptor returns with its acceptance. It implements the service interfaces below
/// for the services it offers; the engine calls it for that association only and disposes it (when it is
/// disposable) after <see cref="OnAssociationEndedAsync"/>.
/// </summary>
public interface IDicomServiceProvider
{
    /// <summary>Called once when the association is over, before disposal.</summary>
    ValueTask OnAssociationEndedAsync(AssociationEndReason reason) => ValueTask.CompletedTask;
}

/// <summary>Verification SCP. Without it the engine answers C-ECHO with success itself.</summary>
public interface ICEchoProvider : IDicomServiceProvider
{
    ValueTask<DimseResult> OnCEchoAsync(CEchoRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// Storage SCP. When a C-STORE-RQ arrives the engine asks for a destination, writes every fragment of the data set
/// into it as it arrives, then hands it back for processing. The provider owns the stream it returned: it disposes
/// it in <see cref="OnReceivedAsync"/> or <see cref="OnReceiveAbortedAsync"/>, exactly one of which is called.
/// </summary>
public interface ICStoreProvider : IDicomServiceProvider
{
    /// <summary>
    /// A writable stream for the data set (bare, in <see cref="DimseRequest.TransferSyntax"/>), typically a spool
    /// file. Throw <see cref="DimseStatusException"/> to refuse the instance; the data set is then read and dropped.
    /// </summary>
    ValueTask<Stream> OpenReceiveStreamAsync(CStoreRequest request, CancellationToken cancellationToken);

    /// <summary>The whole data set is in the stream (flushed): process it and give the status to send back.</summary>
    ValueTask<DimseResult> OnReceivedAsync(CStoreRequest request, Stream received, CancellationToken cancellationToken);

    /// <summary>
    /// The data set will not be completed (the association died, or writing to the stream failed): discard what
    /// was written. Must not throw.
    /// </summary>
    ValueTask OnReceiveAbortedAsync(CStoreRequest request, Stream partial);
}

/// <summary>
/// A C-FIND response from a provider: <see cref="DicomStatus.Pending"/> (or <see cref="DicomStatus.PendingWarning"/>)
/// with a matching identifier, or a final status.
/// </summary>
public sealed record CFindResponse(DicomStatus Status, Data.DicomDataset? Identifier = null, string? ErrorComment = null)
{
    public static CFindResponse Match(Data.DicomDataset identifier) => new(DicomStatus.Pending, identifier);
}

/// <summary>
/// Query SCP. Yield pending responses with matches; ending the sequence means success, and a yielded final status
/// ends it early. The token is cancelled by a C-CANCEL-RQ (the engine then answers Cancel) or by the association ending.
/// </summary>
public interface ICFindProvider : IDicomServiceProvider
{
    IAsyncEnumerable<CFindResponse> OnCFindAsync(CFindRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// Retrieve SCP with C-GET: the provider says which instances match; the engine sends them as C-STORE
/// sub-operations on the same association, reports progress and honours C-CANCEL.
/// </summary>
public interface ICGetProvider : IDicomServiceProvider
{
    /// <summary>The instances to send; throw <see cref="DimseStatusException"/> to refuse the request.</summary>
    ValueTask<RetrieveSet> OnCGetAsync(CGetRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// Retrieve SCP with C-MOVE: the provider resolves the destination AE and says which instances match; the engine
/// opens a sub-association to the destination and sends them.
/// </summary>
public interface ICMoveProvider : IDicomServiceProvider
{
    /// <summary>Where the Move Destination AE title lives; null when unknown (answered with 0xA801).</summary>
    ValueTask<DicomPeer?> ResolveMoveDestinationAsync(CMoveRequest request, CancellationToken cancellationToken);

    /// <summary>The instances to send; throw <see cref="DimseStatusException"/> to refuse the request.</summary>
    ValueTask<RetrieveSet> OnCMoveAsync(CMoveRequest request, CancellationToken cancellationToken);
}

/// <summary>A remote application entity: where to connect and the AE title to call.</summary>
public sealed record DicomPeer(string Host, int Port, string AeTitle);
