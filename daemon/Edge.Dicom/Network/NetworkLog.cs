using System.Net;
using Microsoft.Extensions.Logging;

namespace Edge.Dicom.Network;

/// <summary>
/// Log events of the network layer. They name AE titles, addresses, SOP instance UIDs and statuses, never patient
/// data; protocol problems are described by structure (lengths, types), not by values.
/// </summary>
internal static partial class NetworkLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "DICOM server listening on {EndPoint} (at most {MaxAssociations} associations)")]
    public static partial void ServerListening(ILogger logger, EndPoint? endPoint, int maxAssociations);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "DICOM server stopping; {Running} connections still open")]
    public static partial void ServerStopping(ILogger logger, int running);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Grace period over: aborting {Running} associations")]
    public static partial void ServerAbortingAssociations(ILogger logger, int running);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "DICOM server stopped")]
    public static partial void ServerStopped(ILogger logger);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Accepting a connection failed: {Problem}")]
    public static partial void AcceptFailed(ILogger logger, string problem);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "Association requested by {CallingAe} for {CalledAe} from {Remote} with {Contexts} presentation contexts")]
    public static partial void AssociationRequested(ILogger logger, string callingAe, string calledAe, IPEndPoint? remote, int contexts);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Association accepted: {CallingAe} -> {CalledAe} from {Remote}, {Accepted} of {Proposed} contexts, peer max PDU {PeerMaxPdu}")]
    public static partial void AssociationAccepted(ILogger logger, string callingAe, string calledAe, IPEndPoint? remote, int accepted, int proposed, uint peerMaxPdu);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Association rejected: {CallingAe} -> {CalledAe} from {Remote}: {Rejection} ({Reason})")]
    public static partial void AssociationRejected(ILogger logger, string callingAe, string calledAe, IPEndPoint? remote, string rejection, string reason);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "Association released: {Association}")]
    public static partial void AssociationReleased(ILogger logger, string association);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Warning, Message = "Association with {Remote} aborted by the peer (source {Source}, reason {Reason})")]
    public static partial void AbortedByPeer(ILogger logger, IPEndPoint? remote, AbortSource source, AbortReason reason);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning, Message = "Aborting association with {Remote}: {Problem}")]
    public static partial void Aborting(ILogger logger, IPEndPoint? remote, string problem);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Warning, Message = "Association with {Remote} timed out: {Problem}")]
    public static partial void TimedOut(ILogger logger, IPEndPoint? remote, string problem);

    [LoggerMessage(EventId = 3017, Level = LogLevel.Information, Message = "Connection with {Remote} ended without release: {Problem}")]
    public static partial void ConnectionLost(ILogger logger, IPEndPoint? remote, string problem);

    [LoggerMessage(EventId = 3018, Level = LogLevel.Error, Message = "Association with {Remote} failed unexpectedly")]
    public static partial void AssociationFailed(ILogger logger, Exception exception, IPEndPoint? remote);

    [LoggerMessage(EventId = 3019, Level = LogLevel.Error, Message = "The association acceptor failed on a request from {CallingAe} for {CalledAe}")]
    public static partial void AcceptorFailed(ILogger logger, Exception exception, string callingAe, string calledAe);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Association with {Remote} aborted: server stopping")]
    public static partial void AbortedForStop(ILogger logger, IPEndPoint? remote);

    // Received instances are named by message id: their SOP Instance UID is the sender's, not yet pseudonymised.
    [LoggerMessage(EventId = 3030, Level = LogLevel.Debug, Message = "C-STORE message {MessageId} from {CallingAe}: {Status}")]
    public static partial void StoreCompleted(ILogger logger, ushort messageId, string callingAe, DicomStatus status);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Error, Message = "The {Service} provider failed on {Subject}")]
    public static partial void ProviderError(ILogger logger, Exception exception, string service, string subject);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Error, Message = "Discarding the partial data set of C-STORE message {MessageId} failed")]
    public static partial void DiscardFailed(ILogger logger, Exception exception, ushort messageId);

    [LoggerMessage(EventId = 3033, Level = LogLevel.Information, Message = "{Service} from {CallingAe} finished: {Status}, {Completed} completed, {Failed} failed, {Warning} warnings")]
    public static partial void RetrieveCompleted(ILogger logger, string service, string callingAe, DicomStatus status, int completed, int failed, int warning);

    [LoggerMessage(EventId = 3034, Level = LogLevel.Information, Message = "C-FIND from {CallingAe} finished: {Status}, {Matches} matches")]
    public static partial void FindCompleted(ILogger logger, string callingAe, DicomStatus status, int matches);

    [LoggerMessage(EventId = 3035, Level = LogLevel.Warning, Message = "C-MOVE from {CallingAe}: destination {DestinationAe} unknown")]
    public static partial void MoveDestinationUnknown(ILogger logger, string callingAe, string destinationAe);

    [LoggerMessage(EventId = 3036, Level = LogLevel.Warning, Message = "C-MOVE sub-association to {Destination} failed: {Problem}")]
    public static partial void MoveSubAssociationFailed(ILogger logger, DicomPeer destination, string problem);

    [LoggerMessage(EventId = 3037, Level = LogLevel.Warning, Message = "No accepted presentation context can carry {SopClassUid} in {TransferSyntax}")]
    public static partial void NoContextForInstance(ILogger logger, string sopClassUid, string transferSyntax);

    [LoggerMessage(EventId = 3040, Level = LogLevel.Warning, Message = "C-GET cannot send {SopClassUid}: the requestor did not take the storage SCP role for it")]
    public static partial void NoScpRole(ILogger logger, string sopClassUid);

    [LoggerMessage(EventId = 3038, Level = LogLevel.Warning, Message = "Sub-operation for {SopInstanceUid} failed: {Problem}")]
    public static partial void SubOperationFailed(ILogger logger, string sopInstanceUid, string problem);

    [LoggerMessage(EventId = 3039, Level = LogLevel.Warning, Message = "Unexpected {Command} from {Remote} ignored")]
    public static partial void UnexpectedMessage(ILogger logger, string command, IPEndPoint? remote);

    [LoggerMessage(EventId = 3050, Level = LogLevel.Debug, Message = "Associated as {CallingAe} with {CalledAe} at {Host}:{Port}, {Accepted} of {Proposed} contexts accepted")]
    public static partial void ClientAssociated(ILogger logger, string callingAe, string calledAe, string host, int port, int accepted, int proposed);

    [LoggerMessage(EventId = 3051, Level = LogLevel.Debug, Message = "Association with {CalledAe} released")]
    public static partial void ClientReleased(ILogger logger, string calledAe);

    [LoggerMessage(EventId = 3052, Level = LogLevel.Warning, Message = "Association with {CalledAe} ended: {Problem}")]
    public static partial void ClientFailed(ILogger logger, string calledAe, string problem);
}
